output "secret_arn" {
  description = "ARN of the rotated secret; applications read their credentials from it."
  value       = var.secret_arn
}

output "rotation_function_arn" {
  description = "ARN of the rotation function."
  value       = aws_lambda_function.rotation.arn
}

output "rotation_log_group" {
  description = "Where the rotation function logs each step."
  value       = aws_cloudwatch_log_group.rotation.name
}
