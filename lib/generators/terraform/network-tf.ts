import { attr, block, comment, data, raw, resource, type HclBlock, type HclValue } from "../hcl";
import type { TerraformFile } from "./files";
import { TAGS, terraformModel, type TerraformModel } from "./model";

const HTTPS = 443;

/** A TCP rule for one port; `peer` is the rule's other side. */
function tcpRule(port: number, description: string, peer: { referenced_security_group_id: HclValue } | { cidr_ipv4: HclValue }) {
  return [
    attr("description", description),
    attr("ip_protocol", "tcp"),
    attr("from_port", port),
    attr("to_port", port),
    ...Object.entries(peer).map(([name, value]) => attr(name, value)),
  ];
}

/**
 * Rules that let the function's security groups in somewhere: one rule for the group we create, or one
 * per given group (`for_each`), since the function may use several.
 */
function ingressFromFunction(model: TerraformModel, name: string, target: HclValue, port: number, description: string, why: string): HclBlock {
  const fromGiven = !model.createsFunctionSecurityGroup;
  return resource(
    "aws_vpc_security_group_ingress_rule",
    name,
    [
      fromGiven && attr("for_each", raw("toset(var.security_group_ids)")),
      attr("security_group_id", target),
      ...tcpRule(port, description, {
        referenced_security_group_id: fromGiven ? raw("each.value") : raw("aws_security_group.rotation.id"),
      }),
      attr("tags", TAGS),
    ],
    why,
  );
}

export const networkTf: TerraformFile = {
  path: "network.tf",
  summary: "How the function reaches the database and the Secrets Manager API from inside your VPC.",
  blocks({ plan }) {
    const model = terraformModel(plan);
    if (!model.usesFunction) return [];
    const blocks: HclBlock[] = [...vpcOfSubnets(model)];
    if (model.createsFunctionSecurityGroup) {
      blocks.push(
        resource(
          "aws_security_group",
          "rotation",
          [
            attr("name_prefix", `${model.names.securityGroup}-`),
            attr("description", "Rotation function: out to the database and the Secrets Manager API only"),
            attr("vpc_id", model.refs.vpcId),
            attr("tags", TAGS),
          ],
          "The function's own security group. It allows no inbound traffic and only the outbound traffic below.",
        ),
        resource(
          "aws_vpc_security_group_egress_rule",
          "rotation_to_database",
          [
            attr("security_group_id", raw("aws_security_group.rotation.id")),
            ...tcpRule(
              model.databasePort,
              "Rotation function to the database",
              plan.dbsg !== "" ? { referenced_security_group_id: raw("var.db_security_group_id") } : { cidr_ipv4: raw("data.aws_vpc.this.cidr_block") },
            ),
            attr("tags", TAGS),
          ],
          "The function logs in to the database to change and test the password.",
        ),
        resource(
          "aws_vpc_security_group_egress_rule",
          "rotation_to_secretsmanager",
          [
            attr("security_group_id", raw("aws_security_group.rotation.id")),
            ...tcpRule(
              HTTPS,
              "Rotation function to the Secrets Manager API",
              plan.endpoint === "create"
                ? { referenced_security_group_id: raw("aws_security_group.endpoint.id") }
                : plan.endpoint === "existing"
                  ? { cidr_ipv4: raw("data.aws_vpc.this.cidr_block") }
                  : { cidr_ipv4: "0.0.0.0/0" },
            ),
            attr("tags", TAGS),
          ],
          plan.endpoint === "nat"
            ? "The function calls the Secrets Manager API over HTTPS through your NAT gateway, so the rule is open to the internet on 443 only."
            : "The function calls the Secrets Manager API over HTTPS through the VPC endpoint.",
        ),
      );
    }
    if (plan.dbsg !== "") {
      blocks.push(
        ingressFromFunction(
          model,
          "database_from_rotation",
          raw("var.db_security_group_id"),
          model.databasePort,
          "Rotation function to the database",
          "Opens the database port to the rotation function, and to nothing else.",
        ),
      );
    }
    if (model.createsEndpoint) {
      blocks.push(
        resource(
          "aws_security_group",
          "endpoint",
          [
            attr("name_prefix", `${model.names.endpointSecurityGroup}-`),
            attr("description", "Secrets Manager endpoint: HTTPS from the rotation function"),
            attr("vpc_id", model.refs.vpcId),
            attr("tags", TAGS),
          ],
          "Security group of the Secrets Manager endpoint.",
        ),
        ingressFromFunction(
          model,
          "endpoint_from_rotation",
          raw("aws_security_group.endpoint.id"),
          HTTPS,
          "Rotation function to the Secrets Manager API",
          "The endpoint accepts HTTPS from the rotation function.",
        ),
        resource(
          "aws_vpc_endpoint",
          "secretsmanager",
          [
            attr("vpc_id", model.refs.vpcId),
            attr("service_name", raw('"com.amazonaws.${data.aws_region.current.region}.secretsmanager"')),
            attr("vpc_endpoint_type", "Interface"),
            attr("private_dns_enabled", true),
            attr("subnet_ids", raw("var.subnet_ids")),
            attr("security_group_ids", [raw("aws_security_group.endpoint.id")]),
            attr("tags", TAGS),
            block("lifecycle", [], [
              block("precondition", [], [
                attr("condition", raw("length(distinct(values(data.aws_subnet.rotation)[*].availability_zone)) == length(var.subnet_ids)")),
                attr(
                  "error_message",
                  "An interface endpoint takes one subnet per Availability Zone: give subnet_ids in different Availability Zones, or use endpoint=existing or nat.",
                ),
              ]),
            ]),
          ],
          [
            "A private way to the Secrets Manager API. With private DNS the usual host name resolves to it, so the",
            "function needs no internet access. The subnets must be in different Availability Zones, which is checked first.",
          ],
        ),
      );
    }
    return blocks;
  },
};

/**
 * The VPC comes from the subnets: AWS knows it, so the plan needs only the subnet ids. All subnets must be
 * in one VPC, and a VPC id the plan states must be that one; both are checked while planning.
 */
function vpcOfSubnets(model: TerraformModel): HclBlock[] {
  const preconditions = [
    block("precondition", [], [
      attr("condition", raw("length(local.subnet_vpc_ids) == 1")),
      attr("error_message", raw('"The rotation function runs in one VPC, so subnet_ids must all be in one VPC; they are in ${join(", ", local.subnet_vpc_ids)}."')),
    ]),
    model.statesVpc &&
      block("precondition", [], [
        attr("condition", raw("alltrue([for vpc_id in local.subnet_vpc_ids : vpc_id == var.vpc_id])")),
        attr("error_message", raw('"vpc_id is ${var.vpc_id}, but subnet_ids are in ${join(", ", local.subnet_vpc_ids)}: correct vpc_id, or leave it out and the VPC is taken from the subnets."')),
      ]),
  ];
  return [
    data(
      "aws_subnet",
      "rotation",
      [attr("for_each", raw("toset(var.subnet_ids)")), attr("id", raw("each.value"))],
      "Each of the function's subnets, as AWS reports it: its VPC and Availability Zone.",
    ),
    block("locals", [], [
      comment("The VPCs of the function's subnets: exactly one, which data.aws_vpc.this checks."),
      attr("subnet_vpc_ids", raw("distinct(values(data.aws_subnet.rotation)[*].vpc_id)")),
    ]),
    data("aws_vpc", "this", [attr("id", raw("one(local.subnet_vpc_ids)")), block("lifecycle", [], preconditions)], [
      ...(model.statesVpc
        ? ["The VPC of the subnets, which must be the vpc_id given: the plan stops here if the subnets span", "VPCs or vpc_id differs."]
        : ["The VPC of the subnets, so that the plan needs no VPC id: the plan stops here if the subnets span VPCs."]),
      ...vpcUses(model),
    ]),
  ];
}

/** What the bundle takes from the VPC, for the comment above it. */
function vpcUses(model: TerraformModel): string[] {
  const { plan } = model;
  const uses = [
    model.createsFunctionSecurityGroup && "the function's security group",
    model.createsEndpoint && "the endpoint and its security group",
  ].filter((use): use is string => typeof use === "string");
  const usesRange = model.createsFunctionSecurityGroup && (plan.dbsg === "" || plan.endpoint === "existing");
  return [
    uses.length > 0 && `Its id places ${uses.join(" and ")}.`,
    usesRange && "Its address range serves the rules whose other side has no security group we know.",
  ].filter((line): line is string => typeof line === "string");
}
