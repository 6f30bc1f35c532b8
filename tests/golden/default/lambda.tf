data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

# The function's code, built by lambda/build.sh; the archive's hash redeploys the function when the code changes.
data "archive_file" "rotation" {
  type        = "zip"
  source_dir  = "${path.module}/lambda/build"
  output_path = "${path.module}/.terraform/rotation.zip"
}

# The function's own log group, created before the function so that retention (a year) applies from the
# first line. CloudWatch Logs encrypts it at rest; not with a customer managed key, whose key policy would
# have to admit the CloudWatch Logs service. The function never logs a password.
# trivy:ignore:AVD-AWS-0017 CloudWatch Logs encrypts the log group at rest; a customer managed key would need a key policy that admits the logs service, and the function never logs a password
resource "aws_cloudwatch_log_group" "rotation" {
  # checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts the log group at rest; a customer managed key would need a key policy that admits the logs service, and the function never logs a password
  name              = "/aws/lambda/app-db-rotation"
  retention_in_days = 365
  tags              = var.tags
}

# The rotation function. Secrets Manager calls it four times per rotation: createSecret, setSecret,
# testSecret and finishSecret. It runs in your subnets so that it can reach the database.
# It checks the database's certificate against the RDS CA bundle, or your CA with use_custom_ca = true.
# No reserved concurrency: on accounts with the default limit of 10, reserving any fails the apply.
resource "aws_lambda_function" "rotation" {
  # checkov:skip=CKV_AWS_115:reserving concurrency fails the apply on accounts with the default limit of 10; a rotation runs one step at a time
  # checkov:skip=CKV_AWS_116:Secrets Manager invokes the function synchronously and a dead-letter queue only receives failed asynchronous events; a failed step fails the rotation, which Secrets Manager retries and reports as RotationFailed
  # checkov:skip=CKV_AWS_272:the code is the reviewed lambda/ folder, built by build.sh and deployed from a local zip; code signing needs an AWS Signer profile and a signed package in S3
  # checkov:skip=CKV_AWS_173:the environment holds no secret (endpoint, password policy, TLS settings) and Lambda encrypts it at rest with its AWS managed key; give the plan a KMS key ARN to use your key
  function_name    = "app-db-rotation"
  description      = "Rotates the PostgreSQL password of app-db (single user)."
  role             = aws_iam_role.rotation.arn
  handler          = "rotation.lambda_handler"
  runtime          = "python3.13"
  architectures    = ["arm64"]
  filename         = data.archive_file.rotation.output_path
  source_code_hash = data.archive_file.rotation.output_base64sha256
  timeout          = 30
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.rotation.id]
  }
  environment {
    variables = {
      SECRETS_MANAGER_ENDPOINT = "https://secretsmanager.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}"
      EXCLUDE_CHARACTERS       = "/@\"'\\"
      PASSWORD_LENGTH          = "32"
      DB_TLS                   = "verify"
      DB_CA_BUNDLE             = var.use_custom_ca ? "/var/task/custom-ca.pem" : "/var/task/rds-global-bundle.pem"
    }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [aws_cloudwatch_log_group.rotation, aws_iam_role_policy.rotation]
  tags       = var.tags
}

# Lets Secrets Manager invoke the function. Without it the schedule fires and the call is denied.
# Limited to this account and this secret, so no other secret can make the function run (confused deputy).
resource "aws_lambda_permission" "secretsmanager" {
  statement_id   = "AllowSecretsManagerInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.rotation.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_account = data.aws_caller_identity.current.account_id
  source_arn     = aws_secretsmanager_secret.this.arn
}
