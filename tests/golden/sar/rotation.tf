# Turns rotation on. Without this resource nothing ever calls the function and the password never changes.
# rotate_immediately: the first rotation runs as soon as this is applied, which proves the setup works.
# depends_on: rotation starts only once every other resource and check of the bundle is in place (these
# are the ones nothing else waits for): a first rotation that fails half way leaves the secret marked as rotating.
resource "aws_secretsmanager_secret_rotation" "this" {
  secret_id           = aws_secretsmanager_secret.this.arn
  rotation_lambda_arn = aws_serverlessapplicationrepository_cloudformation_stack.rotation.outputs["RotationLambdaARN"]
  rotate_immediately  = true
  rotation_rules {
    automatically_after_days = 30
  }
  depends_on = [
    aws_secretsmanager_secret_version.initial,
    aws_vpc_security_group_egress_rule.rotation_to_database,
    aws_vpc_security_group_egress_rule.rotation_to_secretsmanager,
    aws_vpc_security_group_ingress_rule.endpoint_from_rotation,
    aws_vpc_endpoint.secretsmanager,
  ]
}
