import { attr, block, raw, type HclValue } from "../hcl";
import type { TerraformFile } from "./files";
import { terraformModel } from "./model";

function output(name: string, description: string, value: HclValue) {
  return block("output", [name], [attr("description", description), attr("value", value)]);
}

export const outputsTf: TerraformFile = {
  path: "outputs.tf",
  summary: "What other code and scripts/test-rotation.sh need to know after apply.",
  blocks({ plan }) {
    const model = terraformModel(plan);
    return [
      output("secret_arn", "ARN of the rotated secret; applications read their credentials from it.", model.refs.secretArn),
      model.refs.functionArn !== null && output("rotation_function_arn", "ARN of the rotation function.", model.refs.functionArn),
      model.usesFunction &&
        output(
          "rotation_log_group",
          "Where the rotation function logs each step.",
          model.bundledFunction ? raw("aws_cloudwatch_log_group.rotation.name") : model.names.logGroup,
        ),
      model.createsFunctionSecurityGroup && output("rotation_security_group_id", "Security group of the rotation function.", raw("aws_security_group.rotation.id")),
      plan.alarm !== "" && output("alerts_topic_arn", "SNS topic that receives failed-rotation alerts.", raw("aws_sns_topic.alerts.arn")),
    ].filter((b) => b !== false);
  },
};
