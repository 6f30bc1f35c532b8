import { attr, block } from "../hcl";
import { raw } from "../hcl";
import type { TerraformFile } from "./files";
import { terraformModel } from "./model";
import { terraformVariables } from "./variables";

export const variablesTf: TerraformFile = {
  path: "variables.tf",
  summary: "Inputs: what differs between environments; their values for this plan are in terraform.tfvars.",
  blocks({ plan }) {
    return terraformVariables(terraformModel(plan)).map((variable) =>
      block("variable", [variable.name], [
        attr("description", variable.description),
        attr("type", raw(variable.type)),
        variable.default !== undefined && attr("default", variable.default),
        variable.sensitive && attr("sensitive", true),
        variable.ephemeral && attr("ephemeral", true),
      ]),
    );
  },
};
