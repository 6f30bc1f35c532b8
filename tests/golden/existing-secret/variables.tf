variable "secret_arn" {
  description = "ARN of the existing secret to rotate."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets the rotation function runs in; they must reach the database."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the rotation function."
  type        = list(string)
}

variable "use_custom_ca" {
  description = "true: the function checks the database's certificate against your CA, lambda/custom-ca.pem (build.sh packages it), instead of the RDS CA bundle. For a database whose certificate your own CA signed."
  type        = bool
  default     = false
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
