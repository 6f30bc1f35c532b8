/**
 * docs/adding-an-option.md stays true: its list of files is short and names files of this tree, and the
 * feature it shows, registered through the same API as the product's (BundleInput.features), is taken up
 * by the bundle, the README, the preview's explanations, the rotation's ordering and the diagram with
 * nothing else changed.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Plan } from "@/lib/config";
import { explainResources, FALLBACK_VERSIONS, FEATURES, generateBundle, type Feature } from "@/lib/generators";
import { diagramOfPlan } from "@/lib/ui/diagram";
import { slowStepAlarm } from "./fixtures/features/slow-step-alarm";
import { testPlan } from "./support/plans";
import { checkTerraformModule, describeProblems } from "./support/terraform-check";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DOC = readFileSync(`${ROOT}docs/adding-an-option.md`, "utf8");
const FIXTURE = readFileSync(`${ROOT}tests/fixtures/features/slow-step-alarm.ts`, "utf8");

/** The rows of the doc's "The files it touches" table: each file, and whether the option creates it. */
function filesTouched(): Array<{ path: string; created: boolean }> {
  const section = DOC.split(/^## /m).find((part) => part.startsWith("The files it touches"));
  if (!section) throw new Error('docs/adding-an-option.md has no "## The files it touches" section');
  return [...section.matchAll(/^\| `([^`]+)`( \(new\))? \|/gm)].map(([, path, created]) => ({ path: path!, created: created !== undefined }));
}

describe("docs/adding-an-option.md", () => {
  it("lists at most six files: the schema, the feature and its registration, the wizard field, the test", () => {
    const files = filesTouched();
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThanOrEqual(6);
    for (const { path, created } of files) {
      // A file the option edits is in the tree; one it creates goes into a folder that is.
      expect(existsSync(`${ROOT}${created ? dirname(path) : path}`), path).toBe(true);
      if (created) expect(existsSync(`${ROOT}${path}`), `${path} is listed as new, but the tree has it`).toBe(false);
    }
  });

  it("shows the feature this test registers, word for word", () => {
    const feature = FIXTURE.slice(FIXTURE.indexOf("export const slowStepAlarm"));
    expect(DOC).toContain(feature.trim());
  });
});

const FEATURES_WITH_DEMO = [...FEATURES, slowStepAlarm];
const ALERTED = testPlan({ alarm: "ops@example.com" });
/** The option as the doc's schema would give it; a fixture cannot add the parameter, so it rides along. */
const CHOSEN = { ...ALERTED, slowstep: "20s" } as Plan;

function bundle(plan: Plan, features: readonly Feature[] = FEATURES_WITH_DEMO) {
  return Object.fromEntries(generateBundle({ plan, versions: FALLBACK_VERSIONS, features }).map((file) => [file.path, file.content]));
}

describe("a feature registered through the same API as the product's", () => {
  it("adds its block, its variable and the plan's value for it", () => {
    const files = bundle(CHOSEN);
    expect(files["monitoring.tf"]).toMatch(/# Warns while a slow database[^\n]*\nresource "aws_cloudwatch_metric_alarm" "rotation_slow"/);
    expect(files["variables.tf"]).toContain('variable "slow_step_seconds"');
    expect(files["terraform.tfvars"]).toMatch(/slow_step_seconds\s+= 20/);
  });

  it("is waited for by the first rotation", () => {
    expect(bundle(CHOSEN)["rotation.tf"]).toMatch(/depends_on = \[[^\]]*aws_cloudwatch_metric_alarm\.rotation_slow/);
  });

  it("is explained in the README and the preview, with its troubleshooting row and its cost", () => {
    const readme = bundle(CHOSEN)["README.md"]!;
    expect(readme).toContain("`aws_cloudwatch_metric_alarm.rotation_slow` — Warns while a slow database");
    expect(readme).toContain("| The slow-step alarm fires, and rotations still succeed |");
    expect(readme).toContain("- The slow-step alarm: 0.10 USD per month.");
    const explained = explainResources({ plan: CHOSEN, versions: FALLBACK_VERSIONS, features: FEATURES_WITH_DEMO }, "monitoring.tf");
    expect(explained.map((resource) => resource.address)).toContain("aws_cloudwatch_metric_alarm.rotation_slow");
  });

  it("is said in the diagram's description", () => {
    expect(diagramOfPlan(CHOSEN, FEATURES_WITH_DEMO).description).toMatch(/through an SNS topic\. A step slower than 20s is reported too\.$/);
  });

  it("gives Terraform that validates", async () => {
    const problems = await checkTerraformModule(bundle(CHOSEN));
    expect(problems, describeProblems(problems)).toEqual([]);
  });

  it("changes nothing when it does not apply", () => {
    expect(bundle(ALERTED)).toEqual(bundle(ALERTED, FEATURES));
    // Chosen, but without alerts to report to: nothing of it is written.
    const unalerted = bundle({ ...testPlan(), slowstep: "20s" } as Plan);
    expect(Object.values(unalerted).join("\n")).not.toMatch(/rotation_slow|slow_step_seconds|slow-step/);
  });
});
