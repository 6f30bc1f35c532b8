import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePlanQuery, encodePlanQuery, planToValues, unusedParams, validatePlan, type Plan } from "@/lib/config";
import { planArbitrary } from "@/tests/support/plan-arbitrary";
import { formValues, landingStep, readFormQuery } from "./form-query";
import { ownerOf } from "./password-owner";
import { builderFromSchedule } from "./schedule-form";
import { FORM_PARAMS, REVIEW_STEP, stepOfParam } from "./steps";

const SUBNETS = "subnet-0123456789abcdef0,subnet-0fedcba9876543210";
const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-db-AbCdEf";

/**
 * What the browser sends for a plan when its form is submitted without JavaScript: every field the page
 * shows (the parameters the plan uses), the secret as its radio and ARN field, the checkbox only when
 * ticked, and the button pressed.
 */
function submissionOf(plan: Plan, to: string, from = "strategy"): URLSearchParams {
  const values = planToValues(plan);
  const unused = unusedParams(values);
  const form = new URLSearchParams({ from });
  for (const param of FORM_PARAMS) {
    // Whose password rotates, asked before the secret, as the page shows it for this strategy.
    if (param === "secret") form.append("owner", ownerOf(values.strategy));
    // The schedule builder sends all its controls; the mode chosen says which of them count.
    if (param === "days") {
      const builder = builderFromSchedule(values.schedule);
      form.append("schedulemode", builder.mode);
      form.append("days", values.days);
      for (const day of builder.weekdays) form.append("weekday", day);
      form.append("hour", String(builder.hour));
    } else if (param === "schedule") {
      form.append("schedule", builderFromSchedule(values.schedule).custom);
    } else if (unused.has(param)) {
      continue;
    } else if (param === "secret") {
      form.append("secret-mode", values.secret === "new" ? "new" : "existing");
      if (values.secret !== "new") form.append("secret", values.secret);
    } else if (param === "immediately") {
      if (values.immediately) form.append("immediately", "true");
    } else {
      form.append(param, values[param]);
    }
  }
  form.append("to", to);
  return form;
}

const values = planToValues;

describe("readFormQuery", () => {
  it("turns any valid plan's submitted form into the share link's query, which decodes to the same plan", () => {
    fc.assert(
      fc.property(planArbitrary, fc.constantFrom("database", "network", "schedule", "strategy"), (plan, from) => {
        const read = readFormQuery(submissionOf(plan, "review", from));
        expect(read.problems).toEqual([]);
        expect(read.step).toBe(REVIEW_STEP);
        const check = validatePlan(formValues(read.query));
        expect(check).toEqual({ ok: true, plan });
        expect(encodePlanQuery(check.ok ? check.plan : plan)).toBe(encodePlanQuery(plan));
        // Only a typed value the plan does not use, and no default, is there besides the share link's.
        const extra = new URLSearchParams(read.query);
        for (const [param] of new URLSearchParams(encodePlanQuery(plan))) extra.delete(param);
        expect([...extra.keys()].filter((param) => !(param === "days" && values(plan).schedule !== ""))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("leaves a shared link as it came (its problems are the codec's to tell), without the form's own fields", () => {
    const link = `engine=mysql&colour=blue&days=30&days=7&subnets=${SUBNETS}`;
    expect(readFormQuery(link)).toEqual({ query: link, step: null, problems: [] });
    expect(readFormQuery(`?name=x-db&secret-mode=new`).query).toBe("name=x-db");
    expect(readFormQuery("").query).toBe("");
  });

  it("reads the button pressed as the step asked for, and an unknown step as the first one, with a problem", () => {
    expect(readFormQuery("name=app-db&to=network").step).toBe(1);
    expect(readFormQuery("to=review").step).toBe(REVIEW_STEP);
    const unknown = readFormQuery("to=payment");
    expect(unknown.step).toBe(0);
    expect(unknown.problems).toEqual([{ param: "to", message: expect.stringContaining('not "payment"') }]);
  });

  it("drops what equals its default and what the plan does not use, as the share link does", () => {
    // The database step of a fresh form, as the browser sends it.
    const fresh = "name=app-db&engine=postgres&platform=rds&secret-mode=new&subnets=&sgs=&vpc=&dbsg=&endpoint=create&days=30&schedule=&window=&immediately=true&to=network";
    expect(readFormQuery(fresh)).toEqual({ query: "", step: 1, problems: [] });
    // Values the plan does not use are kept as typed, so going back to them finds them again.
    const read = readFormQuery("days=12&schedule=rate(12 hours)&strategy=single&master=&immediately=true&to=strategy");
    expect(read.query).toBe("days=12&schedule=rate(12%20hours)");
    // The function's default source depends on the engine: bundled for MySQL, AWS's template for Oracle.
    expect(readFormQuery("engine=mysql&lambda=bundled&immediately=true&to=review").query).toBe("engine=mysql");
    expect(readFormQuery("engine=oracle&lambda=bundled&immediately=true&to=review").query).toBe("engine=oracle&lambda=bundled");
  });

  it("reads the schedule builder as the wizard does: every N days, weekly on days at an hour, or an expression", () => {
    const builder = "days=7&weekday=MON&weekday=THU&hour=3&schedule=rate(6 hours)&immediately=true&to=strategy";
    expect(formValues(readFormQuery(`schedulemode=every&${builder}`).query)).toMatchObject({ days: "7", schedule: "" });
    expect(formValues(readFormQuery(`schedulemode=weekly&${builder}`).query)).toMatchObject({ days: "7", schedule: "cron(0 3 ? * MON,THU *)" });
    expect(formValues(readFormQuery(`schedulemode=custom&${builder}`).query)).toMatchObject({ days: "7", schedule: "rate(6 hours)" });
    // A weekly schedule without a day is the schema's to refuse, under the field, not the adapter's.
    const noDay = formValues(readFormQuery("schedulemode=weekly&hour=3&immediately=true&to=strategy").query);
    const check = validatePlan(noDay);
    expect(check.ok ? [] : check.problems.map((problem) => problem.param)).toContain("schedule");
  });

  it("takes whose password rotates as the strategy when it was answered on its own step, and the strategy's radio otherwise", () => {
    const form = (owner: string, strategy: string, from: string, platform = "rds") =>
      formValues(readFormQuery(`platform=${platform}&owner=${owner}&strategy=${strategy}&from=${from}&immediately=true&to=network`).query).strategy;
    // Answered on Database: a master user gets managed rotation where AWS offers it, else a function.
    expect(form("master", "single", "database")).toBe("managed");
    expect(form("master", "single", "database", "self-managed")).toBe("single");
    expect(form("app", "managed", "database")).toBe("single");
    expect(form("app", "alternating", "database")).toBe("alternating");
    // Chosen on Strategy, the strategy wins over the question's earlier answer, which the page sent along.
    expect(form("app", "managed", "strategy")).toBe("managed");
    expect(form("master", "single", "strategy")).toBe("single");
    expect(form("master", "alternating", "strategy")).toBe("alternating");
  });

  it("reads an unticked checkbox as false, in a submitted form only", () => {
    expect(readFormQuery("name=app-db&to=strategy").query).toBe("immediately=false");
    expect(readFormQuery("name=app-db&immediately=true&to=strategy").query).toBe("");
    expect(readFormQuery("name=app-db").query).toBe("name=app-db");
    expect(readFormQuery("immediately=on&to=review").problems).toEqual([{ param: "immediately", message: expect.stringContaining('not "on"') }]);
  });

  it("reads the secret's radio: new, or the ARN typed for an existing secret, which must be there", () => {
    expect(readFormQuery(`secret-mode=new&secret=${encodeURIComponent(ARN)}&immediately=true&to=network`).query).toBe("");
    const existing = readFormQuery(`secret-mode=existing&secret=${encodeURIComponent(ARN)}&immediately=true&to=network`);
    expect(existing).toEqual({ query: `secret=${encodeURIComponent(ARN)}`, step: 1, problems: [] });
    expect(decodePlanQuery(existing.query).values.secret).toBe(ARN);

    // Chosen without JavaScript, "existing" shows its ARN field only after a submission: the field asks for it.
    const missing = readFormQuery("secret-mode=existing&immediately=true&to=network");
    expect(missing.problems).toEqual([{ param: "secret", message: expect.stringContaining("Type the ARN of the existing secret") }]);
    expect(formValues(missing.query).secret).toBe("");
    expect(readFormQuery("secret-mode=maybe&immediately=true&to=network").problems.map((problem) => problem.param)).toEqual(["secret"]);
  });

  it("keeps what was typed, valid or not, and reports fields that are not the plan's", () => {
    const read = readFormQuery("name=Bad Name&subnets=subnet-xyz&colour=blue&immediately=true&to=schedule");
    expect(read.problems).toEqual([{ param: "colour", message: expect.stringContaining("colour is not a plan parameter") }]);
    const values = formValues(read.query);
    expect(values.name).toBe("Bad Name");
    expect(values.subnets).toBe("subnet-xyz");
    expect(values.engine).toBe("postgres");
    expect(validatePlan(values).ok).toBe(false);
  });
});

describe("formValues", () => {
  it("takes the defaults of the engine for what is not given", () => {
    const values = formValues("engine=oracle&immediately=false");
    expect(values.lambda).toBe("sar");
    expect(values.immediately).toBe(false);
    expect(values.days).toBe("30");
  });
});

describe("landingStep", () => {
  const problem = (param: string) => ({ param, message: `${param} is wrong` });

  it("stops moving forward at the first step with a problem", () => {
    expect(landingStep(REVIEW_STEP, [problem("window"), problem("subnets")])).toBe(stepOfParam("subnets"));
    expect(landingStep(stepOfParam("schedule"), [problem("name")])).toBe(0);
  });

  it("reaches the step asked for when the steps before it are fine, whatever that step or a later one lacks", () => {
    expect(landingStep(1, [problem("subnets"), problem("master")])).toBe(1);
    expect(landingStep(0, [problem("name")])).toBe(0);
    expect(landingStep(REVIEW_STEP, [problem("to"), problem("colour")])).toBe(REVIEW_STEP);
  });
});
