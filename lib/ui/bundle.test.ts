import { describe, expect, it } from "vitest";
import { defaultValues, exploreWithExamples, type PlanValues } from "@/lib/config";
import { BUNDLE_FILES, FALLBACK_VERSIONS } from "@/lib/generators";
import { MASTER_ARN, SECRET_ARN, testPlan } from "@/tests/support/plans";
import { buildBundle, buildFile } from "./bundle";

/**
 * The preview shows the file on screen written alone (`buildFile`) as soon as a key is pressed, and the
 * whole bundle a render later: both must give the same text, or the preview would flicker between them.
 */
const PLANS: Array<[string, Partial<PlanValues>]> = [
  ["single user", {}],
  ["alternating users, with an alarm and a schedule", { strategy: "alternating", master: MASTER_ARN, alarm: "ops@example.com", schedule: "cron(0 4 ? * SUN *)" }],
  ["an existing secret on MySQL", { engine: "mysql", secret: SECRET_ARN }],
  ["managed rotation", { strategy: "managed" }],
  ["AWS's template", { lambda: "sar" }],
];

describe("one file written alone", () => {
  it.each(PLANS)("is the bundle's file, for every file of the bundle (%s)", (_name, changes) => {
    const plan = testPlan(changes);
    const bundle = buildBundle(plan, FALLBACK_VERSIONS);
    for (const { path } of BUNDLE_FILES) {
      const inBundle = bundle.find((file) => file.path === path) ?? null;
      expect(buildFile(plan, FALLBACK_VERSIONS, [], path), path).toEqual(inBundle);
    }
  });

  it("is the bundle's file when examples complete the plan", () => {
    const explored = exploreWithExamples({ ...defaultValues("postgres"), subnets: "" });
    expect(explored?.examples.length).toBeGreaterThan(0);
    const bundle = buildBundle(explored!.plan, FALLBACK_VERSIONS, explored!.examples);
    for (const file of bundle) expect(buildFile(explored!.plan, FALLBACK_VERSIONS, explored!.examples, file.path), file.path).toEqual(file);
  });

  it("is nothing for a path the bundle does not have", () => {
    expect(buildFile(testPlan(), FALLBACK_VERSIONS, [], "no-such-file.tf")).toBeNull();
  });
});
