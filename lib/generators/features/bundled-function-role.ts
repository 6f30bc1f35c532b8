import { attr, block, call, data, raw, resource, type HclBlock, type HclValue } from "../hcl";
import { TAGS, type TerraformModel } from "../terraform/model";

/**
 * iam.tf of our bundled function (bundled-function.ts): its role and a least-privilege policy. AWS's
 * template brings its own role instead.
 */
export function roleBlocks(model: TerraformModel): HclBlock[] {
  const { plan } = model;
  const readsMasterKey = model.alternatingUsers && plan.masterkms !== "";
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
    statements.push({ sid: "ReadMasterSecret", actions: ["secretsmanager:GetSecretValue"], resources: [raw("var.master_secret_arn")] });
  }
  if (readsMasterKey) {
    statements.push({ sid: "DecryptMasterSecret", actions: ["kms:Decrypt"], resources: [raw("var.master_kms_key_arn")] });
  }
  if (model.encryptsWithOwnKey) {
    statements.push({ sid: "UseSecretKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [raw("var.kms_key_arn")] });
  }
  statements.push(
    {
      sid: "WriteOwnLogs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [raw('"${aws_cloudwatch_log_group.rotation.arn}:*"')],
    },
    ...networkInterfaceStatements(),
    // The two actions of AWSXRayDaemonWriteAccess that Lambda's active tracing uses; the sampling ones serve
    // the X-Ray SDK, which the function does not use. X-Ray has no resources to scope them to.
    { sid: "SendTraces", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
  );

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
      "The identity the rotation function runs as. It has the policy below and no AWS managed policy.",
    ),
    block(
      "locals",
      [],
      [
        attr("ec2_arn_prefix", EC2_ARN_PREFIX),
        attr("function_subnet_arns", raw('[for id in var.subnet_ids : "${local.ec2_arn_prefix}:subnet/${id}"]')),
        attr(
          "function_security_group_arns",
          model.createsFunctionSecurityGroup
            ? [raw("aws_security_group.rotation.arn")]
            : raw('[for id in var.security_group_ids : "${local.ec2_arn_prefix}:security-group/${id}"]'),
        ),
      ],
      "The EC2 resources the function's network interfaces are made of, for the policy below.",
    ),
    data("aws_iam_policy_document", "rotation", statements.map(statementBlock), [
      "Least privilege: the four rotation actions on this secret only, passwords from GetRandomPassword,",
      ...(model.alternatingUsers ? [`reading the admin secret that manages the _clone user${readsMasterKey ? " and decrypting it with its key" : ""},`] : []),
      ...(model.encryptsWithOwnKey ? ["the secret's KMS key,"] : []),
      "writing to the function's own log group (nothing else in CloudWatch Logs), the network interfaces that",
      "put the function in your subnets, and sending X-Ray traces.",
    ]),
    resource(
      "aws_iam_role_policy",
      "rotation",
      [
        attr("name", "rotate-secret"),
        attr("role", raw("aws_iam_role.rotation.id")),
        attr("policy", raw("data.aws_iam_policy_document.rotation.json")),
      ],
      [
        "Attaches the least-privilege policy above to the function's role. Lambda checks the network-interface",
        "permissions when it creates the function, so the function waits for this.",
      ],
    ),
  ];
}

interface Statement {
  sid: string;
  actions: string[];
  resources: HclValue;
}

function statementBlock(statement: Statement): HclBlock {
  return block("statement", [], [
    attr("sid", statement.sid),
    attr("effect", "Allow"),
    attr("actions", statement.actions),
    attr("resources", statement.resources),
  ]);
}

/** `arn:<partition>:ec2:<region>:<account>`, the start of every EC2 ARN the function's network interfaces use. */
const EC2_ARN_PREFIX = raw('"arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}"');

/**
 * The network-interface permissions of AWS's AWSLambdaVPCAccessExecutionRole, without its CloudWatch Logs
 * grant on every log group, and scoped as far as IAM allows: creating an interface only in the function's
 * subnets with its security groups, managing interfaces of this account and region; EC2's Describe actions
 * take no resource, so IAM accepts only "*" for them.
 */
function networkInterfaceStatements(): Statement[] {
  return [
    {
      sid: "CreateInterfacesInFunctionSubnets",
      actions: ["ec2:CreateNetworkInterface"],
      resources: call(
        "concat",
        [raw('"${local.ec2_arn_prefix}:network-interface/*"')],
        raw("local.function_subnet_arns"),
        raw("local.function_security_group_arns"),
      ),
    },
    {
      sid: "ManageFunctionInterfaces",
      actions: ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
      resources: [raw('"${local.ec2_arn_prefix}:network-interface/*"')],
    },
    // DescribeNetworkInterfaces and DescribeSubnets read no particular resource: IAM only accepts "*".
    { sid: "DescribeNetwork", actions: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], resources: ["*"] },
  ];
}
