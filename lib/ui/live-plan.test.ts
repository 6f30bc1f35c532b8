import { describe, expect, it } from "vitest";
import { defaultValues, encodePlanQuery, type PlanValues } from "@/lib/config";
import { FALLBACK_VERSIONS } from "@/lib/generators";
import { buildBundle } from "./bundle";
import { derivePlan, deriveNow, exploredToSave, planToSave, sameValues } from "./live-plan";
import * as runtime from "./plan-runtime";

/** The wizard derives what the values make one step per task, and saves what is on screen even while that lags. */

const COMPLETE: PlanValues = { ...defaultValues("postgres"), subnets: "subnet-0123456789abcdef0,subnet-0fedcba9876543210", vpc: "vpc-0123456789abcdef0" };
/** Only the subnets are missing: examples complete the plan. */
const EXPLORABLE: PlanValues = { ...COMPLETE, subnets: "" };
/** A typed value that is wrong: nothing completes the plan. */
const INVALID: PlanValues = { ...COMPLETE, subnets: "subnet-01" };

function stepsOf(values: PlanValues) {
  const steps = derivePlan(runtime, values, FALLBACK_VERSIONS);
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { count, derivation: step.value };
    count++;
  }
}

describe("deriving the values in steps", () => {
  it("yields between its parts and ends with the plan, its bundle and its query", () => {
    const { count, derivation } = stepsOf(COMPLETE);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(derivation.result.ok).toBe(true);
    const plan = derivation.result.ok ? derivation.result.plan : null;
    expect(derivation.files).toEqual(buildBundle(plan!, FALLBACK_VERSIONS));
    expect(derivation.query).toBe(encodePlanQuery(plan!));
    expect(derivation.unused).toEqual(runtime.unusedParams(COMPLETE));
    expect(derivation.diagram).toEqual(runtime.diagramOf(COMPLETE));
    expect(derivation.explored).toBeNull();
  });

  it("completes with examples what only lacks ids, and says what is missing", () => {
    const derivation = deriveNow(runtime, EXPLORABLE, FALLBACK_VERSIONS);
    expect(derivation.result.ok).toBe(false);
    expect(derivation.result.ok ? [] : derivation.result.problems.map((problem) => problem.param)).toEqual(["subnets"]);
    expect(derivation.files).toBeNull();
    expect(derivation.explored?.examples).toEqual(["subnets"]);
    expect(derivation.exploredFiles).toEqual(buildBundle(derivation.explored!.plan, FALLBACK_VERSIONS, ["subnets"]));
  });

  it("makes no bundle from a wrong value", () => {
    const derivation = deriveNow(runtime, INVALID, FALLBACK_VERSIONS);
    expect(derivation.result.ok).toBe(false);
    expect(derivation.files).toBeNull();
    expect(derivation.explored).toBeNull();
    expect(derivation.exploredFiles).toBeNull();
  });
});

describe("the same values", () => {
  it("are equal field by field, not by identity", () => {
    expect(sameValues(COMPLETE, { ...COMPLETE })).toBe(true);
    expect(sameValues(COMPLETE, { ...COMPLETE, name: "other-db" })).toBe(false);
    expect(sameValues(COMPLETE, { ...COMPLETE, immediately: !COMPLETE.immediately })).toBe(false);
  });
});

describe("what a download saves", () => {
  const shown = deriveNow(runtime, COMPLETE, FALLBACK_VERSIONS);

  it("is the bundle shown while the values on screen are the ones it was made from", () => {
    const saved = planToSave(runtime, { ...COMPLETE }, FALLBACK_VERSIONS, shown);
    expect(saved?.files).toBe(shown.files);
    expect(saved?.query).toBe(shown.query);
  });

  it("is the plan of the values on screen when they are a keystroke ahead of the bundle shown", () => {
    const typed = { ...COMPLETE, name: "orders-db" };
    const saved = planToSave(runtime, typed, FALLBACK_VERSIONS, shown);
    expect(saved?.plan.name).toBe("orders-db");
    expect(saved?.query).toBe(deriveNow(runtime, typed, FALLBACK_VERSIONS).query);
    expect(saved?.files).toEqual(deriveNow(runtime, typed, FALLBACK_VERSIONS).files);
    expect(saved?.files).not.toEqual(shown.files);
  });

  it("is nothing when the values on screen make no plan", () => {
    expect(planToSave(runtime, INVALID, FALLBACK_VERSIONS, shown)).toBeNull();
  });

  it("with examples, is the bundle they complete for the values on screen, or nothing", () => {
    const explored = deriveNow(runtime, EXPLORABLE, FALLBACK_VERSIONS);
    expect(exploredToSave(runtime, { ...EXPLORABLE }, FALLBACK_VERSIONS, explored)?.files).toBe(explored.exploredFiles);
    const renamed = exploredToSave(runtime, { ...EXPLORABLE, name: "orders-db" }, FALLBACK_VERSIONS, explored);
    expect(renamed?.plan.name).toBe("orders-db");
    expect(renamed?.files).toEqual(deriveNow(runtime, { ...EXPLORABLE, name: "orders-db" }, FALLBACK_VERSIONS).exploredFiles);
    expect(exploredToSave(runtime, INVALID, FALLBACK_VERSIONS, explored)).toBeNull();
    expect(exploredToSave(runtime, COMPLETE, FALLBACK_VERSIONS, explored)).toBeNull();
  });
});
