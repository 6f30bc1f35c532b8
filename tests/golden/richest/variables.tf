variable "db_host" {
  description = "Host name of the PostgreSQL server, as the rotation function reaches it."
  type        = string
}

variable "db_port" {
  description = "Port of the database server."
  type        = number
  default     = 5432
}

variable "db_name" {
  description = "Database the rotated user logs in to."
  type        = string
}

variable "db_username" {
  description = "Database user whose password is rotated."
  type        = string
}

variable "initial_password" {
  description = "The user's current password, needed on the first apply only: it becomes the secret's first value and never enters state. Pass it as TF_VAR_initial_password."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "master_secret_arn" {
  description = "ARN of the admin secret whose user creates and updates the _clone user."
  type        = string
}

variable "master_kms_key_arn" {
  description = "Customer managed KMS key that encrypts the admin secret; the rotation function decrypts the admin secret with it."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer managed KMS key that encrypts the secret."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets the rotation function runs in; they must reach the database."
  type        = list(string)
}

variable "vpc_id" {
  description = "VPC of the subnets, as a cross-check: the bundle finds the VPC from the subnets and stops if this differs."
  type        = string
}

variable "db_security_group_id" {
  description = "Security group of the database; it gets a rule that lets the rotation function in."
  type        = string
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of the rotation function's role, where your organisation requires one."
  type        = string
}

variable "use_custom_ca" {
  description = "true: the function checks the database's certificate against your CA, lambda/custom-ca.pem (build.sh packages it), instead of the RDS CA bundle. For a database whose certificate your own CA signed."
  type        = bool
  default     = false
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

# The region Terraform runs in must be the region of master_secret_arn, master_kms_key_arn and
# kms_key_arn; otherwise the plan stops here, before anything is created in the wrong region.
data "aws_region" "target" {
  lifecycle {
    postcondition {
      condition     = split(":", var.master_secret_arn)[3] == self.region
      error_message = "master_secret_arn is in region ${split(":", var.master_secret_arn)[3]}, but Terraform runs in ${self.region}: configure the AWS provider for ${split(":", var.master_secret_arn)[3]} (AWS_REGION, or region in the provider block)."
    }
    postcondition {
      condition     = split(":", var.master_kms_key_arn)[3] == self.region
      error_message = "master_kms_key_arn is in region ${split(":", var.master_kms_key_arn)[3]}, but Terraform runs in ${self.region}: configure the AWS provider for ${split(":", var.master_kms_key_arn)[3]} (AWS_REGION, or region in the provider block)."
    }
    postcondition {
      condition     = split(":", var.kms_key_arn)[3] == self.region
      error_message = "kms_key_arn is in region ${split(":", var.kms_key_arn)[3]}, but Terraform runs in ${self.region}: configure the AWS provider for ${split(":", var.kms_key_arn)[3]} (AWS_REGION, or region in the provider block)."
    }
  }
}

# The account of Terraform's credentials must be the account of master_secret_arn, master_kms_key_arn,
# kms_key_arn and permissions_boundary_arn; otherwise the plan stops here, before anything is created
# in the wrong account.
data "aws_caller_identity" "target" {
  lifecycle {
    postcondition {
      condition     = split(":", var.master_secret_arn)[4] == self.account_id
      error_message = "master_secret_arn belongs to account ${split(":", var.master_secret_arn)[4]}, but Terraform runs with credentials of account ${self.account_id}: use credentials of account ${split(":", var.master_secret_arn)[4]}."
    }
    postcondition {
      condition     = split(":", var.master_kms_key_arn)[4] == self.account_id
      error_message = "master_kms_key_arn belongs to account ${split(":", var.master_kms_key_arn)[4]}, but Terraform runs with credentials of account ${self.account_id}: use credentials of account ${split(":", var.master_kms_key_arn)[4]}."
    }
    postcondition {
      condition     = split(":", var.kms_key_arn)[4] == self.account_id
      error_message = "kms_key_arn belongs to account ${split(":", var.kms_key_arn)[4]}, but Terraform runs with credentials of account ${self.account_id}: use credentials of account ${split(":", var.kms_key_arn)[4]}."
    }
    postcondition {
      condition     = contains([self.account_id, "aws"], split(":", var.permissions_boundary_arn)[4])
      error_message = "permissions_boundary_arn belongs to account ${split(":", var.permissions_boundary_arn)[4]}, but Terraform runs with credentials of account ${self.account_id}: use credentials of account ${split(":", var.permissions_boundary_arn)[4]}."
    }
  }
}
