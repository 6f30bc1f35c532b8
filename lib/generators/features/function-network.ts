import { fieldInWords } from "@/lib/config/labels";
import { attr, block, comment, data, raw, resource, type HclBlock, type HclValue } from "../hcl";
import { TAGS, type TerraformModel } from "../terraform/model";
import type { TerraformVariable } from "../terraform/variables";
import type { Feature } from "./feature";

/**
 * The function in the user's VPC: its subnets and the VPC they are in, its own security group when none is
 * given, and the rule that opens the database to it (dbsg). How it reaches the Secrets Manager API is the
 * API route's (api-route.ts).
 */
export const functionNetwork: Feature = {
  name: "the function's network",
  applies: (shape) => shape.usesFunction,
  terraform: {
    "network.tf": (model) => [
      ...vpcOfSubnets(model),
      ...(model.createsFunctionSecurityGroup ? functionSecurityGroup(model) : []),
      ...(model.opensDatabase
        ? [
            ingressFromFunction(
              model,
              "database_from_rotation",
              raw("var.db_security_group_id"),
              model.databasePort,
              "Rotation function to the database",
              "Opens the database port to the rotation function, and to nothing else.",
            ),
          ]
        : []),
    ],
  },
  variables: ({ plan, createsFunctionSecurityGroup, statesVpc, opensDatabase }) => {
    const variables: TerraformVariable[] = [
      { name: "subnet_ids", type: "list(string)", description: "Subnets the rotation function runs in; they must reach the database.", value: plan.subnets, param: "subnets" },
    ];
    if (!createsFunctionSecurityGroup) {
      variables.push({ name: "security_group_ids", type: "list(string)", description: "Security groups of the rotation function.", value: plan.sgs });
    }
    if (statesVpc) {
      variables.push({
        name: "vpc_id",
        type: "string",
        description: "VPC of the subnets, as a cross-check: the bundle finds the VPC from the subnets and stops if this differs.",
        value: plan.vpc,
      });
    }
    if (opensDatabase) {
      variables.push({
        name: "db_security_group_id",
        type: "string",
        description: "Security group of the database; it gets a rule that lets the rotation function in.",
        value: plan.dbsg,
      });
    }
    return variables;
  },
  outputs: (model) =>
    model.createsFunctionSecurityGroup
      ? [{ name: "rotation_security_group_id", description: "Security group of the rotation function.", value: raw("aws_security_group.rotation.id") }]
      : [],
  diagram: ({ shape: { plan } }) => ({ subnets: { count: plan.subnets.length, vpc: plan.vpc } }),
  readme: {
    inYourVpc: (model) =>
      [
        model.createsFunctionSecurityGroup && "the function's own security group (out to the database and HTTPS only)",
        model.opensDatabase && "a rule that opens the database's security group to the function",
      ].filter((piece): piece is string => typeof piece === "string"),
    prerequisites: {
      databaseAccess: (model) =>
        model.opensDatabase
          ? []
          : [`The database's security group accepts the function's security group on the database port (no ${fieldInWords("dbsg")} was given, so the bundle cannot add that rule).`],
    },
  },
};

export const HTTPS = 443;

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
export function ingressFromFunction(model: TerraformModel, name: string, target: HclValue, port: number, description: string, why: string): HclBlock {
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

function functionSecurityGroup(model: TerraformModel): HclBlock[] {
  return [
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
          model.opensDatabase ? { referenced_security_group_id: raw("var.db_security_group_id") } : { cidr_ipv4: raw("data.aws_vpc.this.cidr_block") },
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
          model.apiRoute === "create"
            ? { referenced_security_group_id: raw("aws_security_group.endpoint.id") }
            : model.apiRoute === "existing"
              ? { cidr_ipv4: raw("data.aws_vpc.this.cidr_block") }
              : { cidr_ipv4: "0.0.0.0/0" },
        ),
        attr("tags", TAGS),
      ],
      model.apiRoute === "nat"
        ? "The function calls the Secrets Manager API over HTTPS through your NAT gateway, so the rule is open to the internet on 443 only."
        : "The function calls the Secrets Manager API over HTTPS through the VPC endpoint.",
    ),
  ];
}

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
  const uses = [
    model.createsFunctionSecurityGroup && "the function's security group",
    model.createsEndpoint && "the endpoint and its security group",
  ].filter((use): use is string => typeof use === "string");
  const usesRange = model.createsFunctionSecurityGroup && (!model.opensDatabase || model.apiRoute === "existing");
  return [
    uses.length > 0 && `Its id places ${uses.join(" and ")}.`,
    usesRange && "Its address range serves the rules whose other side has no security group we know.",
  ].filter((line): line is string => typeof line === "string");
}
