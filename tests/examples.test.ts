/**
 * Example values (lib/config/examples.ts): the wizard shows a whole bundle before the user has typed an id,
 * and the examples reach terraform.tfvars only, marked there, in a bundle that is still valid Terraform.
 */
import { describe, expect, it } from "vitest";
import { defaultValues, EXAMPLE_VALUES, exploreWithExamples, validatePlan, type PlanValues } from "@/lib/config";
import { generateBundle } from "@/lib/generators";
import { FALLBACK_VERSIONS } from "@/lib/versions";
import { checkTerraformModule } from "./support/terraform-check";

const EXAMPLE_MARK = "# EXAMPLE VALUES, not yours";

function values(changes: Partial<PlanValues> = {}): PlanValues {
  return { ...defaultValues(), ...changes };
}

/** The distinct strings an example puts into files: each id or ARN on its own. */
function exampleStrings(param: keyof typeof EXAMPLE_VALUES): string[] {
  return EXAMPLE_VALUES[param].split(/[\s,]+/).filter((item) => item !== "");
}

function exploredBundle(changes: Partial<PlanValues>) {
  const explored = exploreWithExamples(values(changes));
  if (explored === null) throw new Error("expected a plan with examples");
  const files = generateBundle({ plan: explored.plan, versions: FALLBACK_VERSIONS, examples: explored.examples });
  return { explored, files };
}

describe("a plan completed by examples", () => {
  it.each([
    ["the defaults (no subnets yet)", {}, ["subnets"]],
    ["alternating users without the admin secret", { strategy: "alternating" }, ["subnets", "master"]],
    ["an existing secret whose ARN is not typed yet", { secret: "" }, ["subnets", "secret"]],
    ["AWS's template, alternating, existing secret", { engine: "oracle", lambda: "sar", strategy: "alternating", secret: "" }, ["subnets", "master", "secret"]],
  ] as const)("%s: the examples go to terraform.tfvars only, under their mark", async (_, changes, expected) => {
    const { explored, files } = exploredBundle(changes);
    expect([...explored.examples].sort()).toEqual([...expected].sort());
    const tfvars = files.find((file) => file.path === "terraform.tfvars")!.content;
    const marked = tfvars.slice(tfvars.indexOf(EXAMPLE_MARK));
    expect(tfvars).toContain(EXAMPLE_MARK);
    for (const param of explored.examples) {
      for (const text of exampleStrings(param)) {
        expect(marked, `${param} under the mark`).toContain(text);
        const elsewhere = files.filter((file) => file.path !== "terraform.tfvars" && file.content.includes(text)).map((file) => file.path);
        expect(elsewhere, `${text} outside terraform.tfvars`).toEqual([]);
      }
    }
    // The examples' region and account pin nothing: the bundle applies wherever the user's own values say.
    const others = files.filter((file) => file.path !== "terraform.tfvars");
    expect(others.filter((file) => file.content.includes("123456789012")).map((file) => file.path)).toEqual([]);
    const terraform = Object.fromEntries(files.filter((file) => /\.tf(vars)?$/.test(file.path)).map((file) => [file.path, file.content]));
    expect(await checkTerraformModule(terraform)).toEqual([]);
  });

  it("is the plan itself, without examples, once every value is the user's", () => {
    const typed = values({ subnets: "subnet-0a1b2c3d" });
    const explored = exploreWithExamples(typed)!;
    expect(explored.examples).toEqual([]);
    const tfvars = generateBundle({ plan: explored.plan, versions: FALLBACK_VERSIONS }).find((file) => file.path === "terraform.tfvars")!;
    expect(tfvars.content).not.toContain(EXAMPLE_MARK);
    expect(tfvars.content).toContain("subnet-0a1b2c3d");
  });

  it.each([
    ["a subnet id typed wrong", { subnets: "subnet-12" }],
    ["a name typed wrong, subnets still empty", { name: "App DB" }],
    ["a rule between fields (managed rotation where AWS has none)", { strategy: "managed", platform: "self-managed" }],
  ] as const)("is not made when something else is wrong: %s", (_, changes) => {
    expect(exploreWithExamples(values(changes))).toBeNull();
  });
});

describe("asked on a keystroke, without the plan's check", () => {
  // A value its own field rejects is answered without checking the whole plan: the answer must be the
  // whole check's, whichever field, whether the field is used, blank or not.
  it.each([
    ["a name one letter long", { name: "o" }],
    ["a blank name (no example stands in for it)", { name: " " }],
    ["the first letter of a subnet id", { subnets: "s" }],
    ["a subnet list ending in a comma", { subnets: "subnet-0123456789abcdef0," }],
    ["the first letter of a cron expression", { schedule: "c" }],
    ["a whole cron expression", { schedule: "cron(0 4 ? * SUN *)" }],
    ["a window of no hours", { window: "0h" }],
    ["an alarm address without a domain", { alarm: "ops@" }],
    ["an admin secret ARN typed wrong, with one user (unused, so reset)", { master: "arn:nope" }],
    ["an admin secret ARN typed wrong, with alternating users", { master: "arn:nope", strategy: "alternating" }],
    ["an existing secret whose ARN is half typed", { secret: "arn:aws:secretsmanager:eu-west-1" }],
    ["a whole valid plan", { subnets: "subnet-0a1b2c3d", schedule: "rate(30 days)" }],
  ] as const)("%s: the same answer as with the check", (_, changes) => {
    const typed = values(changes);
    expect(exploreWithExamples(typed)).toEqual(exploreWithExamples(typed, validatePlan(typed)));
  });

  it("passes by a parameter the plan does not use, as the check does", () => {
    expect(exploreWithExamples(values({ master: "arn:nope" }))).not.toBeNull();
  });
});
