output "secret_arn" {
  description = "ARN of the rotated secret; applications read their credentials from it."
  value       = aws_secretsmanager_secret.this.arn
}

output "rotation_function_arn" {
  description = "ARN of the rotation function."
  value       = aws_lambda_function.rotation.arn
}

output "rotation_log_group" {
  description = "Where the rotation function logs each step."
  value       = aws_cloudwatch_log_group.rotation.name
}

output "rotation_security_group_id" {
  description = "Security group of the rotation function."
  value       = aws_security_group.rotation.id
}

output "alerts_topic_arn" {
  description = "SNS topic that receives failed-rotation alerts."
  value       = aws_sns_topic.alerts.arn
}
