import { attr, block, data, raw, resource, type HclBlock, type HclValue } from "../hcl";
import type { TerraformFile } from "./files";
import { TAGS, terraformModel } from "./model";

interface Statement {
  sid: string;
  actions: string[];
  resources: HclValue[];
}

function statementBlock(statement: Statement): HclBlock {
  return block("statement", [], [
    attr("sid", statement.sid),
    attr("effect", "Allow"),
    attr("actions", statement.actions),
    attr("resources", statement.resources),
  ]);
}

/** AWS managed policies, by name; their ARNs depend on the partition. */
function managedPolicyArn(path: string): HclValue {
  return raw(`"arn:\${data.aws_partition.current.partition}:iam::aws:policy/${path}"`);
}

export const iamTf: TerraformFile = {
  path: "iam.tf",
  summary: "What the rotation function may do: this secret's rotation actions, nothing more.",
  blocks({ plan }) {
    const model = terraformModel(plan);
    if (!model.bundledFunction) return [];
    const statements: Statement[] = [
      {
        sid: "RotateThisSecret",
        actions: [
          "secretsmanager:DescribeSecret",
          "secretsmanager:GetSecretValue",
          "secretsmanager:PutSecretValue",
          "secretsmanager:UpdateSecretVersionStage",
        ],
        resources: [model.refs.secretArn],
      },
      // GetRandomPassword reads no resource, so IAM only accepts "*" for it.
      { sid: "GeneratePasswords", actions: ["secretsmanager:GetRandomPassword"], resources: ["*"] },
    ];
    if (model.alternatingUsers) {
      statements.push({
        sid: "ReadMasterSecret",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [raw("var.master_secret_arn")],
      });
    }
    if (plan.kms !== "") {
      statements.push({ sid: "UseSecretKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [raw("var.kms_key_arn")] });
    }
    statements.push({
      sid: "WriteOwnLogs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [raw('"${aws_cloudwatch_log_group.rotation.arn}:*"')],
    });

    return [
      data(
        "aws_iam_policy_document",
        "assume_role",
        [
          block("statement", [], [
            attr("effect", "Allow"),
            attr("actions", ["sts:AssumeRole"]),
            block("principals", [], [attr("type", "Service"), attr("identifiers", ["lambda.amazonaws.com"])]),
          ]),
        ],
        "Only the Lambda service may take on the function's role.",
      ),
      resource(
        "aws_iam_role",
        "rotation",
        [
          attr("name", model.names.role),
          attr("assume_role_policy", raw("data.aws_iam_policy_document.assume_role.json")),
          plan.boundary !== "" && attr("permissions_boundary", raw("var.permissions_boundary_arn")),
          attr("tags", TAGS),
        ],
        "The identity the rotation function runs as.",
      ),
      data("aws_iam_policy_document", "rotation", statements.map(statementBlock), [
        "Least privilege: the four rotation actions on this secret only, passwords from GetRandomPassword,",
        ...(model.alternatingUsers ? ["reading the admin secret that manages the _clone user,"] : []),
        ...(plan.kms !== "" ? ["the secret's KMS key,"] : []),
        "and writing to the function's own log group.",
      ]),
      resource(
        "aws_iam_role_policy",
        "rotation",
        [
          attr("name", "rotate-secret"),
          attr("role", raw("aws_iam_role.rotation.id")),
          attr("policy", raw("data.aws_iam_policy_document.rotation.json")),
        ],
        "Attaches the least-privilege policy above to the function's role.",
      ),
      resource(
        "aws_iam_role_policy_attachment",
        "vpc_access",
        [attr("role", raw("aws_iam_role.rotation.name")), attr("policy_arn", managedPolicyArn("service-role/AWSLambdaVPCAccessExecutionRole"))],
        "Lets Lambda create the network interfaces that put the function in your subnets.",
      ),
      resource(
        "aws_iam_role_policy_attachment",
        "tracing",
        [attr("role", raw("aws_iam_role.rotation.name")), attr("policy_arn", managedPolicyArn("AWSXRayDaemonWriteAccess"))],
        "Lets the function send X-Ray traces, which show where a slow or failing rotation spends its time.",
      ),
    ];
  },
};
