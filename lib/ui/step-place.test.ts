import { describe, expect, it } from "vitest";
import { defaultValues, unusedParams } from "@/lib/config";
import { nearestShownStep, skippedSteps, stepHash, stepOfHash } from "./step-place";
import { REVIEW_STEP, WIZARD_STEPS } from "./steps";

const NETWORK = WIZARD_STEPS.findIndex((step) => step.id === "network");

describe("step hashes", () => {
  it("name every step, and read back as the same step", () => {
    WIZARD_STEPS.forEach((step, index) => {
      expect(stepHash(index)).toBe(`#${step.id}`);
      expect(stepOfHash(stepHash(index))).toBe(index);
    });
  });

  it("name no step when the fragment is empty or unknown", () => {
    expect(stepOfHash("")).toBe(-1);
    expect(stepOfHash("#")).toBe(-1);
    expect(stepOfHash("#nosuch")).toBe(-1);
    expect(stepOfHash("#%E0%A4%A")).toBe(-1);
  });
});

describe("skippedSteps", () => {
  it("passes by no step of the default plan", () => {
    expect([...skippedSteps(unusedParams(defaultValues("postgres"))).keys()]).toEqual([]);
  });

  it("passes by the network step under managed rotation, with the schema's reason, and never Review", () => {
    const unused = unusedParams({ ...defaultValues("mysql"), strategy: "managed" });
    const skipped = skippedSteps(unused);
    expect([...skipped.keys()]).toEqual([NETWORK]);
    expect(skipped.get(NETWORK)).toEqual([unused.get("subnets")]);
    expect(skipped.has(REVIEW_STEP)).toBe(false);
  });

  it("does not pass by a step that still asks for one parameter", () => {
    const unused = new Map(unusedParams({ ...defaultValues("mysql"), strategy: "managed" }));
    unused.delete("endpoint");
    expect(skippedSteps(unused).size).toBe(0);
  });

  it("lists each reason once, in the step's order", () => {
    const unused = new Map(WIZARD_STEPS[NETWORK]!.params.map((param, i) => [param, i < 2 ? "first" : "second"] as const));
    expect(skippedSteps(unused).get(NETWORK)).toEqual(["first", "second"]);
  });
});

describe("nearestShownStep", () => {
  const skipped = new Map([[1, []], [2, []]]);

  it("keeps a step that is not passed by", () => {
    expect(nearestShownStep(3, 1, skipped)).toBe(3);
    expect(nearestShownStep(0, -1, skipped)).toBe(0);
  });

  it("goes on in the direction of travel past skipped steps", () => {
    expect(nearestShownStep(1, 1, skipped)).toBe(3);
    expect(nearestShownStep(2, -1, skipped)).toBe(0);
  });

  it("turns round at the end of the steps", () => {
    expect(nearestShownStep(0, -1, new Map([[0, []]]))).toBe(1);
  });
});
