import type { Expr } from "../../hcl/ast";
import { attributeOf, memo, nestedBlocks, resourcesOf, type TfBlock } from "../../terraform/project";
import { exprText, quoted, renderBlock, resourceBlock } from "../../terraform/text";
import { boolValue, evaluate, literalStrings, stringList, stringValue } from "../../terraform/values";
import { finding, hcl, type Finding } from "../../types";
import { vpcConfig, type Context, type SecretTarget, type Where } from "../context";
import { isAwsManagedKey } from "./iam-actions";
import { at } from "./shared";

/**
 * function-not-in-vpc and no-secretsmanager-route, for a Lambda function and for AWS's template deployed
 * as a CloudFormation stack (whose KMS parameter is checked here too, as it is read from the same
 * parameters): can the function reach the database's network, and from there the Secrets Manager API.
 */

function stackParameters(stack: TfBlock): Map<string, Expr> {
  const parameters = attributeOf(stack, "parameters")?.expr;
  const map = new Map<string, Expr>();
  if (parameters?.kind !== "object") return map;
  for (const item of parameters.items) {
    const key = item.key.kind === "traversal" && item.key.steps.length === 0 ? item.key.root : stringValue(stack.module, item.key);
    if (key !== null) map.set(key, item.value);
  }
  return map;
}

export function stackChecks(ctx: Context, target: SecretTarget, stack: TfBlock, checked: Set<TfBlock>): Finding[] {
  const findings: Finding[] = [];
  const parameters = stackParameters(stack);
  const kmsText = target.kms ? stringValue(target.kms.module, target.kms.expr) : (target.describe?.kmsKeyId ?? null);
  if ((target.kms || target.describe?.kmsKeyId) && !isAwsManagedKey(kmsText) && !parameters.has("kmsKeyArn")) {
    findings.push(
      finding(
        "iam-action-missing",
        "error",
        at(stack, attributeOf(stack, "parameters")?.line),
        `${stack.address} deploys AWS's template without kmsKeyArn, so its role may not use the secret's KMS key`,
        `${target.label} is encrypted with a customer managed key. AWS's rotation template grants kms:Decrypt and kms:GenerateDataKey only on the key given as its kmsKeyArn parameter, so every step that reads or writes the secret fails.`,
        `Pass the key to the template:\n\n${hcl(`kmsKeyArn = ${target.kms ? exprText(target.kms.expr) : quoted(kmsText ?? "")}`)}\n\n(in the stack's parameters).`,
      ),
    );
  }
  if (checked.has(stack)) return findings;
  checked.add(stack);
  const subnets = parameters.get("vpcSubnetIds");
  const subnetText = subnets ? stringValue(stack.module, subnets) : null;
  if (!subnets || subnetText === "") {
    const severity = privateDatabase(target) ? "error" : "warning";
    findings.push(
      finding(
        "function-not-in-vpc",
        severity,
        at(stack, attributeOf(stack, "parameters")?.line),
        `${stack.address} deploys AWS's rotation function outside your VPC (no vpcSubnetIds)`,
        "Without vpcSubnetIds and vpcSecurityGroupIds, AWS's template creates the function outside any VPC, where it reaches only publicly accessible databases. A database in private subnets is out of reach: setSecret times out.",
        `Pass the subnets and security groups that reach the database:\n\n${hcl(`vpcSubnetIds        = join(",", var.subnet_ids)\nvpcSecurityGroupIds = join(",", var.security_group_ids)`)}\n\n(in the stack's parameters).`,
      ),
    );
  } else if (!parameters.has("endpoint") && !routeVisible(ctx)) {
    findings.push(noRouteFinding(at(stack, attributeOf(stack, "parameters")?.line), stack.address, "var.subnet_ids"));
  }
  return findings;
}

function privateDatabase(target: SecretTarget): boolean {
  const db = target.database;
  if (!db) return false;
  if (db.type === "aws_docdb_cluster") return true;
  const publicFlag = boolValue(db.module, attributeOf(db, "publicly_accessible")?.expr);
  if (db.type === "aws_rds_cluster") return true;
  return publicFlag !== true && (attributeOf(db, "publicly_accessible") === undefined || publicFlag === false);
}

export function networkOf(ctx: Context, target: SecretTarget, fn: TfBlock): Finding[] {
  if (fn.body.blocks.some((b) => b.type === "dynamic")) return [];
  const vpc = vpcConfig(fn);
  const subnets = vpc?.body.attributes.find((a) => a.name === "subnet_ids");
  const list = subnets ? stringList(fn.module, subnets.expr) : null;
  if (!vpc || !subnets || (list !== null && list.complete && list.items.length === 0)) {
    const severity = privateDatabase(target) ? "error" : "warning";
    const database = target.database ? `${target.database.address} is not publicly accessible, so ` : "If the database is in private subnets (the usual case, and RDS's default), ";
    return [
      finding(
        "function-not-in-vpc",
        severity,
        at(fn),
        `${fn.address} runs outside your VPC: it has no vpc_config`,
        `A Lambda function without vpc_config runs in AWS's network and reaches only endpoints on the internet. ${database}setSecret cannot reach it: the rotation fails after a timeout.`,
        `Run the function in subnets that reach the database, with a security group the database admits:\n\n${hcl(renderBlock("vpc_config", [["subnet_ids", "var.subnet_ids"], ["security_group_ids", "[aws_security_group.rotation.id]"]]))}\n\n(inside ${fn.address}; the role then needs the network-interface actions, for example the AWSLambdaVPCAccessExecutionRole policy).`,
      ),
    ];
  }
  const environment = nestedBlocks(fn.body, "environment")[0];
  const variables = environment?.body.attributes.find((a) => a.name === "variables");
  const value = variables ? evaluate(fn.module, variables.expr) : null;
  const hasEndpoint =
    (variables?.expr.kind === "object" && variables.expr.items.some((item) => item.key.kind === "traversal" && item.key.root === "SECRETS_MANAGER_ENDPOINT")) ||
    (value !== null && typeof value === "object" && !Array.isArray(value) && "SECRETS_MANAGER_ENDPOINT" in value) ||
    (variables !== undefined && variables.expr.kind !== "object" && !(value !== null && typeof value === "object"));
  if (hasEndpoint || routeVisible(ctx)) return [];
  return [noRouteFinding(at(fn, vpc.line), fn.address, exprText(subnets.expr))];
}

function noRouteFinding(where: Where, fnAddress: string, subnets: string): Finding {
  const endpoint = resourceBlock("resource", "aws_vpc_endpoint", "secretsmanager", [
    ["vpc_id", "var.vpc_id"],
    ["service_name", '"com.amazonaws.${data.aws_region.current.region}.secretsmanager"'],
    ["vpc_endpoint_type", quoted("Interface")],
    ["private_dns_enabled", "true"],
    ["subnet_ids", subnets],
    ["security_group_ids", "[aws_security_group.secretsmanager_endpoint.id]"],
  ]);
  return finding(
    "no-secretsmanager-route",
    "warning",
    where,
    `${fnAddress} runs in a VPC, and nothing here shows how it reaches the Secrets Manager API`,
    "A function in a VPC has no internet access of its own. Every rotation step calls the Secrets Manager API, so without an interface endpoint for Secrets Manager (with private DNS) or a NAT gateway the calls time out: the log shows nothing after \"Found credentials in environment variables\", then \"Task timed out\". If the VPC already has either outside this Terraform, nothing is wrong.",
    `Add an interface endpoint whose security group admits HTTPS (443) from the function, or route the subnets through a NAT gateway:\n\n${hcl(endpoint)}`,
  );
}

/** Anything in the project that gives a VPC a way to the Secrets Manager API. */
function routeVisible(ctx: Context): boolean {
  return memo(ctx.project, "route-visible", () => findRoute(ctx));
}

function findRoute(ctx: Context): boolean {
  const project = ctx.project;
  for (const endpoint of resourcesOf(project, "aws_vpc_endpoint")) {
    if (endpoint.opaque) return true;
    const service = attributeOf(endpoint, "service_name");
    if (!service || literalStrings(endpoint.module, service.expr).some((text) => text.includes("secretsmanager"))) return true;
  }
  if (resourcesOf(project, "aws_nat_gateway").length > 0) return true;
  for (const route of resourcesOf(project, "aws_route")) if (attributeOf(route, "nat_gateway_id") || attributeOf(route, "gateway_id")) return true;
  for (const table of resourcesOf(project, "aws_route_table")) {
    for (const route of nestedBlocks(table.body, "route")) if (route.body.attributes.some((a) => a.name === "nat_gateway_id" || a.name === "gateway_id")) return true;
  }
  // A VPC module (terraform-aws-modules/vpc and the like) usually brings NAT gateways and endpoints.
  for (const block of project.blocks) {
    if (block.kind !== "module") continue;
    const source = attributeOf(block, "source");
    if (source && literalStrings(block.module, source.expr).some((text) => /vpc|network|endpoint/i.test(text))) return true;
  }
  return false;
}
