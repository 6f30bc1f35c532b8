import { modelOf } from "../features";
import { terraformAsks } from "../next-steps";
import { attr, comment, renderHclAssignments } from "../hcl";
import type { FileGenerator } from "../types";
import { terraformVariables } from "./variables";

/**
 * terraform.tfvars: the plan's values for the variables it knows; Terraform asks for the others. Values the
 * wizard filled in as examples come last, under a comment that says so: this is the only file they reach.
 */
export const terraformTfvars: FileGenerator = (input) => {
  const variables = terraformVariables(modelOf(input));
  const known = variables.filter((variable) => variable.value !== undefined && !variable.example);
  const examples = variables.filter((variable) => variable.value !== undefined && variable.example);
  const asked = terraformAsks(input);
  const lines = [];
  if (known.length > 0) {
    lines.push(comment("Values from the plan this bundle was generated from."), ...known.map((variable) => attr(variable.name, variable.value!)));
  }
  if (examples.length > 0) {
    lines.push(
      comment(
        "EXAMPLE VALUES, not yours: the wizard filled them in so that the bundle could be explored.",
        "Replace each with your own before terraform apply.",
      ),
      ...examples.map((variable) => attr(variable.name, variable.value!)),
    );
  }
  if (asked.length > 0) {
    lines.push(comment(`Not part of the plan, so Terraform asks for them, or add them here: ${asked.map((v) => v.name).join(", ")}.`));
  }
  return { path: "terraform.tfvars", content: renderHclAssignments(lines) };
};
