import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Plan, PlanValues } from "@/lib/config";
import { bundleOf, KMS_ARN, MASTER_ARN, SECRET_ARN, testPlan } from "./support/plans";
import { planArbitrary } from "./support/plan-arbitrary";
import { checkTerraformModule, describeProblems } from "./support/terraform-check";

/**
 * The bundle's Terraform is what `terraform validate` and `terraform fmt -check` would accept, for a
 * matrix that takes every option value at least once, and for random valid plans.
 */
const MATRIX: Array<Partial<PlanValues>> = [
  {},
  { engine: "mysql", platform: "aurora", dbsg: "sg-0123456789abcdef0" },
  { engine: "mariadb", platform: "self-managed", strategy: "alternating", master: MASTER_ARN, kms: KMS_ARN, alarm: "ops@example.com" },
  { secret: SECRET_ARN, sgs: "sg-0123456789abcdef0,sg-0fedcba9876543210", endpoint: "existing", dbsg: "sg-0aaaaaaaaaaaaaaaa" },
  { endpoint: "nat", schedule: "cron(0 4 ? * SUN *)", window: "3h", immediately: false, tls: "require", arch: "x86_64", runtime: "python3.11" },
  { lambda: "sar", schedule: "rate(6 hours)", exclude: "", length: "64" },
  { engine: "sqlserver", strategy: "alternating", master: MASTER_ARN, sgs: "sg-0123456789abcdef0", endpoint: "nat" },
  { engine: "oracle", platform: "self-managed", kms: KMS_ARN, alarm: "dba@example.org", dbsg: "sg-0123456789abcdef0" },
  { boundary: "arn:aws:iam::123456789012:policy/org/boundary", kms: KMS_ARN },
  { engine: "db2", secret: SECRET_ARN },
  { engine: "redshift", strategy: "alternating", master: MASTER_ARN },
  { engine: "mongodb", endpoint: "existing" },
  { strategy: "managed", secret: SECRET_ARN, alarm: "ops@example.com", kms: KMS_ARN },
  { engine: "mysql", platform: "aurora", strategy: "managed" },
  { engine: "redshift", strategy: "managed", days: "7" },
  { engine: "mongodb", strategy: "managed", secret: SECRET_ARN },
];

async function problemsOf(plan: Plan) {
  const files = Object.fromEntries(bundleOf(plan).map((file) => [file.path, file.content]));
  return checkTerraformModule(files);
}

describe("generated Terraform against the provider schemas", () => {
  it.each(MATRIX.map((changes) => [JSON.stringify(changes), changes] as const))("is valid for %s", async (_, changes) => {
    const problems = await problemsOf(testPlan(changes));
    expect(problems, describeProblems(problems)).toEqual([]);
  });

  it("is valid for random valid plans", async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, async (plan) => {
        const problems = await problemsOf(plan);
        expect(problems, describeProblems(problems)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 300_000);
});
