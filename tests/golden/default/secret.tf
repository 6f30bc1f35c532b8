# The secret applications read their database credentials from; the rotation function keeps it current.
# trivy:ignore:AVD-AWS-0098 the AWS managed key aws/secretsmanager encrypts the secret; give the plan a KMS key ARN to use a customer managed key
resource "aws_secretsmanager_secret" "this" {
  # checkov:skip=CKV_AWS_149:the AWS managed key aws/secretsmanager encrypts the secret; give the plan a KMS key ARN to use a customer managed key
  name_prefix = "app-db-credentials-"
  description = "Credentials of the PostgreSQL user that app-db-rotation rotates."
  tags        = var.tags
}

# The versions the secret holds and their labels. Read before the first value is stored, so that
# initial_password is asked for on the first apply only, and never written over a rotated password.
data "aws_secretsmanager_secret_versions" "this" {
  secret_id = aws_secretsmanager_secret.this.id
}

locals {
  # Every staging label the secret's versions carry; none before the first value is stored.
  secret_labels = flatten(data.aws_secretsmanager_secret_versions.this.versions[*].version_stages)
}

# The first value, in the JSON shape AWS rotation functions read. It goes through a write-only argument,
# so the password is never stored in state, and its version stays 1, so Terraform never sends it again.
# The version keeps the label TERRAFORM_INITIAL, which rotation never moves: Secrets Manager never deletes it,
# it stays in state, and a later apply never replaces a rotated password. Rotation moves AWSCURRENT away from
# it; ignore_changes keeps Terraform from moving the label back. The first value stays readable under the
# label but stops logging in once rotation has changed that user's password.
resource "aws_secretsmanager_secret_version" "initial" {
  secret_id = aws_secretsmanager_secret.this.id
  secret_string_wo = jsonencode({
    engine   = "postgres"
    host     = var.db_host
    port     = var.db_port
    dbname   = var.db_name
    username = var.db_username
    password = var.initial_password
  })
  secret_string_wo_version = 1
  version_stages           = ["AWSCURRENT", "TERRAFORM_INITIAL"]
  lifecycle {
    ignore_changes = [version_stages]
    precondition {
      condition     = var.initial_password != null || contains(local.secret_labels, "TERRAFORM_INITIAL")
      error_message = "initial_password is needed on the first apply, which stores it as the secret's first value: export TF_VAR_initial_password and apply again."
    }
    precondition {
      condition     = length(local.secret_labels) == 0 || contains(local.secret_labels, "TERRAFORM_INITIAL")
      error_message = "The secret already holds values, but none labelled TERRAFORM_INITIAL, so Terraform could write initial_password over the password rotation set. Put the label back on the secret's first version (aws secretsmanager update-secret-version-stage --version-stage TERRAFORM_INITIAL --move-to-version-id <its id>)."
    }
  }
}
