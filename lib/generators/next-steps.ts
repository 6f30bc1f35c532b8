import { bundleFolder } from "@/lib/bundle/zip";
import { modelOf } from "./features";
import type { ReadmeContribution } from "./features/feature";
import { flatMap } from "./flat-map";
import { terraformVariables } from "./terraform/variables";
import type { BundleInput } from "./types";

/**
 * What to run in the unzipped bundle, in order, for one plan. The README's "Apply" and "Test the rotation"
 * blocks print these lines and the wizard shows them after a download, so the two never disagree.
 */
export interface NextSteps {
  /** The folder the zip unpacks to: the commands run there. */
  folder: string;
  /** Every feature's build lines, then its environment lines (FEATURES order), then terraform init, plan and apply. */
  apply: string[];
  /** After the first apply: one rotation, and whether it worked. */
  test: string[];
}

export function nextSteps(input: BundleInput): NextSteps {
  const model = modelOf(input);
  const added = (part: keyof NonNullable<ReadmeContribution["commands"]>) =>
    flatMap(model.features, (feature) => feature.readme?.commands?.[part]?.(model) ?? []);
  return {
    folder: bundleFolder(input.plan.name),
    apply: [...added("build"), ...added("environment"), "terraform init", "terraform plan -out rotation.tfplan", "terraform apply rotation.tfplan"],
    test: ["./scripts/test-rotation.sh"],
  };
}

/** A variable of variables.tf that Terraform asks for when the plan is applied. */
export interface AskedVariable {
  name: string;
  description: string;
}

/**
 * The variables Terraform will ask for at `terraform plan`: declared in variables.tf without a default, and
 * not given in terraform.tfvars. An ephemeral variable (the first password) is not asked for either: it
 * has a default of null, and the environment line of `nextSteps` gives it.
 */
export function terraformAsks(input: BundleInput): AskedVariable[] {
  return terraformVariables(modelOf(input))
    .filter((variable) => variable.default === undefined && variable.value === undefined && !variable.ephemeral)
    .map(({ name, description }) => ({ name, description }));
}
