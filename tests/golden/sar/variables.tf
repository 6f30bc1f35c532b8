variable "db_host" {
  description = "Host name of the SQL Server server, as the rotation function reaches it."
  type        = string
}

variable "db_port" {
  description = "Port of the database server."
  type        = number
  default     = 1433
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

variable "subnet_ids" {
  description = "Subnets the rotation function runs in; they must reach the database."
  type        = list(string)
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}
