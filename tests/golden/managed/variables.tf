variable "secret_arn" {
  description = "ARN of the secret that the database service manages for its master user."
  type        = string
}

variable "alarm_email" {
  description = "Where failed-rotation alerts are e-mailed."
  type        = string
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}

# The region Terraform runs in must be the region of secret_arn; otherwise the plan stops here, before
# anything is created in the wrong region.
data "aws_region" "target" {
  lifecycle {
    postcondition {
      condition     = split(":", var.secret_arn)[3] == self.region
      error_message = "secret_arn is in region ${split(":", var.secret_arn)[3]}, but Terraform runs in ${self.region}: configure the AWS provider for ${split(":", var.secret_arn)[3]} (AWS_REGION, or region in the provider block)."
    }
  }
}

# The account of Terraform's credentials must be the account of secret_arn; otherwise the plan stops
# here, before anything is created in the wrong account.
data "aws_caller_identity" "target" {
  lifecycle {
    postcondition {
      condition     = split(":", var.secret_arn)[4] == self.account_id
      error_message = "secret_arn belongs to account ${split(":", var.secret_arn)[4]}, but Terraform runs with credentials of account ${self.account_id}: use credentials of account ${split(":", var.secret_arn)[4]}."
    }
  }
}
