# Key policy of the alerts key. In a key policy "*" is this key. The account administers it, as in the default
# key policy, and only callers of this account may (kms:CallerAccount); EventBridge and CloudWatch may use it
# only for messages of the alerts topic (SNS names the topic in the encryption context). The AWS managed SNS
# key cannot admit them.
data "aws_iam_policy_document" "alerts_key" {
  statement {
    sid       = "AccountAdministersKey"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type = "AWS"
      identifiers = [
        "arn:${data.aws_partition.alerts.partition}:iam::${data.aws_caller_identity.alerts.account_id}:root",
      ]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [data.aws_caller_identity.alerts.account_id]
    }
  }
  statement {
    sid       = "AlarmServicesEncryptMessages"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:sns:topicArn"
      values = [
        "arn:${data.aws_partition.alerts.partition}:sns:${data.aws_region.alerts.region}:${data.aws_caller_identity.alerts.account_id}:orders-db-rotation-alerts",
      ]
    }
  }
}

data "aws_caller_identity" "alerts" {}

data "aws_partition" "alerts" {}

data "aws_region" "alerts" {}

# Encrypts the alerts topic at rest.
resource "aws_kms_key" "alerts" {
  description         = "Encrypts orders-db-rotation-alerts"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.alerts_key.json
  tags                = var.tags
}

# Where rotation failures are published.
resource "aws_sns_topic" "alerts" {
  name              = "orders-db-rotation-alerts"
  kms_master_key_id = aws_kms_key.alerts.arn
  tags              = var.tags
}

# EventBridge and CloudWatch alarms of this account may publish to the topic.
data "aws_iam_policy_document" "alerts_topic" {
  statement {
    sid       = "AlarmServicesPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.alerts.account_id]
    }
  }
}

# Attaches the publishing policy to the topic.
resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts_topic.json
}

# E-mails each alert. AWS first sends a confirmation message: alerts arrive once it is confirmed.
resource "aws_sns_topic_subscription" "alerts_email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# Secrets Manager records RotationFailed in CloudTrail whatever the cause, including a function that could
# not be invoked. The event names the secret; the rule matches every secret of the account and region.
resource "aws_cloudwatch_event_rule" "rotation_failed" {
  name        = "orders-db-rotation-failed"
  description = "Secrets Manager reports a failed rotation"
  event_pattern = jsonencode({
    source        = ["aws.secretsmanager"]
    "detail-type" = ["AWS Service Event via CloudTrail"]
    detail = {
      eventName = ["RotationFailed"]
    }
  })
  tags = var.tags
}

# Sends RotationFailed events to the alerts topic.
resource "aws_cloudwatch_event_target" "rotation_failed" {
  rule = aws_cloudwatch_event_rule.rotation_failed.name
  arn  = aws_sns_topic.alerts.arn
}

# Any error of the rotation function, even in a step that Secrets Manager later retries.
resource "aws_cloudwatch_metric_alarm" "rotation_errors" {
  alarm_name        = "orders-db-rotation-errors"
  alarm_description = "The rotation function failed; its log group says why."
  namespace         = "AWS/Lambda"
  metric_name       = "Errors"
  dimensions = {
    FunctionName = aws_lambda_function.rotation.function_name
  }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}
