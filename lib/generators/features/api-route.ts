import { attr, block, raw, resource, type HclBlock } from "../hcl";
import { TAGS, type TerraformModel } from "../terraform/model";
import type { Feature } from "./feature";
import { HTTPS, ingressFromFunction } from "./function-network";

/**
 * endpoint: how the function reaches the Secrets Manager API from inside the VPC. A new interface endpoint
 * (create) is built here; an existing endpoint or a NAT gateway only has to be there.
 */
export const apiRoute: Feature = {
  name: "the route to the Secrets Manager API",
  applies: (shape) => shape.apiRoute !== null,
  terraform: { "network.tf": (model) => (model.createsEndpoint ? endpointBlocks(model) : []) },
  readme: {
    inYourVpc: (model) => (model.createsEndpoint ? ["a Secrets Manager endpoint"] : []),
    prerequisites: {
      apiRoute: ({ apiRoute }) => [
        apiRoute === "nat"
          ? "The subnets route to the internet through a NAT gateway, so the function can reach the Secrets Manager API."
          : apiRoute === "existing"
            ? "The VPC already has a Secrets Manager interface endpoint with private DNS, and its security group accepts HTTPS from the function."
            : "The VPC has DNS support and DNS host names turned on (the endpoint's private DNS needs both), and no other Secrets Manager endpoint with private DNS.",
      ],
    },
    costs: ({ apiRoute }) =>
      apiRoute === "create"
        ? ["The interface endpoint: about 0.01 USD per hour per Availability Zone, the largest cost here; share one endpoint per VPC."]
        : apiRoute === "nat"
          ? ["NAT gateway traffic for the API calls: negligible, if the NAT gateway exists anyway."]
          : [],
  },
  diagram: ({ shape }) => {
    const nat = shape.apiRoute === "nat";
    return {
      node: {
        id: "network",
        title: nat ? "NAT gateway" : shape.apiRoute === "existing" ? "Existing endpoint" : "New endpoint",
        details: nat ? ["route to Secrets Manager", "to Secrets Manager"] : ["for Secrets Manager", "Secrets Manager"],
      },
      sentence: `It reaches the Secrets Manager API through ${API_ROUTE_WORDS[shape.apiRoute ?? "create"]}.`,
    };
  },
};

const API_ROUTE_WORDS = {
  create: "a new Secrets Manager interface endpoint with private DNS",
  existing: "the VPC's existing Secrets Manager endpoint",
  nat: "a NAT gateway to the internet",
} as const;

function endpointBlocks(model: TerraformModel): HclBlock[] {
  return [
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
              "An interface endpoint takes one subnet per Availability Zone: give subnet_ids in different Availability Zones, or choose Existing endpoint or NAT gateway as the route to the Secrets Manager API.",
            ),
          ]),
        ]),
      ],
      [
        "A private way to the Secrets Manager API. With private DNS the usual host name resolves to it, so the",
        "function needs no internet access. The subnets must be in different Availability Zones, which is checked first.",
      ],
    ),
  ];
}
