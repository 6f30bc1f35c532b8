import { attr, block, raw, resource, type HclValue } from "../hcl";
import type { TerraformFile } from "./files";
import { terraformModel } from "./model";

export const rotationTf: TerraformFile = {
  path: "rotation.tf",
  summary: "The rotation schedule: it connects the secret, the function and how often the password changes.",
  blocks({ plan }) {
    const model = terraformModel(plan);
    const schedule = plan.schedule !== "" ? attr("schedule_expression", plan.schedule) : attr("automatically_after_days", plan.days);
    // Rotation must not start before everything it needs exists: a first rotation that fails leaves the
    // secret marked as rotating, and the next apply cannot fix that on its own.
    const prerequisites: HclValue[] = [];
    if (model.bundledFunction) prerequisites.push(raw("aws_lambda_permission.secretsmanager"), raw("aws_iam_role_policy.rotation"));
    if (model.usesFunction && !model.bundledFunction) prerequisites.push(raw("aws_serverlessapplicationrepository_cloudformation_stack.rotation"));
    if (model.createsSecret) prerequisites.push(raw("aws_secretsmanager_secret_version.initial"));
    if (model.createsEndpoint) prerequisites.push(raw("aws_vpc_endpoint.secretsmanager"));
    if (model.usesFunction && plan.dbsg !== "") prerequisites.push(raw("aws_vpc_security_group_ingress_rule.database_from_rotation"));
    if (model.createsFunctionSecurityGroup) {
      prerequisites.push(raw("aws_vpc_security_group_egress_rule.rotation_to_database"), raw("aws_vpc_security_group_egress_rule.rotation_to_secretsmanager"));
    }
    return [
      resource(
        "aws_secretsmanager_secret_rotation",
        "this",
        [
          attr("secret_id", model.refs.secretArn),
          model.refs.functionArn !== null && attr("rotation_lambda_arn", model.refs.functionArn),
          attr("rotate_immediately", plan.immediately),
          block("rotation_rules", [], [schedule, plan.window !== "" && attr("duration", plan.window)]),
          prerequisites.length > 0 && attr("depends_on", prerequisites),
        ],
        [
          model.usesFunction
            ? "Turns rotation on. Without this resource nothing ever calls the function and the password never changes."
            : "Managed rotation: the database service rotates its master user's secret itself, no function involved; this sets when.",
          plan.immediately
            ? "rotate_immediately: the first rotation runs as soon as this is applied, which proves the setup works."
            : "rotate_immediately is off: the first rotation waits for the schedule; test it with scripts/test-rotation.sh.",
        ],
      ),
    ];
  },
};
