import { flatMap } from "../flat-map";
import { attr, block, comment, raw, type HclBlock, type HclValue } from "../hcl";
import type { PlanParam } from "@/lib/config";
import type { TerraformModel } from "./model";

/** One input variable: declared in variables.tf, and given in terraform.tfvars when the plan knows it. */
export interface TerraformVariable {
  name: string;
  type: string;
  description: string;
  default?: HclValue;
  sensitive?: boolean;
  /** Never stored in state or plan files (Terraform ≥ 1.10). */
  ephemeral?: boolean;
  /** The plan's value, written to terraform.tfvars. */
  value?: HclValue;
  /**
   * An ARN: it must be in the region and account Terraform runs in (variables.tf checks). `global`: an IAM
   * ARN, which has no region.
   */
  arn?: "regional" | "global";
  /** The plan parameter the value comes from, where the wizard may fill in an example (BundleInput.examples). */
  param?: PlanParam;
  /** The value is the wizard's example, not the user's: terraform.tfvars marks it and nothing else uses it. */
  example?: boolean;
}

/**
 * The variables a plan's Terraform uses, each declared only where something refers to it: every feature's,
 * in FEATURES order, then the tags that every taggable resource takes.
 */
export function terraformVariables(model: TerraformModel): readonly TerraformVariable[] {
  let variables = variablesByModel.get(model);
  if (!variables) variablesByModel.set(model, (variables = collectVariables(model)));
  return variables;
}

/** Variables by model: variables.tf, terraform.tfvars, the README and the next steps all read them. Shared: never change them. */
const variablesByModel = new WeakMap<TerraformModel, readonly TerraformVariable[]>();

function collectVariables(model: TerraformModel): TerraformVariable[] {
  const variables = flatMap(model.features, (feature) => feature.variables?.(model) ?? []).map((variable) =>
    variable.param !== undefined && model.examples.includes(variable.param) ? { ...variable, example: true } : variable,
  );
  const taggable = model.usesFunction || model.createsSecret || model.sendsAlerts;
  if (taggable) variables.push({ name: "tags", type: "map(string)", description: "Tags for every resource that takes them.", default: {} });
  return variables;
}

/**
 * Where the bundle must be applied: the region and account of the ARNs it was given (the plan schema makes
 * them agree, and variables.tf checks them against Terraform's). Null fields: no ARN says.
 */
export function arnPlacement(model: TerraformModel): { region: string | null; account: string | null } {
  const fields = terraformVariables(model)
    .filter((variable) => variable.arn !== undefined && !variable.example && typeof variable.value === "string")
    .map((variable) => (variable.value as string).split(":"));
  return {
    region: fields.map((parts) => parts[3] ?? "").find((region) => region !== "") ?? null,
    account: fields.map((parts) => parts[4] ?? "").find((account) => /^\d{12}$/.test(account)) ?? null,
  };
}

/**
 * The bundle as a child module of the user's configuration: a module block with the values terraform.tfvars
 * holds (a child module does not read it) and the caller's own variables for the rest.
 */
export function moduleCall(model: TerraformModel, folder: string): HclBlock {
  const variables = terraformVariables(model);
  // An example value stays in terraform.tfvars: the module block asks the caller for it instead.
  const known = variables.filter((variable) => variable.value !== undefined && !variable.example);
  const asked = variables.filter((variable) => (variable.value === undefined || variable.example) && variable.default === undefined);
  return block("module", [`${model.plan.name.replace(/-/g, "_")}_rotation`], [
    attr("source", `./${folder}`),
    ...known.map((variable) => attr(variable.name, variable.value!)),
    ...asked.map((variable) => attr(variable.name, raw(`var.${variable.name}`))),
    model.createsSecret && comment("An ephemeral variable of yours, needed on the first apply only."),
    model.createsSecret && attr("initial_password", raw("var.initial_password")),
  ]);
}

