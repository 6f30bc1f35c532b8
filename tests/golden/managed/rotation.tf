# Managed rotation: the database service rotates its master user's secret itself, no function involved; this sets when.
# rotate_immediately: the first rotation runs as soon as this is applied, which proves the setup works.
# depends_on: rotation starts only once every other resource and check of the bundle is in place (these
# are the ones nothing else waits for).
# The alerts are among them, so a failing first rotation is reported.
resource "aws_secretsmanager_secret_rotation" "this" {
  # checkov:skip=CKV_AWS_304:rotations are at most 10 days apart (rate(10 days)); checkov 3.1 reads only a number of days, not schedule expressions
  secret_id          = var.secret_arn
  rotate_immediately = true
  rotation_rules {
    schedule_expression = "rate(10 days)"
  }
  depends_on = [
    data.aws_region.target,
    data.aws_caller_identity.target,
    aws_sns_topic_policy.alerts,
    aws_sns_topic_subscription.alerts_email,
    aws_cloudwatch_event_target.rotation_failed,
  ]
}
