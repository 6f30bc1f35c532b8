import { describe, expect, it } from "vitest";
import { defaultValues, validatePlanMarked, type PlanValues } from "@/lib/config";
import { serverPassesStep, type ServerCheck } from "./server-check";
import { stepOfParam, WIZARD_STEPS } from "./steps";

/** What the page's server does with the values it opens with (app/page.tsx). */
function serverCheck(values: PlanValues): ServerCheck {
  const check = validatePlanMarked(values);
  return { values, problems: check.ok ? [] : check.problems };
}

describe("serverPassesStep", () => {
  it("passes every step of a plan the server found complete, while the form holds its values", () => {
    const values = { ...defaultValues("postgres"), subnets: "subnet-0a1b2c3d, subnet-4e5f6a7b", sgs: "sg-0a1b2c3d" };
    const check = serverCheck(values);
    expect(check.problems).toEqual([]);
    WIZARD_STEPS.forEach((_, index) => expect(serverPassesStep(check, { ...values }, index)).toBe(true));
  });

  it("leaves a step with a problem to the schema, and passes the steps without one", () => {
    // The defaults lack subnets: the network step has the problem.
    const values = defaultValues("postgres");
    const check = serverCheck(values);
    const failing = stepOfParam("subnets");
    expect(check.problems.some((problem) => problem.param === "subnets")).toBe(true);
    expect(serverPassesStep(check, values, failing)).toBeNull();
    const clean = WIZARD_STEPS.findIndex((step, index) => index !== failing && !check.problems.some((problem) => (step.params as readonly string[]).includes(problem.param)));
    expect(clean).toBeGreaterThanOrEqual(0);
    expect(serverPassesStep(check, values, clean)).toBe(true);
  });

  it("says nothing once any value differs from the ones the server checked, or without a check", () => {
    const values = defaultValues("postgres");
    const check = serverCheck(values);
    expect(serverPassesStep(check, { ...values, name: `${values.name}x` }, 0)).toBeNull();
    expect(serverPassesStep(check, { ...values, immediately: !values.immediately }, 0)).toBeNull();
    expect(serverPassesStep(undefined, values, 0)).toBeNull();
  });
});
