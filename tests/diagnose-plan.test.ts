import { describe, expect, it } from "vitest";
import { decodePlanQuery } from "@/lib/config";
import { change, expectFound, expectAbsent, fixture, run, type Files } from "./fixtures/diagnose/support";

/**
 * The way out: the plan proposed from what the diagnosis read. Only values the plan schema accepts reach
 * the wizard's link; the others are reported with the schema's reason; what is missing is listed.
 */

const healthy = fixture("healthy");

describe("the proposed plan", () => {
  it("takes engine, platform, network, schedule, window and alerts from a healthy project", () => {
    const { plan, wizardQuery } = run(healthy);
    expect(plan.values).toEqual({
      name: "billing-db",
      engine: "postgres",
      platform: "rds",
      subnets: "subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788",
      vpc: "vpc-0a1b2c3d4e5f60718",
      endpoint: "existing",
      days: "30",
      window: "3h",
      alarm: "dba@example.com",
      runtime: "python3.12",
      arch: "arm64",
    });
    for (const value of plan.found) expect(value.from.length).toBeGreaterThan(3);
    expect(plan.missing.map((m) => m.param)).toEqual(["secret"]);
    // The link opens the wizard on exactly those values, with no problem in the URL.
    const decoded = decodePlanQuery(wizardQuery);
    expect(decoded.problems).toEqual([]);
    expect(decoded.plan).not.toBeNull();
    expect(decoded.values.subnets).toBe("subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788");
  });

  it("rejects what the plan schema rejects, and says why, instead of passing it on", () => {
    let files: Files = change(healthy, "terraform.tfvars", '["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]', '["subnet-xyz"]');
    files = change(files, "rotation.tf", '"3h"', '"30h"');
    const { plan, wizardQuery } = run(files);
    expect(plan.rejected.map((r) => r.param).sort()).toEqual(["subnets", "window"]);
    for (const rejected of plan.rejected) expect(rejected.message).toMatch(new RegExp(`^${rejected.param}`));
    expect(plan.values.subnets).toBeUndefined();
    expect(plan.missing.map((m) => m.param)).toContain("subnets");
    const decoded = decodePlanQuery(wizardQuery);
    expect(decoded.problems).toEqual([]);
    expect(wizardQuery).not.toContain("subnet-xyz");
    expect(wizardQuery).not.toContain("window");
  });

  it("takes the existing secret's ARN, KMS key and schedule from describe-secret", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbCdEf";
    const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const describe = JSON.stringify({ ARN: arn, Name: "billing/db", KmsKeyId: key, RotationEnabled: true, RotationRules: { ScheduleExpression: "rate(10 days)", Duration: "2h" }, LastRotatedDate: new Date().toISOString() });
    const { plan } = run(change(healthy, "rotation.tf", "automatically_after_days = 30\n    duration                 = \"3h\"", 'schedule_expression = "rate(10 days)"'), { describe });
    expect(plan.values).toMatchObject({ secret: arn, kms: key, schedule: "rate(10 days)", window: "2h" });
    expect(plan.found.find((v) => v.param === "secret")!.from).toBe("describe-secret (ARN)");
    expect(plan.missing).toEqual([]);
  });

  it("asks for the network when the function has none, and keeps the proposal valid", () => {
    const { plan, wizardQuery } = run(fixture("seed-fixed"));
    expect(plan.missing.map((m) => m.param)).toEqual(["secret", "subnets"]);
    expect(decodePlanQuery(wizardQuery).problems).toEqual([]);
  });
});

describe("AWS's template as a stack", () => {
  const stack = (parameters: string, extra = "") => ({
    "main.tf": `resource "aws_secretsmanager_secret" "db" {
  name       = "app/db"
  kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_serverlessapplicationrepository_cloudformation_stack" "rotation" {
  name           = "app-db-rotation"
  application_id = "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser"
  capabilities   = ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]
  parameters = {
${parameters}
  }
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_serverlessapplicationrepository_cloudformation_stack.rotation.outputs["RotationLambdaARN"]
  rotation_rules {
    automatically_after_days = 30
  }
}
${extra}`,
  });
  const complete = `    functionName        = "app-db-rotation"
    endpoint            = "https://secretsmanager.eu-west-1.amazonaws.com"
    vpcSubnetIds        = "subnet-0123456789abcdef0,subnet-0fedcba9876543210"
    vpcSecurityGroupIds = "sg-0123456789abcdef0"
    kmsKeyArn           = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"`;

  it("brings its own role and permission: nothing to report on a complete stack", () => {
    const result = run(stack(complete));
    expect(result.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(result.plan.values).toMatchObject({ engine: "mysql", lambda: "sar", subnets: "subnet-0123456789abcdef0,subnet-0fedcba9876543210", sgs: "sg-0123456789abcdef0" });
  });

  it("without vpcSubnetIds the function runs outside the VPC", () => {
    expectFound(run(stack(complete.replace(/\n    vpcSubnetIds.*\n    vpcSecurityGroupIds.*/, ""))), "function-not-in-vpc", "warning");
  });

  it("without kmsKeyArn its role may not use the secret's key", () => {
    const finding = expectFound(run(stack(complete.replace(/\n    kmsKeyArn.*/, ""))), "iam-action-missing", "error");
    expect(finding.title).toMatch(/without kmsKeyArn/);
  });

  it("without an endpoint parameter or a route in sight, no way to the Secrets Manager API", () => {
    const withoutEndpoint = complete.replace(/\n    endpoint .*/, "");
    expectFound(run(stack(withoutEndpoint)), "no-secretsmanager-route", "warning");
    expectAbsent(run(stack(withoutEndpoint, '\nresource "aws_nat_gateway" "main" {\n  subnet_id = "subnet-0123456789abcdef0"\n}\n')), "no-secretsmanager-route");
  });
});
