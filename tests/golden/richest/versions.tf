# Terraform 1.11.0 or later: the initial password goes through a write-only argument and an ephemeral variable.
# Provider versions as known on 2026-11-25, when Terraform 1.16.0 was the newest release we knew of.
terraform {
  required_version = ">= 1.11.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.47"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.8"
    }
  }
}
