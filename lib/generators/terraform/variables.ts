import { ENGINE_FACTS } from "@/lib/config";
import type { HclValue } from "../hcl";
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
      description: "The user's current password, stored once in the secret and never in state. Pass it as TF_VAR_initial_password.",
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
    });
  }
  add(model.alternatingUsers && {
    name: "master_secret_arn",
    type: "string",
    description: "ARN of the admin secret whose user creates and updates the _clone user.",
    value: plan.master,
  });
  // Under managed rotation the key belongs to the database change shown in the README, not to this module.
  add(plan.kms !== "" && model.usesFunction && { name: "kms_key_arn", type: "string", description: "Customer managed KMS key that encrypts the secret.", value: plan.kms });
  if (model.usesFunction) {
    add({ name: "subnet_ids", type: "list(string)", description: "Subnets the rotation function runs in; they must reach the database.", value: plan.subnets });
    add(!model.createsFunctionSecurityGroup && {
      name: "security_group_ids",
      type: "list(string)",
      description: "Security groups of the rotation function.",
      value: plan.sgs,
    });
    add(model.usesVpcId && { name: "vpc_id", type: "string", description: "VPC of the database and the rotation function.", value: plan.vpc });
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
  });
  add(plan.alarm !== "" && { name: "alarm_email", type: "string", description: "Where failed-rotation alerts are e-mailed.", value: plan.alarm });
  const taggable = model.usesFunction || model.createsSecret || plan.alarm !== "";
  add(taggable && { name: "tags", type: "map(string)", description: "Tags for every resource that takes them.", default: {} });
  return variables;
}
