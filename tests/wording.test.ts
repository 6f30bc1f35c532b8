import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { completePlan, decodePlanQuery, defaultValues, PLAN_PARAMS, unusedParams, validatePlan, validatePlanMarked, type PlanParam, type PlanValues, type Problem } from "@/lib/config";
import { fieldInWords, PARAM_LABELS, settingInWords } from "@/lib/config/labels";
import { either, inParamNames, inWords, literal, readMessage } from "@/lib/config/wording";
import { BAD_PLAN_QUERIES, FORGED_TOKEN, formValuesOf } from "./support/bad-plans";
import baseline from "./fixtures/problem-messages.json";
import { planValuesArbitrary } from "./support/plan-arbitrary";
import { PLAN_MATRIX, planOfQuery } from "./support/plan-matrix";
import { bundleOf } from "./support/plans";

/**
 * Messages read two ways (lib/config/wording.ts): in parameter names for the API, the CLI and the URL banner,
 * in the form's labels for the wizard. tests/fixtures/problem-messages.json holds what the API and the form
 * said for each bad plan of tests/support/bad-plans.ts before messages were marked: the names reading must
 * still say exactly that. A deliberate change of a message updates that file.
 */

const BASELINE = baseline as Record<string, { form: Problem[]; api: Problem[] }>;
const PARAMS = PLAN_PARAMS.join("|");
/** `tls=require`, `strategy=managed`: a parameter with its value, as share links write it. */
const PARAM_WITH_VALUE = new RegExp(`\\b(?:${PARAMS})=`);
/** Parameter names that are no English word, outside quoted labels (ids like vpc-0123… and ARN parts are not names). */
const CODE_LIKE_NAME = /(?<![\w/:-])(?:masterkms|sgs|vpc|dbsg|kms|tls|arch|lambda|subnets|runtime|boundary)(?![\w/:-])/;
const CONTROL = /[\u0000-\u001f]/;

function formProblems(query: string) {
  const values = formValuesOf(query, defaultValues());
  return { plain: validatePlan(values), marked: validatePlanMarked(values) };
}

/** Every way a worded message could still show a parameter name. */
function parameterTokens(words: string, param: string): string[] {
  const found: string[] = [];
  if (PARAM_WITH_VALUE.test(words)) found.push(`a parameter with its value: ${PARAM_WITH_VALUE.exec(words)![0]}`);
  if (param !== "" && new RegExp(`^${param}\\b`).test(words)) found.push(`starts with the parameter ${param}`);
  const outsideLabels = words.replace(/“[^”]*”/g, "");
  if (CODE_LIKE_NAME.test(outsideLabels)) found.push(`a parameter name: ${CODE_LIKE_NAME.exec(outsideLabels)![0]}`);
  if (CONTROL.test(words)) found.push("a control character");
  return found;
}

describe("messages for the API and the CLI", () => {
  it("covers every parameter and the codec's own problems", () => {
    const params = new Set(BAD_PLAN_QUERIES.flatMap((query) => formProblems(query).plain).flatMap((result) => (result.ok ? [] : result.problems.map((p) => p.param))));
    for (const param of PLAN_PARAMS) if (!["masterkms", "master"].includes(param)) expect(params, param).toContain(param);
    expect(Object.keys(BASELINE).sort()).toEqual([...BAD_PLAN_QUERIES].sort());
  });

  it.each(BAD_PLAN_QUERIES)("are what they were before messages were marked: %s", (query) => {
    const { plain, marked } = formProblems(query);
    const api = completePlan(decodePlanQuery(query));
    expect(plain.ok ? [] : plain.problems).toEqual(BASELINE[query]!.form);
    expect(api.ok ? [] : api.problems).toEqual(BASELINE[query]!.api);
    // The wizard's check says the same in names; only it carries the marked message.
    expect(marked.ok ? [] : marked.problems.map(({ param, message }) => ({ param, message }))).toEqual(BASELINE[query]!.form);
    for (const problem of plain.ok ? [] : plain.problems) expect(problem).not.toHaveProperty("marked");
  });
});

describe("messages in the form's words", () => {
  it.each(BAD_PLAN_QUERIES)("name the field's label and no parameter: %s", (query) => {
    const { marked } = formProblems(query);
    const forged = [...new URLSearchParams(query).values()].some((value) => value.includes(FORGED_TOKEN));
    for (const problem of marked.ok ? [] : marked.problems) {
      const words = inWords(problem.marked!);
      expect(inParamNames(problem.marked!)).toBe(problem.message);
      if (!(PLAN_PARAMS as readonly string[]).includes(problem.param)) continue;
      expect(words, problem.message).toContain(PARAM_LABELS[problem.param as PlanParam]);
      if (forged) {
        // What the user typed reads back as typed, control characters and all: it cannot pass for a token.
        expect(words).toContain(FORGED_TOKEN);
        expect(problem.message).toContain(FORGED_TOKEN);
      } else {
        expect(parameterTokens(words, problem.param), words).toEqual([]);
      }
    }
  });

  it("say why a parameter is not asked, in words, and the codec says it in names", () => {
    const cases: Array<Partial<PlanValues>> = [
      { strategy: "single" },
      { schedule: "rate(10 days)" },
      { strategy: "managed" },
      { lambda: "sar", engine: "db2" },
      { engine: "redshift" },
    ];
    const reasons = new Set<string>();
    for (const change of cases) for (const reason of unusedParams({ ...defaultValues(), ...change }).values()) reasons.add(reason);
    expect(reasons.size).toBeGreaterThanOrEqual(5);
    for (const reason of reasons) {
      expect(parameterTokens(inWords(reason), ""), inWords(reason)).toEqual([]);
      expect(CONTROL.test(inParamNames(reason))).toBe(false);
    }
    expect(inParamNames(unusedParams({ ...defaultValues(), strategy: "managed" }).get("tls")!)).toBe("strategy=managed rotates without a Lambda function");
    expect(inWords(unusedParams({ ...defaultValues(), strategy: "managed" }).get("tls")!)).toBe(
      `${settingInWords("strategy", "managed")} rotates without a Lambda function`,
    );
  });

  it("read the same in names as validatePlan for random plans with one bad value", () => {
    const badValue = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("\u0001", "\u0004\u0001x\u0002y\u0003", "cron(0 4 \u0001a\u0002b\u0003 * ? *)"));
    fc.assert(
      fc.property(planValuesArbitrary, fc.constantFrom(...PLAN_PARAMS), badValue, (values, param, bad) => {
        const input = { ...values, [param]: bad };
        const plain = validatePlan(input);
        const marked = validatePlanMarked(input);
        expect(marked.ok).toBe(plain.ok);
        if (plain.ok || marked.ok) return;
        expect(marked.problems.map((p) => inParamNames(p.marked!))).toEqual(plain.problems.map((p) => p.message));
        for (const problem of marked.problems) {
          if ((PLAN_PARAMS as readonly string[]).includes(problem.param)) expect(inWords(problem.marked!)).toContain(PARAM_LABELS[problem.param as PlanParam]);
        }
      }),
      { numRuns: 150, seed: 20261129 },
    );
  });
});

describe("reading a marked message", () => {
  it("gives back any text from outside as it was, in both readings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(inParamNames(literal(text))).toBe(text);
        expect(inWords(literal(text))).toBe(text);
        expect(inParamNames(`a ${either(text, "x")} b`)).toBe(`a ${text} b`);
      }),
    );
  });

  it("never throws, and reads a broken token as the text it is", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => void readMessage(text, "words")));
    expect(readMessage("\u0001vpc\u0002“VPC id”", "words")).toBe("\u0001vpc\u0002“VPC id”");
    expect(readMessage("\u0001vpc", "names")).toBe("\u0001vpc");
    expect(readMessage(`${either("vpc", "“VPC id”")} is required`, "words")).toBe("“VPC id” is required");
  });
});

describe("the bundle's README", () => {
  /** The README up to the section that gives the plan as a query and JSON, where parameter names belong. */
  function prose(query: string): string {
    const readme = bundleOf(planOfQuery(query)).find((file) => file.path === "README.md")!.content;
    // The keys of a database secret's JSON are not plan parameters.
    return readme.split("## Regenerate this bundle")[0]!.replace("`engine`, `host`, `port`", "");
  }

  it.each(Object.entries(PLAN_MATRIX))("uses labels, not parameter names (%s)", (_name, query) => {
    const text = prose(query);
    expect(text).not.toMatch(PARAM_WITH_VALUE);
    expect(text).not.toMatch(new RegExp(`\`(?:${PARAMS})\``));
  });

  it("names the choices it talks about with their labels", () => {
    const text = prose(PLAN_MATRIX.default!);
    expect(text).toContain(settingInWords("tls", "verify"));
    expect(text).toContain(settingInWords("tls", "require"));
    expect(text).toContain(`no ${fieldInWords("dbsg")} was given`);
    expect(prose(PLAN_MATRIX["sar postgres alternating with keys"]!)).toContain(`Why the plan takes no ${fieldInWords("boundary")} here`);
  });
});
