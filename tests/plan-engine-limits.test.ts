import { describe, expect, it } from "vitest";
import { BUNDLED_ENGINES, defaultValues, ENGINE_FACTS, MAX_PASSWORD_LENGTH, validatePlan, type PlanValues } from "@/lib/config";

const base: PlanValues = { ...defaultValues(), subnets: "subnet-0123456789abcdef0", vpc: "vpc-0123456789abcdef0" };
const RDS_ADMIN_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123abcd-4567-89ef-0123-456789abcdef-AbCdEf";
const KMS_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function problems(changes: Partial<PlanValues>): Record<string, string> {
  const result = validatePlan({ ...base, ...changes });
  return result.ok ? {} : Object.fromEntries(result.problems.map((p) => [p.param, p.message]));
}

describe("password length per engine", () => {
  it("caps MySQL at 256, the most caching_sha2_password accepts", () => {
    expect(problems({ engine: "mysql", length: "256" })).toEqual({});
    expect(problems({ engine: "mysql", length: "257" }).length).toBe("length must be at most 256 for MySQL");
    expect(problems({ engine: "mysql", length: "4096" }).length).toMatch(/at most 256 for MySQL/);
  });

  it.each(BUNDLED_ENGINES)("accepts %s's own limit and rejects one more, naming length", (engine) => {
    const limit = ENGINE_FACTS[engine].maxPasswordLength;
    expect(problems({ engine, length: String(limit) })).toEqual({});
    if (limit < MAX_PASSWORD_LENGTH) expect(Object.keys(problems({ engine, length: String(limit + 1) }))).toEqual(["length"]);
  });

  it("leaves length to AWS's template, which does not read it", () => {
    expect(problems({ engine: "mysql", lambda: "sar", length: "4096" })).toEqual({});
  });
});

describe("admin secret for alternating users", () => {
  it("accepts the secret RDS manages for the master user (rds!db-… / rds!cluster-…)", () => {
    expect(problems({ strategy: "alternating", master: RDS_ADMIN_SECRET })).toEqual({});
    expect(problems({ strategy: "alternating", master: RDS_ADMIN_SECRET.replace("rds!db-", "rds!cluster-") })).toEqual({});
  });

  it("takes the admin secret's KMS key, and only a key ARN", () => {
    expect(problems({ strategy: "alternating", master: RDS_ADMIN_SECRET, masterkms: KMS_ARN })).toEqual({});
    expect(problems({ strategy: "alternating", master: RDS_ADMIN_SECRET, masterkms: "alias/aws/secretsmanager" }).masterkms).toMatch(
      /masterkms must be empty or the ARN of the admin secret's KMS key/,
    );
  });

  it("ignores the admin secret's key without alternating users", () => {
    const result = validatePlan({ ...base, masterkms: "not a key" });
    expect(result.ok && result.plan.masterkms).toBe("");
  });
});
