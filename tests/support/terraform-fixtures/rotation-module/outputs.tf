output "secret_arn" {
  description = "ARN of the rotated secret."
  value       = aws_secretsmanager_secret.this.arn
}

output "rotation_function_arn" {
  value = aws_lambda_function.rotation.arn
}
