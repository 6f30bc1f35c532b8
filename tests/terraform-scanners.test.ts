/**
 * The security scan is clean or explained. checkov and trivy cannot run here, so this test parses the
 * generated Terraform itself and, for a matrix of plans:
 *
 * - collects every inline opt-out (`# checkov:skip=ID:reason` inside a block, `# trivy:ignore:ID` right
 *   above it) with the resource it belongs to, and checks that each has a reason and a real ID for that
 *   resource type (tests/security/checkov-3.1-checks.tsv, tests/security/trivy-checks.tsv);
 * - runs a small predicate per check that mirrors the scanner's own logic (checkov's
 *   checkov/terraform/checks/{resource,data}/aws/*.py at 3.1.47, trivy-checks' checks/cloud/aws/*.rego) on
 *   every resource of the check's type: a resource either meets the check or opts out of it, and never
 *   opts out of a check it meets;
 * - replays what checkov 3.1.47 reported before issue 10 (tests/security/checkov-findings.json): each
 *   finding is now fixed or explained;
 * - writes every opt-out per plan to tests/security/opt-outs.md, so that a new exception is a visible diff.
 */
import { readFileSync } from "node:fs";
import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import type { Plan } from "@/lib/config";
import { PLAN_MATRIX, planOfQuery } from "./support/plan-matrix";
import { bundleOf } from "./support/plans";
import { blockAddressAtLine } from "./support/terraform-check";

type Body = Record<string, unknown>;

const dataFile = (name: string) => readFileSync(new URL(`./security/${name}`, import.meta.url), "utf8");

function tsvRows(text: string): Array<Record<string, string>> {
  const [header, ...rows] = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  const columns = header!.split("\t");
  return rows.map((row) => Object.fromEntries(row.split("\t").map((value, i) => [columns[i]!, value])));
}

/** checkov check ID → the block types it runs on (`data.` prefixed for data sources). */
const CHECKOV_TYPES = new Map<string, Set<string>>();
for (const row of tsvRows(dataFile("checkov-3.1-checks.tsv"))) {
  const type = row.kind === "data" ? `data.${row.resource_type}` : row.resource_type!;
  if (!CHECKOV_TYPES.has(row.check_id!)) CHECKOV_TYPES.set(row.check_id!, new Set());
  CHECKOV_TYPES.get(row.check_id!)!.add(type);
}
const TRIVY_IDS = new Set(tsvRows(dataFile("trivy-checks.tsv")).map((row) => row.avd_id!));

interface Findings {
  plans: Array<{ query: string; findings: Array<{ check: string; resource: string }> }>;
}
const FINDINGS = JSON.parse(dataFile("checkov-findings.json")) as Findings;

// ---------------------------------------------------------------------------------------------------------
// The bundle as the scanners see it: blocks with their bodies, and the opt-outs written in them.

interface Block {
  address: string;
  /** Resource type, `data.` prefixed for data sources. */
  type: string;
  body: Body;
}

interface OptOut {
  address: string;
  scanner: "checkov" | "trivy";
  id: string;
  reason: string;
}

interface ScannedBundle {
  blocks: Block[];
  optOuts: OptOut[];
  /** Opt-out comments that are not where the scanner reads them, or malformed. */
  misplaced: string[];
}

const HEADER = /^(resource|data) "([^"]+)" "([^"]+)" \{/;
const CHECKOV_SKIP = /^\s+# checkov:skip=([A-Za-z0-9_]+):(.*)$/;
const TRIVY_IGNORE = /^# trivy:ignore:(\S+)(?: (.*))?$/;

async function scan(plan: Plan): Promise<ScannedBundle> {
  const scanned: ScannedBundle = { blocks: [], optOuts: [], misplaced: [] };
  for (const file of bundleOf(plan).filter((f) => f.path.endsWith(".tf"))) {
    const json = (await parse(file.path, file.content)) as Record<string, Record<string, Record<string, Body[]>>>;
    for (const kind of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        for (const [name, bodies] of Object.entries(byName)) {
          const prefix = kind === "data" ? "data." : "";
          scanned.blocks.push({ address: `${prefix}${type}.${name}`, type: `${prefix}${type}`, body: bodies[0]! });
        }
      }
    }
    const lines = file.content.split("\n");
    lines.forEach((line, index) => {
      if (!/checkov:|trivy:|tfsec:/.test(line)) return;
      const skip = CHECKOV_SKIP.exec(line);
      const ignore = TRIVY_IGNORE.exec(line);
      if (skip) {
        // checkov takes a skip that lies strictly inside the block's lines.
        const address = blockAddressAtLine(file.content, index + 1);
        if (HEADER.test(lines[index]!) || address === "") scanned.misplaced.push(`${file.path}:${index + 1} ${line}`);
        else scanned.optOuts.push({ address, scanner: "checkov", id: skip[1]!, reason: skip[2]!.trim() });
      } else if (ignore) {
        // trivy takes a run of ignore comments that ends on the line just above the block.
        let next = index + 1;
        while (TRIVY_IGNORE.test(lines[next] ?? "")) next++;
        const header = HEADER.exec(lines[next] ?? "");
        if (!header) scanned.misplaced.push(`${file.path}:${index + 1} ${line}`);
        else {
          const address = header[1] === "data" ? `data.${header[2]}.${header[3]}` : `${header[2]}.${header[3]}`;
          scanned.optOuts.push({ address, scanner: "trivy", id: ignore[1]!, reason: (ignore[2] ?? "").trim() });
        }
      } else if (/^\s*#/.test(line)) {
        scanned.misplaced.push(`${file.path}:${index + 1} ${line}`);
      }
    });
  }
  return scanned;
}

// ---------------------------------------------------------------------------------------------------------
// The checks. Each predicate says whether a block passes, as the scanner would decide it.

const first = (value: unknown): Body | undefined => (Array.isArray(value) ? (value[0] as Body | undefined) : undefined);
const present = (value: unknown) => value !== undefined && value !== null && value !== "";

interface Statement {
  effect?: string;
  actions?: string[];
  resources?: string[] | string;
  condition?: unknown[];
  principals?: Array<{ type: string; identifiers: string[] | string }>;
}

/**
 * Actions that take no resource in IAM (the Service Authorization Reference lists no resource type for
 * them), so "*" is the only resource they accept and cloudsplaining does not count them as unconstrained.
 */
const UNRESTRICTABLE_ACTIONS = new Set([
  "secretsmanager:GetRandomPassword",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
]);

const listOf = (value: string[] | string | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * CKV_AWS_109, CKV_AWS_111 and CKV_AWS_356 all ask cloudsplaining for actions on Resource "*" in an Allow
 * statement without a Condition (permissions management, write, and any restrictable action). One
 * predicate, the strictest of the three: no restrictable action at all on "*" without a condition.
 */
function noUnconstrainedActions(body: Body): boolean {
  const statements = (body.statement ?? []) as Statement[];
  return statements.every((statement) => {
    if ((statement.effect ?? "Allow") !== "Allow" || (statement.condition ?? []).length > 0) return true;
    if (!listOf(statement.resources).includes("*")) return true;
    return listOf(statement.actions).every((action) => UNRESTRICTABLE_ACTIONS.has(action));
  });
}

/** Service principals of a Lambda permission, as checkov (`x.amazonaws.com`) and trivy (`*.amazonaws.com`) tell them. */
const isServicePrincipal = (principal: unknown) => typeof principal === "string" && principal.endsWith(".amazonaws.com");

/** checkov's CKV2_AWS_5: a security group must be referenced by a resource that takes security groups. */
const ATTACHING_TYPES = ["aws_lambda_function", "aws_vpc_endpoint", "aws_db_instance", "aws_rds_cluster", "aws_instance", "aws_network_interface"];

type Predicate = (body: Body, bundle: ScannedBundle, address: string) => boolean;

const CHECKOV: Record<string, Predicate> = {
  // CloudWatchLogGroupKMSKey: kms_key_id, any value.
  CKV_AWS_158: (b) => present(b.kms_key_id),
  // CloudWatchLogGroupRetention: retention_in_days, any value.
  CKV_AWS_66: (b) => present(b.retention_in_days),
  // CloudWatchLogGroupRetentionYear: 0 (never expire) or at least 365; an expression is UNKNOWN, not failed.
  CKV_AWS_338: (b) => typeof b.retention_in_days !== "number" ? typeof b.retention_in_days === "string" : b.retention_in_days === 0 || b.retention_in_days >= 365,
  // LambdaDLQConfigured: dead_letter_config[0].target_arn, any value.
  CKV_AWS_116: (b) => present(first(b.dead_letter_config)?.target_arn),
  // LambdaFunctionLevelConcurrentExecutionLimit: reserved_concurrent_executions set, and not -1.
  CKV_AWS_115: (b) => present(b.reserved_concurrent_executions) && b.reserved_concurrent_executions !== -1,
  // LambdaCodeSigningConfigured: code_signing_config_arn, any value.
  CKV_AWS_272: (b) => present(b.code_signing_config_arn),
  // LambdaEnvironmentEncryptionSettings: with an environment, a non-empty kms_key_arn; without, no key.
  CKV_AWS_173: (b) => (b.environment ? present(b.kms_key_arn) : !present(b.kms_key_arn)),
  // LambdaXrayEnabled: tracing_config[0].mode PassThrough or Active.
  CKV_AWS_50: (b) => ["PassThrough", "Active"].includes(String(first(b.tracing_config)?.mode)),
  // LambdaInVPC: vpc_config, any value.
  CKV_AWS_117: (b) => first(b.vpc_config) !== undefined,
  // SecretManagerSecretEncrypted: kms_key_id set and not an aws/ alias.
  CKV_AWS_149: (b) => present(b.kms_key_id) && !String(b.kms_key_id).includes("aws/"),
  // SecretManagerSecret90days at 3.1.47: automatically_after_days below 90; any schedule_expression fails.
  // (Later releases accept 90 and rate() up to 90 days, and pass every cron(); a bundle meeting 3.1.47
  // meets them too.)
  CKV_AWS_304: (b) => {
    const days = first(b.rotation_rules)?.automatically_after_days;
    return typeof days === "number" && days < 90;
  },
  // LambdaServicePermission: a service principal needs source_arn or source_account.
  CKV_AWS_364: (b) => !isServicePrincipal(b.principal) || present(b.source_arn) || present(b.source_account),
  // LambdaFunctionIsNotPublic: the principal is not "*".
  CKV_AWS_301: (b) => b.principal !== "*",
  // SNSTopicEncryption: kms_master_key_id, any value.
  CKV_AWS_26: (b) => present(b.kms_master_key_id),
  // SecurityGroupRuleDescription: a non-empty description (no inline rules are generated).
  CKV_AWS_23: (b) => present(b.description),
  // CloudWatchAlarmsEnabled: actions_enabled not false.
  CKV_AWS_319: (b) => b.actions_enabled !== false,
  CKV_AWS_109: noUnconstrainedActions,
  CKV_AWS_111: noUnconstrainedActions,
  CKV_AWS_356: noUnconstrainedActions,
  // StarActionPolicyDocument: no "*" action.
  CKV_AWS_49: (b) => ((b.statement ?? []) as Statement[]).every((s) => !listOf(s.actions).includes("*")),
  // IAMPublicActionsPolicy: no AWS principal "*".
  CKV_AWS_283: (b) => ((b.statement ?? []) as Statement[]).every((s) => (s.principals ?? []).every((p) => !(p.type === "AWS" && listOf(p.identifiers).includes("*")))),
  // SGAttachedToResource (graph check): some resource that takes security groups refers to this one.
  CKV2_AWS_5: (_, bundle, address) =>
    bundle.blocks.some((other) => ATTACHING_TYPES.includes(other.type) && JSON.stringify(other.body).includes(`${address}.`)),
};

const TRIVY: Record<string, { type: string; passes: Predicate }> = {
  // log_group_customer_key.rego: kmskeyid not empty.
  "AVD-AWS-0017": { type: "aws_cloudwatch_log_group", passes: (b) => present(b.kms_key_id) },
  // secret_use_customer_key.rego: kmskeyid not empty and not alias/aws/secretsmanager.
  "AVD-AWS-0098": { type: "aws_secretsmanager_secret", passes: (b) => present(b.kms_key_id) && b.kms_key_id !== "alias/aws/secretsmanager" },
  // no_public_egress_sgr.rego: no egress CIDR that allows every address.
  "AVD-AWS-0104": { type: "aws_vpc_security_group_egress_rule", passes: (b) => !["0.0.0.0/0", "::/0"].includes(String(b.cidr_ipv4 ?? b.cidr_ipv6)) },
  // enable_tracing.rego: tracing mode Active.
  "AVD-AWS-0066": { type: "aws_lambda_function", passes: (b) => first(b.tracing_config)?.mode === "Active" },
  // restrict_source_arn.rego: a *.amazonaws.com principal needs source_arn.
  "AVD-AWS-0067": { type: "aws_lambda_permission", passes: (b) => !isServicePrincipal(b.principal) || present(b.source_arn) },
  // auto_rotate_keys.rego: enable_key_rotation.
  "AVD-AWS-0065": { type: "aws_kms_key", passes: (b) => b.enable_key_rotation === true },
  // enable_topic_encryption.rego and topic_encryption_with_cmk.rego.
  "AVD-AWS-0095": { type: "aws_sns_topic", passes: (b) => present(b.kms_master_key_id) },
  "AVD-AWS-0136": { type: "aws_sns_topic", passes: (b) => present(b.kms_master_key_id) && b.kms_master_key_id !== "alias/aws/sns" },
  // no_policy_wildcards (a Go check, removed from trivy in 2024 but still run by tfsec): in a policy a role
  // uses, no wildcard in an action, and no "*" in a resource unless every action takes no resource.
  "AVD-AWS-0057": {
    type: "data.aws_iam_policy_document",
    passes: (b, bundle, address) => {
      const usedByRole = bundle.blocks.some((other) => other.type === "aws_iam_role_policy" && String(other.body.policy).includes(`${address}.json`));
      if (!usedByRole) return true;
      return ((b.statement ?? []) as Statement[]).every((statement) => {
        const actions = listOf(statement.actions);
        if (actions.some((action) => action.includes("*"))) return false;
        return !listOf(statement.resources).some((resource) => resource.includes("*")) || actions.every((action) => UNRESTRICTABLE_ACTIONS.has(action));
      });
    },
  },
  // add_description_to_security_group(_rule).rego.
  "AVD-AWS-0099": { type: "aws_security_group", passes: (b) => present(b.description) && b.description !== "Managed by Terraform" },
  "AVD-AWS-0124": { type: "aws_vpc_security_group_egress_rule", passes: (b) => present(b.description) && b.description !== "Managed by Terraform" },
};

interface Verdict {
  address: string;
  scanner: "checkov" | "trivy";
  id: string;
  passes: boolean;
  optedOut: boolean;
}

function verdicts(bundle: ScannedBundle): Verdict[] {
  const optedOut = (address: string, scanner: OptOut["scanner"], id: string) =>
    bundle.optOuts.some((o) => o.address === address && o.scanner === scanner && o.id === id);
  const results: Verdict[] = [];
  for (const block of bundle.blocks) {
    for (const [id, passes] of Object.entries(CHECKOV)) {
      if (!CHECKOV_TYPES.get(id)?.has(block.type)) continue;
      results.push({ address: block.address, scanner: "checkov", id, passes: passes(block.body, bundle, block.address), optedOut: optedOut(block.address, "checkov", id) });
    }
    for (const [id, check] of Object.entries(TRIVY)) {
      if (check.type !== block.type) continue;
      results.push({ address: block.address, scanner: "trivy", id, passes: check.passes(block.body, bundle, block.address), optedOut: optedOut(block.address, "trivy", id) });
    }
  }
  return results;
}

const MATRIX = Object.entries(PLAN_MATRIX).map(([name, query]) => [name, planOfQuery(query)] as const);

describe("security scanners' checks on the generated Terraform", () => {
  it("has a predicate for every check checkov 3.1.47 reported, and only real check IDs", () => {
    for (const { check } of FINDINGS.plans.flatMap((p) => p.findings)) {
      expect(CHECKOV[check], `no predicate for ${check}`).toBeDefined();
    }
    for (const id of Object.keys(CHECKOV)) expect(CHECKOV_TYPES.has(id), `${id} is not a checkov 3.1 check`).toBe(true);
    for (const id of Object.keys(TRIVY)) expect(TRIVY_IDS.has(id), `${id} is not a trivy check`).toBe(true);
  });

  it.each(MATRIX)("writes each opt-out where the scanner reads it, with a real ID and a reason (%s)", async (_, plan) => {
    const bundle = await scan(plan);
    expect(bundle.misplaced).toEqual([]);
    for (const optOut of bundle.optOuts) {
      const what = `${optOut.address}: ${optOut.scanner} ${optOut.id}`;
      const type = bundle.blocks.find((b) => b.address === optOut.address)?.type;
      expect(type, `${what}: no such block`).toBeDefined();
      if (optOut.scanner === "checkov") expect(CHECKOV_TYPES.get(optOut.id)?.has(type!), `${what}: not a checkov 3.1 check of ${type}`).toBe(true);
      else expect(TRIVY_IDS.has(optOut.id), `${what}: not a trivy check`).toBe(true);
      expect(optOut.reason.length, `${what}: no reason`).toBeGreaterThan(20);
    }
  });

  it.each(MATRIX)("meets every check, or opts out of it, and never opts out of a check it meets (%s)", async (_, plan) => {
    const results = verdicts(await scan(plan));
    const unexplained = results.filter((v) => !v.passes && !v.optedOut).map((v) => `${v.address}: ${v.id} fails and is not skipped`);
    const needless = results.filter((v) => v.passes && v.optedOut).map((v) => `${v.address}: ${v.id} passes but is skipped`);
    expect([...unexplained, ...needless]).toEqual([]);
  });

  it.each(FINDINGS.plans.map((p) => [p.query, p.findings] as const))("fixes or explains what checkov 3.1.47 reported on %s", async (query, findings) => {
    const bundle = await scan(planOfQuery(query));
    const open = findings.filter(({ check, resource }) => {
      const block = bundle.blocks.find((b) => b.address === resource);
      if (!block) return false; // the resource is gone: nothing left to report
      const skipped = bundle.optOuts.some((o) => o.scanner === "checkov" && o.address === resource && o.id === check);
      return !CHECKOV[check]!(block.body, bundle, resource) && !skipped;
    });
    expect(open).toEqual([]);
  });

  it("lists every opt-out per plan in tests/security/opt-outs.md", async () => {
    const sections: string[] = [];
    for (const [name, plan] of MATRIX) {
      const { optOuts } = await scan(plan);
      const lines = optOuts.map((o) => `- \`${o.address}\` ${o.scanner} \`${o.id}\`: ${o.reason}`);
      sections.push(`## ${name}\n\n\`${PLAN_MATRIX[name]}\`\n\n${lines.length > 0 ? lines.join("\n") : "No opt-outs."}\n`);
    }
    const text = `# Scanner opt-outs of the test plans\n\nWritten by tests/terraform-scanners.test.ts; a change here is a new or removed exception.\n\n${sections.join("\n")}`;
    await expect(text).toMatchFileSnapshot("./security/opt-outs.md");
  });
});
