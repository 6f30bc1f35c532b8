import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { FALLBACK_VERSIONS } from "@/lib/generators";
import { nextSteps, terraformAsks } from "@/lib/generators/next-steps";
import { GOLDEN_PLANS, goldenBundle } from "./support/golden";
import { planOfQuery } from "./support/plan-matrix";

/** The lines of the first ```sh block after a README heading. */
function shellBlockAfter(readme: string, heading: string): string[] {
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const block = /```sh\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error(`no shell block after ${heading}`);
  return block[1]!.split("\n");
}

describe.each(Object.keys(GOLDEN_PLANS))("the %s plan", (name) => {
  const plan = planOfQuery(GOLDEN_PLANS[name]!);
  const files = new Map(goldenBundle(name).map((file) => [file.path, file.content]));
  const readme = files.get("README.md")!;

  it("has the README's commands, in the README's order", () => {
    const steps = nextSteps({ plan, versions: FALLBACK_VERSIONS });
    expect(steps.apply).toEqual(shellBlockAfter(readme, "## Apply"));
    expect(steps.test).toEqual(shellBlockAfter(readme, "## Test the rotation"));
    expect(steps.folder).toBe(`${plan.name}-rotation`);
  });

  it("is asked by Terraform for exactly the variables without a default that terraform.tfvars does not give", async () => {
    const variables = ((await parse("variables.tf", files.get("variables.tf")!)) as { variable: Record<string, Array<Record<string, unknown>>> }).variable;
    const tfvars = (await parse("terraform.tfvars", files.get("terraform.tfvars")!)) as Record<string, unknown>;
    const asked = Object.entries(variables)
      .filter(([variable, [declaration]]) => !("default" in declaration!) && !(variable in tfvars))
      .map(([variable, [declaration]]) => ({ name: variable, description: declaration!.description }));
    expect(terraformAsks({ plan, versions: FALLBACK_VERSIONS })).toEqual(asked);
  });
});

describe("nextSteps", () => {
  it("builds our function first and asks for the first password only when the bundle creates the secret", () => {
    const bundled = nextSteps({ plan: planOfQuery(GOLDEN_PLANS.default!), versions: FALLBACK_VERSIONS }).apply;
    expect(bundled[0]).toMatch(/^\.\/lambda\/build\.sh\b/);
    expect(bundled.some((line) => line.startsWith("export TF_VAR_initial_password="))).toBe(true);

    const existing = nextSteps({ plan: planOfQuery(GOLDEN_PLANS["existing-secret"]!), versions: FALLBACK_VERSIONS }).apply;
    expect(existing.some((line) => line.includes("TF_VAR_initial_password"))).toBe(false);

    const managed = nextSteps({ plan: planOfQuery(GOLDEN_PLANS.managed!), versions: FALLBACK_VERSIONS }).apply;
    expect(managed).toEqual(["terraform init", "terraform plan -out rotation.tfplan", "terraform apply rotation.tfplan"]);
  });
});
