import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePlanQuery, type Plan } from "@/lib/config";
import { FALLBACK_VERSIONS, generateBundle } from "@/lib/generators";
import { diagnose } from "@/lib/diagnose";
import { planArbitrary } from "./support/plan-arbitrary";
import { testPlan, KMS_ARN, MASTER_ARN, SECRET_ARN } from "./support/plans";
import { NOW } from "./fixtures/diagnose/support";

/**
 * Every bundle this product generates diagnoses with no error and no warning: the rules understand the
 * product's idioms (policy documents, write-only values, AWS's template as a stack, managed rotation,
 * depends_on chains). If a plan fails here, either a rule is wrong or the bundle is.
 */

function diagnoseBundle(plan: Plan) {
  const files = generateBundle({ plan, versions: FALLBACK_VERSIONS })
    .filter((file) => /\.tf(vars)?$/.test(file.path))
    .map((file) => ({ path: file.path, text: file.content }));
  return diagnose({ files, now: NOW });
}

function problems(plan: Plan): string[] {
  return diagnoseBundle(plan)
    .findings.filter((f) => f.severity !== "info")
    .map((f) => `${f.severity} ${f.id} ${f.file}:${f.line} ${f.title} [${encodePlanQuery(plan)}]`);
}

describe("generated bundles diagnose clean", () => {
  it("over the plan sweep", () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        expect(problems(plan)).toEqual([]);
      }),
      { numRuns: Number(process.env.DIAGNOSE_SWEEP_RUNS ?? 250), seed: 20261129 },
    );
  }, 600_000);

  const named: Array<[string, Partial<Record<string, string>>]> = [
    ["the default plan", {}],
    ["an existing secret with a KMS key", { secret: SECRET_ARN, kms: KMS_ARN }],
    ["a new secret with a KMS key and alerts", { kms: KMS_ARN, alarm: "ops@example.com" }],
    ["alternating users", { strategy: "alternating", master: MASTER_ARN }],
    ["AWS's template for Oracle", { engine: "oracle" }],
    ["AWS's template with a KMS key", { engine: "sqlserver", kms: KMS_ARN }],
    ["managed rotation", { strategy: "managed" }],
    ["NAT instead of an endpoint", { endpoint: "nat", dbsg: "sg-0123456789abcdef0" }],
    ["given security groups and an existing endpoint", { sgs: "sg-0123456789abcdef0", endpoint: "existing" }],
    ["a cron schedule and a window", { schedule: "cron(0 4 ? * SUN *)", window: "3h", immediately: "false" }],
  ];
  for (const [name, changes] of named) {
    it(name, () => {
      expect(problems(testPlan(changes as never))).toEqual([]);
    });
  }

  it("still bites on the product's own Terraform when a piece is taken out", () => {
    const plan = testPlan({ kms: KMS_ARN });
    const files = generateBundle({ plan, versions: FALLBACK_VERSIONS })
      .filter((file) => /\.tf(vars)?$/.test(file.path))
      .map((file) => ({ path: file.path, text: file.content }));
    const edit = (path: string, from: RegExp, to: string) => {
      const changed = files.map((file) => (file.path === path ? { ...file, text: file.text.replace(from, to) } : file));
      expect(changed.find((file) => file.path === path)!.text).not.toBe(files.find((file) => file.path === path)!.text);
      return diagnose({ files: changed, now: NOW }).findings.filter((f) => f.severity === "error").map((f) => `${f.id}: ${f.title}`);
    };
    // Our function calls GetRandomPassword: without it, an error.
    expect(edit("iam.tf", /"secretsmanager:GetRandomPassword"/, '"secretsmanager:ListSecrets"').join("\n")).toMatch(/iam-action-missing: .*GetRandomPassword/);
    expect(edit("iam.tf", /"kms:GenerateDataKey"/, '"kms:DescribeKey"').join("\n")).toMatch(/iam-action-missing: .*kms:GenerateDataKey/);
    expect(edit("lambda.tf", /principal\s*=\s*"secretsmanager\.amazonaws\.com"/, 'principal = "events.amazonaws.com"').join("\n")).toMatch(/invoke-permission-missing/);
    expect(edit("rotation.tf", /automatically_after_days = \d+/, 'schedule_expression = "rate(1 hours)"').join("\n")).toMatch(/schedule-invalid/);
  });

  it("reads back the plan that made the bundle", () => {
    const plan = testPlan({ engine: "mysql", kms: KMS_ARN, schedule: "rate(10 days)", window: "2h", alarm: "ops@example.com", sgs: "sg-0123456789abcdef0", runtime: "python3.12", arch: "x86_64" });
    const { plan: proposed } = diagnoseBundle(plan);
    expect(proposed.values).toMatchObject({
      engine: "mysql",
      kms: KMS_ARN,
      runtime: "python3.12",
      arch: "x86_64",
      schedule: "rate(10 days)",
      window: "2h",
      alarm: "ops@example.com",
      subnets: plan.subnets.join(","),
      sgs: "sg-0123456789abcdef0",
    });
    expect(proposed.rejected).toEqual([]);
    expect(proposed.missing.map((m) => m.param)).toEqual(["secret"]);
  });

  it("reads back an existing secret and its key, and asks for the engine its Terraform does not show", () => {
    const plan = testPlan({ secret: SECRET_ARN, kms: KMS_ARN });
    const { plan: proposed } = diagnoseBundle(plan);
    expect(proposed.values).toMatchObject({ secret: SECRET_ARN, kms: KMS_ARN });
    expect(proposed.missing.map((m) => m.param)).toEqual(["engine"]);
  });

  it("reads AWS's template back: engine, strategy and admin secret", () => {
    const plan = testPlan({ engine: "oracle", strategy: "alternating", master: MASTER_ARN, secret: SECRET_ARN });
    const { plan: proposed, wizardQuery } = diagnoseBundle(plan);
    expect(proposed.values).toMatchObject({ engine: "oracle", strategy: "alternating", master: MASTER_ARN, lambda: "sar", secret: SECRET_ARN });
    expect(new URLSearchParams(wizardQuery).get("engine")).toBe("oracle");
  });
});
