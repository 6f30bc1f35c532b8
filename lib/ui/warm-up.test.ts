import { describe, expect, it } from "vitest";
import { defaultValues, type PlanValues } from "@/lib/config";
import { FALLBACK_VERSIONS } from "@/lib/generators";
import type { PlanRuntime } from "./load-runtime";
import * as realRuntime from "./plan-runtime";
import { keystrokeWarmUp } from "./warm-up";

/**
 * The warm-up runs what a keystroke runs, on the real plan runtime, in steps a keystroke can wait for. The
 * runtime is the real one; the wrapper only records which of its functions each step called.
 */

type Call = { name: string; args: unknown[]; result: unknown };

function recorded(): { runtime: PlanRuntime; steps: Call[][] } {
  const steps: Call[][] = [[]];
  const record =
    <A extends unknown[], R>(name: string, run: (...args: A) => R) =>
    (...args: A): R => {
      const result = run(...args);
      steps.at(-1)!.push({ name, args, result });
      return result;
    };
  const runtime: PlanRuntime = {
    ...realRuntime,
    unusedParams: record("unusedParams", realRuntime.unusedParams),
    exploreWithExamples: record("exploreWithExamples", realRuntime.exploreWithExamples),
    diagramOf: record("diagramOf", realRuntime.diagramOf),
    buildFile: record("buildFile", realRuntime.buildFile),
  };
  return { runtime, steps };
}

function runToEnd(runtime: PlanRuntime, values: PlanValues, steps: Call[][]) {
  const warmUp = keystrokeWarmUp(runtime, values, FALLBACK_VERSIONS);
  while (!warmUp.next().done) steps.push([]);
  return steps.filter((step) => step.length > 0);
}

const COMPLETE: PlanValues = { ...defaultValues("postgres"), subnets: "subnet-0123456789abcdef0,subnet-0fedcba9876543210", vpc: "vpc-0123456789abcdef0" };

describe("the keystroke warm-up", () => {
  it("checks values that make no plan and values that make one, and writes the file the preview opens first for those", () => {
    const { runtime, steps } = recorded();
    const calls = runToEnd(runtime, defaultValues("postgres"), steps).flat();
    const explored = calls.filter((call) => call.name === "exploreWithExamples");
    expect(explored.some((call) => call.result === null)).toBe(true);
    expect(explored.some((call) => call.result !== null)).toBe(true);
    const files = calls.filter((call) => call.name === "buildFile");
    expect(files.length).toBe(explored.filter((call) => call.result !== null).length);
    expect(files.every((call) => call.args[3] === "rotation.tf" && (call.result as { content: string } | null)?.content.includes("aws_secretsmanager_secret_rotation"))).toBe(true);
  });

  it("takes the cron() path of the schedule as well as the plan's own", () => {
    const { runtime, steps } = recorded();
    const files = runToEnd(runtime, COMPLETE, steps)
      .flat()
      .filter((call) => call.name === "buildFile");
    const schedules = new Set(files.map((call) => (call.args[0] as { schedule: string }).schedule));
    expect([...schedules].some((schedule) => schedule.startsWith("cron("))).toBe(true);
    expect(schedules.has(COMPLETE.schedule as string)).toBe(true);
  });

  it("does one check or one file per step, so a keystroke waits for one at most", () => {
    const { runtime, steps } = recorded();
    for (const step of runToEnd(runtime, COMPLETE, steps)) {
      const names = step.map((call) => call.name);
      expect(names.filter((name) => name === "buildFile").length + names.filter((name) => name === "exploreWithExamples").length).toBe(1);
    }
  });

  it("ends without an error, and leaves the values it was given as they were, whatever the form holds", () => {
    const forms: PlanValues[] = [
      defaultValues("postgres"),
      defaultValues("mysql"),
      COMPLETE,
      { ...COMPLETE, engine: "oracle", schedule: "cron(", name: "" },
      Object.fromEntries(Object.entries(COMPLETE).map(([param, value]) => [param, typeof value === "string" ? "" : value])) as PlanValues,
    ];
    for (const values of forms) {
      const before = structuredClone(values);
      const { runtime, steps } = recorded();
      expect(() => runToEnd(runtime, values, steps)).not.toThrow();
      expect(values).toEqual(before);
    }
  });
});
