import { execFileSync } from "node:child_process";
import { parse } from "@cdktf/hcl2json";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Plan } from "@/lib/config";
import { ROTATION_ENVIRONMENT } from "@/lib/generators/lambda";
import { bundleOf, KMS_ARN, MASTER_ARN, testPlan } from "./support/plans";
import { planArbitrary } from "./support/plan-arbitrary";

type Json = Record<string, unknown>;

/** The module as hcl2json reads it: every .tf file merged by block kind and type. */
async function parsedModule(plan: Plan): Promise<Json> {
  const merged: Json = {};
  for (const file of bundleOf(plan).filter((f) => f.path.endsWith(".tf"))) {
    const json = (await parse(file.path, file.content)) as Json;
    for (const [kind, types] of Object.entries(json)) {
      const target = (merged[kind] ??= {}) as Json;
      if (Array.isArray(types)) target[file.path] = types;
      else Object.assign(target, types);
    }
  }
  return merged;
}

function resources(terraform: Json, kind: "resource" | "data", type: string): Array<[string, Json]> {
  const byName = ((terraform[kind] as Json | undefined)?.[type] ?? {}) as Record<string, Json[]>;
  return Object.entries(byName).map(([name, bodies]) => [name, bodies[0]!]);
}

interface Statement {
  actions: string[];
  resources?: string[];
  sid?: string;
}

function policyStatements(terraform: Json): Statement[] {
  return resources(terraform, "data", "aws_iam_policy_document").flatMap(([, body]) => (body.statement ?? []) as Statement[]);
}

/** IAM actions of these services are their API operations: botocore's service models list them. */
const SERVICE_OPERATIONS: Record<string, string[]> = JSON.parse(
  execFileSync("/usr/bin/python3", [
    "-c",
    "import json, botocore.session as s; session = s.get_session(); print(json.dumps({n: session.get_service_model(n).operation_names for n in ['secretsmanager', 'kms', 'logs', 'sns', 'sts', 'ec2', 'xray']}))",
  ]).toString(),
);

function isRealAction(action: string): boolean {
  const [service, operation] = action.split(":") as [string, string | undefined];
  const operations = SERVICE_OPERATIONS[service];
  if (!operations || !operation) return false;
  if (!operation.includes("*")) return operations.includes(operation);
  const pattern = new RegExp(`^${operation.replace(/\*/g, ".*")}$`);
  return operations.some((op) => pattern.test(op));
}

describe("IAM in the generated Terraform", () => {
  it("uses only real actions, never '*' nor secretsmanager:*", async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, async (plan) => {
        for (const statement of policyStatements(await parsedModule(plan))) {
          for (const action of statement.actions) {
            expect(isRealAction(action), `${action} is not an action of its service`).toBe(true);
            expect(action).not.toBe("*");
            expect(action).not.toBe("secretsmanager:*");
          }
          // The only service-wide grant is the alerts key's default administrator statement.
          if (statement.actions.some((a) => a.endsWith(":*"))) expect(statement.sid).toBe("AccountAdministersKey");
        }
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it("scopes secret actions to this secret and the master secret, and KMS to the given key", async () => {
    const terraform = await parsedModule(testPlan({ strategy: "alternating", master: MASTER_ARN, kms: KMS_ARN }));
    const statements = policyStatements(terraform);
    for (const statement of statements.filter((s) => s.actions.some((a) => a.startsWith("secretsmanager:")))) {
      const wildcard = statement.resources?.includes("*");
      if (wildcard) expect(statement.actions).toEqual(["secretsmanager:GetRandomPassword"]);
      else expect(statement.resources).toEqual(expect.arrayContaining([expect.stringMatching(/^\$\{(aws_secretsmanager_secret\.this\.arn|var\.master_secret_arn)\}$/)]));
    }
    expect(statements.find((s) => s.sid === "UseSecretKey")?.resources).toEqual(["${var.kms_key_arn}"]);
    expect(statements.find((s) => s.sid === "WriteOwnLogs")?.resources).toEqual(["${aws_cloudwatch_log_group.rotation.arn}:*"]);
  });
});

describe("security posture of the default bundle", () => {
  it("meets the common scanner rules for its resource types, or says why not", async () => {
    const plan = testPlan({ kms: KMS_ARN, alarm: "ops@example.com" });
    const terraform = await parsedModule(plan);
    const [, lambda] = resources(terraform, "resource", "aws_lambda_function")[0]!;
    expect(lambda.vpc_config).toEqual([{ subnet_ids: "${var.subnet_ids}", security_group_ids: ["${aws_security_group.rotation.id}"] }]);
    expect(lambda.tracing_config).toEqual([{ mode: "Active" }]);
    expect(lambda.kms_key_arn).toBe("${var.kms_key_arn}");
    // No reserved concurrency, deliberately: the comment above the function says why.
    expect(lambda.reserved_concurrent_executions).toBeUndefined();
    expect(bundleOf(plan).find((f) => f.path === "lambda.tf")!.content).toMatch(/# No reserved concurrency: .*default limit of 10/);
    const [, permission] = resources(terraform, "resource", "aws_lambda_permission")[0]!;
    expect(permission.source_account).toBe("${data.aws_caller_identity.current.account_id}");
    expect(permission.source_arn).toBe("${aws_secretsmanager_secret.this.arn}");
    const [, logGroup] = resources(terraform, "resource", "aws_cloudwatch_log_group")[0]!;
    expect(logGroup.retention_in_days).toBeGreaterThanOrEqual(365);
    const [, secret] = resources(terraform, "resource", "aws_secretsmanager_secret")[0]!;
    expect(secret.kms_key_id).toBe("${var.kms_key_arn}");
    const [, topic] = resources(terraform, "resource", "aws_sns_topic")[0]!;
    expect(topic.kms_master_key_id).toBe("${aws_kms_key.alerts.arn}");
    const [, key] = resources(terraform, "resource", "aws_kms_key")[0]!;
    expect(key.enable_key_rotation).toBe(true);
  });
});

describe("hostile text in free-text fields", () => {
  // HCL's JSON form escapes template sequences by doubling the sigil; undo that to compare values.
  const unescapeTemplates = (value: string) => value.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");

  it("never breaks out of its string literal", async () => {
    const hostile = fc.stringMatching(/^[!-~]{0,40}$/).map((s) => `\${x}%{if}"\\${s}`.slice(0, 94));
    const runs = 100;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(hostile, async (exclude) => {
        let plan: Plan;
        try {
          plan = testPlan({ exclude });
        } catch (error) {
          // Rejected by the schema, on exclude itself: fine. Anything else is a failure.
          expect(String(error)).toMatch(/test plan is invalid: \[\{"param":"exclude"/);
          return;
        }
        accepted++;
        const terraform = await parsedModule(plan);
        const [, lambda] = resources(terraform, "resource", "aws_lambda_function")[0]!;
        const variables = (lambda.environment as Json[])[0]!.variables as Record<string, string>;
        expect(unescapeTemplates(variables.EXCLUDE_CHARACTERS!)).toBe(exclude);
        expect(Object.keys(variables).sort()).toEqual(Object.values(ROTATION_ENVIRONMENT).sort());
        const readme = bundleOf(plan).find((f) => f.path === "README.md")!.content;
        expect(readme).toContain(JSON.stringify(exclude));
      }),
      { numRuns: runs, seed: 11 },
    );
    // A property whose cases the schema all rejects proves nothing: most hostile values must reach the bundle.
    expect(accepted, `only ${accepted} of ${runs} hostile values were accepted as a plan`).toBeGreaterThanOrEqual(runs / 2);
  });

  it("rejects hostile names, ids, ARNs and addresses in the schema", () => {
    for (const changes of [
      { name: 'x"; }' },
      { subnets: 'subnet-01234567"]' },
      { kms: `${KMS_ARN}"` },
      { alarm: 'a@b.co"\n}' },
      { master: `${MASTER_ARN}\${x}`, strategy: "alternating" },
      { schedule: 'rate(5 days)"' },
    ]) {
      expect(() => testPlan(changes), JSON.stringify(changes)).toThrow(/test plan is invalid/);
    }
  });
});
