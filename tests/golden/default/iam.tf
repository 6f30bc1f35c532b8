# Only the Lambda service may take on the function's role.
data "aws_iam_policy_document" "assume_role" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# The identity the rotation function runs as. It has the policy below and no AWS managed policy.
resource "aws_iam_role" "rotation" {
  name               = "app-db-rotation"
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
  tags               = var.tags
}

# The EC2 resources the function's network interfaces are made of, for the policy below.
locals {
  ec2_arn_prefix               = "arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}"
  function_subnet_arns         = [for id in var.subnet_ids : "${local.ec2_arn_prefix}:subnet/${id}"]
  function_security_group_arns = [aws_security_group.rotation.arn]
}

# Least privilege: the four rotation actions on this secret only, passwords from GetRandomPassword,
# writing to the function's own log group (nothing else in CloudWatch Logs), the network interfaces that
# put the function in your subnets, and sending X-Ray traces.
# trivy:ignore:AVD-AWS-0057 Lambda names the network interfaces and log streams it creates, so IAM can only be given their patterns (network-interface/* in this account and region, the streams of the function's own log group); the resources that are only * belong to actions for which IAM defines no resource
data "aws_iam_policy_document" "rotation" {
  statement {
    sid    = "RotateThisSecret"
    effect = "Allow"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
    ]
    resources = [aws_secretsmanager_secret.this.arn]
  }
  statement {
    sid       = "GeneratePasswords"
    effect    = "Allow"
    actions   = ["secretsmanager:GetRandomPassword"]
    resources = ["*"]
  }
  statement {
    sid       = "WriteOwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.rotation.arn}:*"]
  }
  statement {
    sid       = "CreateInterfacesInFunctionSubnets"
    effect    = "Allow"
    actions   = ["ec2:CreateNetworkInterface"]
    resources = concat(["${local.ec2_arn_prefix}:network-interface/*"], local.function_subnet_arns, local.function_security_group_arns)
  }
  statement {
    sid       = "ManageFunctionInterfaces"
    effect    = "Allow"
    actions   = ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    resources = ["${local.ec2_arn_prefix}:network-interface/*"]
  }
  statement {
    sid       = "DescribeNetwork"
    effect    = "Allow"
    actions   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
    resources = ["*"]
  }
  statement {
    sid       = "SendTraces"
    effect    = "Allow"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
}

# Attaches the least-privilege policy above to the function's role. Lambda checks the network-interface
# permissions when it creates the function, so the function waits for this.
resource "aws_iam_role_policy" "rotation" {
  name   = "rotate-secret"
  role   = aws_iam_role.rotation.id
  policy = data.aws_iam_policy_document.rotation.json
}
