variable "region" {
  description = "AWS region."
  type        = string
}

variable "name" {
  description = "Prefix for every resource name."
  type        = string
  default     = "app-db"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,39}$", var.name))
    error_message = "Use 2-40 lowercase letters, digits and dashes."
  }
}

variable "subnet_ids" {
  description = "Subnets the rotation Lambda runs in."
  type        = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

variable "rotation_days" {
  type    = number
  default = 30
}

variable "dead_letter_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
