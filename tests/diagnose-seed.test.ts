import { describe, expect, it } from "vitest";
import { expectFound, fixture, run, summary } from "./fixtures/diagnose/support";

/**
 * The story that started the project (shared/seed): a secret whose rotation is commented out, with no
 * function and no permissions; then the walkthrough's own fix. Both are fixtures written from that story.
 */

const SEED_ERRORS = ["function-missing", "iam-action-missing", "invoke-permission-missing", "rotation-missing"];

describe("the seed's broken configuration", () => {
  const result = run(fixture("seed-broken"));

  it("gives exactly rotation-missing, function-missing, iam-action-missing and invoke-permission-missing as errors", () => {
    const errors = result.findings.filter((f) => f.severity === "error");
    expect([...new Set(errors.map((f) => f.id))].sort(), summary(result).join("\n")).toEqual(SEED_ERRORS);
  });

  it("points rotation-missing at the commented-out resource", () => {
    const finding = expectFound(result, "rotation-missing", "error");
    expect(finding.title).toMatch(/commented out/);
    expect(finding.file).toBe("main.tf");
    expect(fixture("seed-broken")["main.tf"]!.split("\n")[finding.line! - 1]).toMatch(/^# resource "aws_secretsmanager_secret_rotation"/);
  });

  it("lists every rotation action as missing, GetRandomPassword included", () => {
    const finding = expectFound(result, "iam-action-missing", "error");
    for (const action of ["DescribeSecret", "GetSecretValue", "PutSecretValue", "UpdateSecretVersionStage", "GetRandomPassword"]) {
      expect(finding.title).toContain(`secretsmanager:${action}`);
    }
  });
});

describe("the walkthrough's proposed fix", () => {
  const result = run(fixture("seed-fixed"));

  it("no longer gives any of the four as errors, and has no error at all", () => {
    expect(result.findings.filter((f) => f.severity === "error").map((f) => f.id), summary(result).join("\n")).toEqual([]);
  });

  it("names what it still lacks, each at the severity the code justifies", () => {
    // The function runs code we cannot see (handler index.handler): whether it calls GetRandomPassword is unknown.
    const randomPassword = expectFound(result, "iam-action-missing", "warning");
    expect(randomPassword.title).toMatch(/GetRandomPassword$/);
    expect(randomPassword.why).toMatch(/cannot see/);
    // No database in the Terraform shows that it is private: a warning, not an error.
    expectFound(result, "function-not-in-vpc", "warning");
    expectFound(result, "invoke-permission-unscoped", "warning");
    const state = expectFound(result, "password-in-state", "warning");
    expect(state.title).toMatch(/secret_string/);
  });

  it("proposes a plan with the engine and schedule it read, and asks for the network", () => {
    expect(result.plan.values).toMatchObject({ engine: "postgres", days: "30" });
    expect(result.plan.missing.map((m) => m.param)).toContain("subnets");
  });
});
