import { attr, data, raw, resource, type HclBlock, type HclValue } from "../hcl";
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
    const blocks: HclBlock[] = [];
    const needsVpcCidr = model.createsFunctionSecurityGroup && (plan.dbsg === "" || plan.endpoint === "existing");
    if (needsVpcCidr) {
      blocks.push(data("aws_vpc", "this", [attr("id", raw("var.vpc_id"))], "The VPC's address range, for rules whose other side has no security group we know."));
    }
    if (model.createsFunctionSecurityGroup) {
      blocks.push(
        resource(
          "aws_security_group",
          "rotation",
          [
            attr("name_prefix", `${model.names.securityGroup}-`),
            attr("description", "Rotation function: out to the database and the Secrets Manager API only"),
            attr("vpc_id", raw("var.vpc_id")),
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
            attr("vpc_id", raw("var.vpc_id")),
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
            attr("vpc_id", raw("var.vpc_id")),
            attr("service_name", raw('"com.amazonaws.${data.aws_region.current.region}.secretsmanager"')),
            attr("vpc_endpoint_type", "Interface"),
            attr("private_dns_enabled", true),
            attr("subnet_ids", raw("var.subnet_ids")),
            attr("security_group_ids", [raw("aws_security_group.endpoint.id")]),
            attr("tags", TAGS),
          ],
          [
            "A private way to the Secrets Manager API. With private DNS the usual host name resolves to it, so the",
            "function needs no internet access. The subnets must be in different Availability Zones.",
          ],
        ),
      );
    }
    return blocks;
  },
};
