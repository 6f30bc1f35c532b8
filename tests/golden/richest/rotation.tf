# Turns rotation on. Without this resource nothing ever calls the function and the password never changes.
# rotate_immediately: the first rotation runs as soon as this is applied, which proves the setup works.
# depends_on: rotation starts only once every other resource and check of the bundle is in place (these
# are the ones nothing else waits for): a first rotation that fails half way leaves the secret marked as rotating.
# The alerts are among them, so a failing first rotation is reported.
resource "aws_secretsmanager_secret_rotation" "this" {
  # checkov:skip=CKV_AWS_304:rotations are at most 7 days apart (cron(0 4 ? * SUN *)); checkov 3.1 reads only a number of days, not schedule expressions
  secret_id           = aws_secretsmanager_secret.this.arn
  rotation_lambda_arn = aws_lambda_function.rotation.arn
  rotate_immediately  = true
  rotation_rules {
    schedule_expression = "cron(0 4 ? * SUN *)"
    duration            = "3h"
  }
  depends_on = [
    data.aws_region.target,
    data.aws_caller_identity.target,
    aws_secretsmanager_secret_version.initial,
    aws_lambda_permission.secretsmanager,
    aws_vpc_security_group_egress_rule.rotation_to_database,
    aws_vpc_security_group_egress_rule.rotation_to_secretsmanager,
    aws_vpc_security_group_ingress_rule.database_from_rotation,
    aws_vpc_security_group_ingress_rule.endpoint_from_rotation,
    aws_vpc_endpoint.secretsmanager,
    aws_sns_topic_policy.alerts,
    aws_sns_topic_subscription.alerts_email,
    aws_cloudwatch_event_target.rotation_failed,
    aws_cloudwatch_metric_alarm.rotation_errors,
  ]
}
