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
data "aws_vpc" "this" {
  id = one(local.subnet_vpc_ids)
  lifecycle {
    precondition {
      condition     = length(local.subnet_vpc_ids) == 1
      error_message = "The rotation function runs in one VPC, so subnet_ids must all be in one VPC; they are in ${join(", ", local.subnet_vpc_ids)}."
    }
  }
}
