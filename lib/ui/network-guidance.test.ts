import { describe, expect, it } from "vitest";
import { defaultValues, validatePlan, type PlanValues } from "@/lib/config";
import { choiceNote } from "./availability";
import { planSummary } from "./summary";

function summaryOf(changes: Partial<PlanValues>): Record<string, string> {
  const result = validatePlan({ ...defaultValues(changes.engine as never), subnets: "subnet-0123456789abcdef0", ...changes });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return Object.fromEntries(planSummary(result.plan).map((line) => [line.term, line.detail]));
}

describe("network guidance against the two classic failures", () => {
  it("creating an endpoint comes with the command that finds an existing one with private DNS", () => {
    const values = { engine: "postgres", lambda: "bundled", tls: "verify" } as const;
    expect(choiceNote("endpoint", { ...values, endpoint: "create" })).toMatch(/aws ec2 describe-vpc-endpoints .*secretsmanager.*PrivateDnsEnabled/);
    expect(choiceNote("endpoint", { ...values, endpoint: "existing" })).toBeNull();
    expect(choiceNote("endpoint", { ...values, endpoint: "nat" })).toBeNull();
  });

  it("without the database's security group, the review says which port to open to which group", () => {
    expect(summaryOf({})["Database security group"]).toMatch(/open port 5432 .* to the function's new security group .*times out in setSecret/);
    expect(summaryOf({ engine: "mysql", sgs: "sg-0123456789abcdef0" })["Database security group"]).toMatch(/open port 3306 .* to sg-0123456789abcdef0/);
    expect(summaryOf({ dbsg: "sg-0fedcba9876543210" })["Database security group"]).toBe("sg-0fedcba9876543210, opened to the function");
    expect(summaryOf({ strategy: "managed" })["Database security group"]).toBeUndefined();
  });
});
