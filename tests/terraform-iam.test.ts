/**
 * Least privilege is true: the rotation function's role has one inline policy and no AWS managed policy
 * (AWSLambdaVPCAccessExecutionRole grants logs:CreateLogGroup and logs:PutLogEvents on every log group,
 * which would make the scoped log statement moot). Checked on the parsed Terraform of a matrix of plans.
 */
import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import type { Plan } from "@/lib/config";
import { PLAN_MATRIX, planOfQuery, RICHEST_QUERY } from "./support/plan-matrix";
import { bundleOf } from "./support/plans";

type Body = Record<string, unknown>;

interface Statement {
  sid?: string;
  actions: string[];
  resources: string[] | string;
  condition?: unknown[];
}

/** Every block of the bundle's .tf files by address (`type.name`, `data.type.name`, `locals`). */
async function blocksOf(plan: Plan): Promise<Map<string, Body>> {
  const blocks = new Map<string, Body>();
  for (const file of bundleOf(plan).filter((f) => f.path.endsWith(".tf"))) {
    const json = (await parse(file.path, file.content)) as Record<string, unknown>;
    for (const kind of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, Body[]>>)) {
        for (const [name, bodies] of Object.entries(byName)) blocks.set(`${kind === "data" ? "data." : ""}${type}.${name}`, bodies[0]!);
      }
    }
    for (const locals of (json.locals ?? []) as Body[]) for (const [name, value] of Object.entries(locals)) blocks.set(`local.${name}`, { value });
  }
  return blocks;
}

const tfvarsOf = (plan: Plan) => bundleOf(plan).find((f) => f.path === "terraform.tfvars")?.content ?? "";

function rolePolicy(blocks: Map<string, Body>): Statement[] {
  return (blocks.get("data.aws_iam_policy_document.rotation")?.statement ?? []) as Statement[];
}

const resourcesOf = (statement: Statement) => (Array.isArray(statement.resources) ? statement.resources : [statement.resources]);

/** The actions of AWSLambdaVPCAccessExecutionRole that concern network interfaces (its policy version v3). */
const NETWORK_INTERFACE_ACTIONS = [
  "ec2:AssignPrivateIpAddresses",
  "ec2:CreateNetworkInterface",
  "ec2:DeleteNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:UnassignPrivateIpAddresses",
];

/** The only actions that may be granted on "*": IAM defines no resource for them. */
const RESOURCELESS_ACTIONS = new Set([
  "secretsmanager:GetRandomPassword",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
]);

const BUNDLED = Object.entries(PLAN_MATRIX)
  .map(([name, query]) => [name, planOfQuery(query)] as const)
  .filter(([, plan]) => plan.strategy !== "managed" && plan.lambda === "bundled");

describe("the rotation function's role", () => {
  it.each(BUNDLED)("has no AWS managed policy, and grants nothing on * but resourceless actions (%s)", async (_, plan) => {
    const blocks = await blocksOf(plan);
    const attachments = [...blocks.keys()].filter((address) => /^aws_iam_(role_policy_attachment|policy_attachment|role_policy_attachments_exclusive)\./.test(address));
    expect(attachments).toEqual([]);
    expect(blocks.get("aws_iam_role.rotation")?.managed_policy_arns).toBeUndefined();
    for (const statement of rolePolicy(blocks)) {
      if (!resourcesOf(statement).includes("*")) continue;
      for (const action of statement.actions) {
        expect(RESOURCELESS_ACTIONS.has(action), `${statement.sid}: ${action} on *`).toBe(true);
        expect(action.startsWith("logs:"), `${statement.sid}: ${action} on *`).toBe(false);
      }
    }
  });

  it.each(BUNDLED)("writes logs only to the function's own log group (%s)", async (_, plan) => {
    const logs = rolePolicy(await blocksOf(plan)).filter((s) => s.actions.some((a) => a.startsWith("logs:")));
    expect(logs).toEqual([expect.objectContaining({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: ["${aws_cloudwatch_log_group.rotation.arn}:*"] })]);
  });

  it.each(BUNDLED)("may manage network interfaces only as Lambda needs, scoped as far as IAM allows (%s)", async (_, plan) => {
    const blocks = await blocksOf(plan);
    const ec2 = rolePolicy(blocks).filter((s) => s.actions.some((a) => a.startsWith("ec2:")));
    expect(ec2.flatMap((s) => s.actions).sort()).toEqual(NETWORK_INTERFACE_ACTIONS);
    const byAction = (action: string) => ec2.find((s) => s.actions.includes(action))!;
    // Create: a network interface of this account and region, in the function's subnets, with its groups.
    expect(byAction("ec2:CreateNetworkInterface").resources).toBe(
      '${concat(["${local.ec2_arn_prefix}:network-interface/*"], local.function_subnet_arns, local.function_security_group_arns)}',
    );
    expect(blocks.get("local.ec2_arn_prefix")?.value).toBe(
      "arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}",
    );
    expect(blocks.get("local.function_subnet_arns")?.value).toBe('${[for id in var.subnet_ids : "${local.ec2_arn_prefix}:subnet/${id}"]}');
    expect(blocks.get("local.function_security_group_arns")?.value).toEqual(
      plan.sgs.length === 0 ? ["${aws_security_group.rotation.arn}"] : '${[for id in var.security_group_ids : "${local.ec2_arn_prefix}:security-group/${id}"]}',
    );
    for (const action of ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]) {
      expect(byAction(action).resources, action).toEqual(["${local.ec2_arn_prefix}:network-interface/*"]);
    }
    // Lambda checks these permissions when it creates the function: the policy must be attached first.
    expect(blocks.get("aws_lambda_function.rotation")?.depends_on).toContain("${aws_iam_role_policy.rotation}");
  });

  it.each(BUNDLED)("sends traces with the two actions Lambda's tracing uses (%s)", async (_, plan) => {
    const xray = rolePolicy(await blocksOf(plan)).filter((s) => s.actions.some((a) => a.startsWith("xray:")));
    expect(xray).toEqual([expect.objectContaining({ actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] })]);
  });

  it("decrypts the admin secret with its key when the plan names one (masterkms)", async () => {
    const richest = planOfQuery(RICHEST_QUERY);
    const statements = rolePolicy(await blocksOf(richest));
    expect(statements.filter((s) => resourcesOf(s).includes("${var.master_kms_key_arn}"))).toEqual([
      expect.objectContaining({ actions: ["kms:Decrypt"], resources: ["${var.master_kms_key_arn}"] }),
    ]);
    expect(tfvarsOf(richest)).toMatch(new RegExp(`^master_kms_key_arn\\s+= "${richest.masterkms}"$`, "m"));

    const withoutKey = planOfQuery(PLAN_MATRIX["mariadb alternating, given groups, no master key"]!);
    expect(JSON.stringify(rolePolicy(await blocksOf(withoutKey)))).not.toContain("master_kms_key_arn");
    expect(tfvarsOf(withoutKey)).not.toContain("master_kms_key_arn");
  });

  it("passes the admin secret's key to AWS's multi-user template (masterSecretKmsKeyArn)", async () => {
    const sar = planOfQuery(PLAN_MATRIX["sar postgres alternating with keys"]!);
    const stack = (await blocksOf(sar)).get("aws_serverlessapplicationrepository_cloudformation_stack.rotation")!;
    expect(stack.parameters).toMatchObject({
      masterSecretArn: "${var.master_secret_arn}",
      masterSecretKmsKeyArn: "${var.master_kms_key_arn}",
      kmsKeyArn: "${var.kms_key_arn}",
    });
    const withoutKey = planOfQuery(PLAN_MATRIX["sar sqlserver"]!);
    expect((await blocksOf(withoutKey)).get("aws_serverlessapplicationrepository_cloudformation_stack.rotation")!.parameters).not.toHaveProperty("masterSecretKmsKeyArn");
  });
});
