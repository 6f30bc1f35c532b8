# Each of the function's subnets, as AWS reports it: its VPC and Availability Zone.
data "aws_subnet" "rotation" {
  for_each = toset(var.subnet_ids)
  id       = each.value
}

locals {
  # The VPCs of the function's subnets: exactly one, which data.aws_vpc.this checks.
  subnet_vpc_ids = distinct(values(data.aws_subnet.rotation)[*].vpc_id)
}

# The VPC of the subnets, so that the plan needs no VPC id: the plan stops here if the subnets span VPCs.
# Its id places the function's security group and the endpoint and its security group.
# Its address range serves the rules whose other side has no security group we know.
data "aws_vpc" "this" {
  id = one(local.subnet_vpc_ids)
  lifecycle {
    precondition {
      condition     = length(local.subnet_vpc_ids) == 1
      error_message = "The rotation function runs in one VPC, so subnet_ids must all be in one VPC; they are in ${join(", ", local.subnet_vpc_ids)}."
    }
  }
}

# The function's own security group. It allows no inbound traffic and only the outbound traffic below.
resource "aws_security_group" "rotation" {
  name_prefix = "app-db-rotation-"
  description = "Rotation function: out to the database and the Secrets Manager API only"
  vpc_id      = data.aws_vpc.this.id
  tags        = var.tags
}

# The function logs in to the database to change and test the password.
resource "aws_vpc_security_group_egress_rule" "rotation_to_database" {
  security_group_id = aws_security_group.rotation.id
  description       = "Rotation function to the database"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = data.aws_vpc.this.cidr_block
  tags              = var.tags
}

# The function calls the Secrets Manager API over HTTPS through the VPC endpoint.
resource "aws_vpc_security_group_egress_rule" "rotation_to_secretsmanager" {
  security_group_id            = aws_security_group.rotation.id
  description                  = "Rotation function to the Secrets Manager API"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.endpoint.id
  tags                         = var.tags
}

# Security group of the Secrets Manager endpoint.
resource "aws_security_group" "endpoint" {
  name_prefix = "app-db-secretsmanager-endpoint-"
  description = "Secrets Manager endpoint: HTTPS from the rotation function"
  vpc_id      = data.aws_vpc.this.id
  tags        = var.tags
}

# The endpoint accepts HTTPS from the rotation function.
resource "aws_vpc_security_group_ingress_rule" "endpoint_from_rotation" {
  security_group_id            = aws_security_group.endpoint.id
  description                  = "Rotation function to the Secrets Manager API"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.rotation.id
  tags                         = var.tags
}

# A private way to the Secrets Manager API. With private DNS the usual host name resolves to it, so the
# function needs no internet access. The subnets must be in different Availability Zones, which is checked first.
resource "aws_vpc_endpoint" "secretsmanager" {
  vpc_id              = data.aws_vpc.this.id
  service_name        = "com.amazonaws.${data.aws_region.current.region}.secretsmanager"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoint.id]
  tags                = var.tags
  lifecycle {
    precondition {
      condition     = length(distinct(values(data.aws_subnet.rotation)[*].availability_zone)) == length(var.subnet_ids)
      error_message = "An interface endpoint takes one subnet per Availability Zone: give subnet_ids in different Availability Zones, or choose Existing endpoint or NAT gateway as the route to the Secrets Manager API."
    }
  }
}
