locals {
  tags = { for key, value in var.tags : key => value if value != "" }
}

data "aws_caller_identity" "current" {}

ephemeral "random_password" "initial" {
  length           = 32
  override_special = "!#%&*()-_=+[]<>:?"
}

# The secret that rotates.
resource "aws_secretsmanager_secret" "this" {
  name_prefix = "${var.name}-"
  description = "Database credentials, rotated every ${var.rotation_days} days."
  tags        = local.tags
}

# The initial password goes through a write-only argument, so it never reaches state.
resource "aws_secretsmanager_secret_version" "initial" {
  secret_id = aws_secretsmanager_secret.this.id
  secret_string_wo = jsonencode({
    engine   = "postgres"
    username = "app"
    password = ephemeral.random_password.initial.result
  })
  secret_string_wo_version = 1

  lifecycle {
    ignore_changes = [secret_string_wo_version]
  }
}

resource "aws_iam_role" "lambda" {
  name_prefix = "${var.name}-rotation-"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "aws_fake.not_a_reference"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# The policy is a heredoc on purpose: the checker must read quotes and interpolations inside one.
resource "aws_iam_role_policy" "lambda" {
  name   = "secret-access"
  role   = aws_iam_role.lambda.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Sid": "not.a_reference",
        "Effect": "Allow",
        "Action": ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
        "Resource": "${aws_secretsmanager_secret.this.arn}"
      }]
    }
  EOT
}

resource "aws_lambda_function" "rotation" {
  function_name = "${var.name}-rotation"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "lambda_function.lambda_handler"
  filename      = "${path.module}/build/rotation.zip"
  architectures = ["arm64"]
  timeout       = 30

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  environment {
    variables = {
      SECRETS_MANAGER_ENDPOINT = "https://secretsmanager.${var.region}.amazonaws.com"
    }
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_arn == null ? [] : [var.dead_letter_arn]
    content {
      target_arn = dead_letter_config.value
    }
  }
}

resource "aws_lambda_permission" "secrets_manager" {
  statement_id   = "AllowSecretsManager"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.rotation.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_secretsmanager_secret_rotation" "this" {
  secret_id           = aws_secretsmanager_secret.this.id
  rotation_lambda_arn = aws_lambda_function.rotation.arn

  rotation_rules {
    automatically_after_days = var.rotation_days
  }

  depends_on = [aws_lambda_permission.secrets_manager]

  lifecycle {
    precondition {
      condition     = var.rotation_days >= 1 && var.rotation_days <= 1000
      error_message = "Secrets Manager rotates every 1 to 1000 days."
    }
  }
}
