import { modelOf } from "../features";
import { attr, comment, renderHclAssignments } from "../hcl";
import type { FileGenerator } from "../types";
import { terraformVariables } from "./variables";

/** terraform.tfvars: the plan's values for the variables it knows; Terraform asks for the others. */
export const terraformTfvars: FileGenerator = (input) => {
  const variables = terraformVariables(modelOf(input));
  const known = variables.filter((variable) => variable.value !== undefined);
  const asked = variables.filter((variable) => variable.value === undefined && variable.default === undefined && !variable.ephemeral);
  const lines = [
    comment("Values from the plan this bundle was generated from."),
    ...known.map((variable) => attr(variable.name, variable.value!)),
  ];
  if (asked.length > 0) {
    lines.push(comment(`Not part of the plan, so Terraform asks for them, or add them here: ${asked.map((v) => v.name).join(", ")}.`));
  }
  return { path: "terraform.tfvars", content: renderHclAssignments(lines) };
};
