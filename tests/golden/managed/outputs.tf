output "secret_arn" {
  description = "ARN of the rotated secret; applications read their credentials from it."
  value       = var.secret_arn
}

output "alerts_topic_arn" {
  description = "SNS topic that receives failed-rotation alerts."
  value       = aws_sns_topic.alerts.arn
}
