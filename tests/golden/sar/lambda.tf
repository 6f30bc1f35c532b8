data "aws_partition" "current" {}

data "aws_region" "current" {}

# AWS's sqlserver single-user rotation function in each partition, at a pinned version,
# so that a later apply deploys the code you reviewed.
locals {
  rotation_application = {
    aws = {
      id      = "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSSQLServerRotationSingleUser"
      version = "1.1.670"
    }
    "aws-cn" = {
      id      = "arn:aws-cn:serverlessrepo:cn-north-1:193023089310:applications/SecretsManagerRDSSQLServerRotationSingleUser"
      version = "1.1.441"
    }
    "aws-us-gov" = {
      id      = "arn:aws-us-gov:serverlessrepo:us-gov-west-1:023102451235:applications/SecretsManagerRDSSQLServerRotationSingleUser"
      version = "1.1.398"
    }
  }
}

# The rotation function from AWS's template. The stack creates the function, its role (scoped to secrets
# that name this function for rotation) and the permission for Secrets Manager to invoke it.
# The template takes no permissions boundary for that role.
resource "aws_serverlessapplicationrepository_cloudformation_stack" "rotation" {
  name             = "app-db-rotation"
  application_id   = local.rotation_application[data.aws_partition.current.partition].id
  semantic_version = local.rotation_application[data.aws_partition.current.partition].version
  capabilities     = ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]
  parameters = {
    endpoint            = "https://secretsmanager.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}"
    functionName        = "app-db-rotation"
    vpcSubnetIds        = join(",", var.subnet_ids)
    vpcSecurityGroupIds = join(",", [aws_security_group.rotation.id])
    excludeCharacters   = "/@\"'\\"
  }
  tags = var.tags
}
