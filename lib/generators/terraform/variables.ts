import { ENGINE_FACTS } from "@/lib/config";
import { attr, block, comment, raw, type HclBlock, type HclValue } from "../hcl";
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
}

/** The variables a plan's Terraform uses, each declared only where something refers to it. */
export function terraformVariables(model: TerraformModel): TerraformVariable[] {
  const { plan } = model;
  const engine = ENGINE_FACTS[plan.engine];
  const variables: TerraformVariable[] = [];
  const add = (variable: TerraformVariable | false) => variable && variables.push(variable);

  if (model.createsSecret) {
    add({ name: "db_host", type: "string", description: `Host name of the ${engine.label} server, as the rotation function reaches it.` });
    add({ name: "db_port", type: "number", description: "Port of the database server.", default: model.databasePort });
    add({ name: "db_name", type: "string", description: "Database the rotated user logs in to." });
    add({ name: "db_username", type: "string", description: "Database user whose password is rotated." });
    add({
      name: "initial_password",
      type: "string",
      description:
        "The user's current password, needed on the first apply only: it becomes the secret's first value and never enters state. " +
        "Pass it as TF_VAR_initial_password.",
      // Optional: once the first value exists, rotation owns the password and later plans run without it.
      default: null,
      sensitive: true,
      ephemeral: true,
    });
  } else {
    add({
      name: "secret_arn",
      type: "string",
      description: model.usesFunction
        ? "ARN of the existing secret to rotate."
        : "ARN of the secret that the database service manages for its master user.",
      value: plan.secret === "new" ? undefined : plan.secret,
      arn: "regional",
    });
  }
  add(model.alternatingUsers && {
    name: "master_secret_arn",
    type: "string",
    description: "ARN of the admin secret whose user creates and updates the _clone user.",
    value: plan.master,
    arn: "regional",
  });
  add(model.alternatingUsers && plan.masterkms !== "" && {
    name: "master_kms_key_arn",
    type: "string",
    description: "Customer managed KMS key that encrypts the admin secret; the rotation function decrypts the admin secret with it.",
    value: plan.masterkms,
    arn: "regional",
  });
  // Under managed rotation the key belongs to the database change shown in the README, not to this module.
  add(plan.kms !== "" && model.usesFunction && {
    name: "kms_key_arn",
    type: "string",
    description: "Customer managed KMS key that encrypts the secret.",
    value: plan.kms,
    arn: "regional",
  });
  if (model.usesFunction) {
    add({ name: "subnet_ids", type: "list(string)", description: "Subnets the rotation function runs in; they must reach the database.", value: plan.subnets });
    add(!model.createsFunctionSecurityGroup && {
      name: "security_group_ids",
      type: "list(string)",
      description: "Security groups of the rotation function.",
      value: plan.sgs,
    });
    add(model.statesVpc && {
      name: "vpc_id",
      type: "string",
      description: "VPC of the subnets, as a cross-check: the bundle finds the VPC from the subnets and stops if this differs.",
      value: plan.vpc,
    });
    add(plan.dbsg !== "" && {
      name: "db_security_group_id",
      type: "string",
      description: "Security group of the database; it gets a rule that lets the rotation function in.",
      value: plan.dbsg,
    });
  }
  add(plan.boundary !== "" && model.bundledFunction && {
    name: "permissions_boundary_arn",
    type: "string",
    description: "Permissions boundary of the rotation function's role, where your organisation requires one.",
    value: plan.boundary,
    arn: "global",
  });
  // Only tls=verify checks the database's certificate, so only then does the function take a CA file.
  add(model.bundledFunction && plan.tls === "verify" && {
    name: "use_custom_ca",
    type: "bool",
    description:
      "true: the function checks the database's certificate against your CA, lambda/custom-ca.pem (build.sh packages it), " +
      "instead of the RDS CA bundle. For a database whose certificate your own CA signed.",
    default: false,
  });
  add(plan.alarm !== "" && { name: "alarm_email", type: "string", description: "Where failed-rotation alerts are e-mailed.", value: plan.alarm });
  const taggable = model.usesFunction || model.createsSecret || plan.alarm !== "";
  add(taggable && { name: "tags", type: "map(string)", description: "Tags for every resource that takes them.", default: {} });
  return variables;
}

/**
 * Where the bundle must be applied: the region and account of the ARNs it was given (the plan schema makes
 * them agree, and variables.tf checks them against Terraform's). Null fields: no ARN says.
 */
export function arnPlacement(model: TerraformModel): { region: string | null; account: string | null } {
  const fields = terraformVariables(model)
    .filter((variable) => variable.arn !== undefined && typeof variable.value === "string")
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
  const known = variables.filter((variable) => variable.value !== undefined);
  const asked = variables.filter((variable) => variable.value === undefined && variable.default === undefined);
  return block("module", [`${model.plan.name.replace(/-/g, "_")}_rotation`], [
    attr("source", `./${folder}`),
    ...known.map((variable) => attr(variable.name, variable.value!)),
    ...asked.map((variable) => attr(variable.name, raw(`var.${variable.name}`))),
    model.createsSecret && comment("An ephemeral variable of yours, needed on the first apply only."),
    model.createsSecret && attr("initial_password", raw("var.initial_password")),
  ]);
}

