import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { zipBundle } from "@/lib/bundle/zip";
import { bundleOf, fileOf, KMS_ARN, MASTER_ARN, SECRET_ARN, testPlan } from "./support/plans";

const paths = (changes: Parameters<typeof testPlan>[0] = {}) => bundleOf(testPlan(changes)).map((file) => file.path);

describe("the bundle's files", () => {
  it("holds the core path's files for a bundled single-user PostgreSQL plan", () => {
    expect(paths()).toEqual([
      "README.md",
      "versions.tf",
      "variables.tf",
      "terraform.tfvars",
      "secret.tf",
      "lambda.tf",
      "iam.tf",
      "network.tf",
      "rotation.tf",
      "outputs.tf",
      "lambda/rotation.py",
      "lambda/requirements.txt",
      "lambda/build.sh",
      "scripts/test-rotation.sh",
    ]);
  });

  it("writes secret.tf only for a new secret", () => {
    expect(paths()).toContain("secret.tf");
    expect(paths({ secret: SECRET_ARN })).not.toContain("secret.tf");
    expect(fileOf(testPlan({ secret: SECRET_ARN }), "terraform.tfvars")).toContain(`secret_arn = "${SECRET_ARN}"`);
  });

  it("writes monitoring.tf only when an alarm address is given", () => {
    expect(paths()).not.toContain("monitoring.tf");
    const monitoring = fileOf(testPlan({ alarm: "ops@example.com" }), "monitoring.tf");
    expect(monitoring).toContain('resource "aws_sns_topic_subscription" "alerts_email"');
    expect(monitoring).toContain('"RotationFailed"');
  });

  it("writes the function's code only for lambda=bundled", () => {
    expect(paths({ lambda: "sar" }).filter((p) => p.startsWith("lambda/"))).toEqual([]);
    expect(paths({ lambda: "sar" })).not.toContain("iam.tf");
    expect(fileOf(testPlan({ lambda: "sar" }), "lambda.tf")).toContain("aws_serverlessapplicationrepository_cloudformation_stack");
  });

  it("deploys no function under managed rotation", () => {
    const files = paths({ strategy: "managed", secret: SECRET_ARN });
    expect(files).not.toContain("lambda.tf");
    expect(files).not.toContain("network.tf");
    const rotation = fileOf(testPlan({ strategy: "managed", secret: SECRET_ARN }), "rotation.tf")!;
    expect(rotation).not.toContain("rotation_lambda_arn");
    expect(fileOf(testPlan({ strategy: "managed" }), "README.md")).toContain("manage_master_user_password = true");
  });
});

describe("the Terraform's branches", () => {
  it("wires the four pieces of rotation", () => {
    const plan = testPlan();
    expect(fileOf(plan, "rotation.tf")).toMatch(/resource "aws_secretsmanager_secret_rotation" "this" \{[\s\S]*rotation_lambda_arn = aws_lambda_function.rotation.arn/);
    expect(fileOf(plan, "lambda.tf")).toMatch(/principal\s+= "secretsmanager.amazonaws.com"/);
    expect(fileOf(plan, "lambda.tf")).toMatch(/source_account = data.aws_caller_identity.current.account_id/);
    expect(fileOf(plan, "iam.tf")).toContain('"secretsmanager:UpdateSecretVersionStage"');
    expect(fileOf(plan, "lambda.tf")).toMatch(/vpc_config \{\n\s+subnet_ids\s+= var.subnet_ids/);
  });

  it("passes the initial password only through a write-only argument", () => {
    const plan = testPlan();
    expect(fileOf(plan, "secret.tf")).toMatch(/secret_string_wo = jsonencode\(/);
    expect(fileOf(plan, "secret.tf")).not.toMatch(/secret_string\s+=/);
    expect(fileOf(plan, "variables.tf")).toMatch(/variable "initial_password" \{[^}]*ephemeral\s+= true/);
  });

  it("schedules by days or by expression, with the window", () => {
    expect(fileOf(testPlan({ days: "7" }), "rotation.tf")).toMatch(/automatically_after_days = 7/);
    const cron = fileOf(testPlan({ schedule: "cron(0 4 ? * SUN *)", window: "3h", immediately: false }), "rotation.tf")!;
    expect(cron).toContain('schedule_expression = "cron(0 4 ? * SUN *)"');
    expect(cron).toContain('duration            = "3h"');
    expect(cron).toMatch(/rotate_immediately\s+= false/);
    expect(cron).not.toContain("automatically_after_days");
  });

  it("creates the function's security group only when none is given", () => {
    expect(fileOf(testPlan(), "network.tf")).toContain('resource "aws_security_group" "rotation"');
    const given = fileOf(testPlan({ sgs: "sg-0123456789abcdef0", endpoint: "nat", vpc: "" }), "network.tf") ?? "";
    expect(given).not.toContain('resource "aws_security_group" "rotation"');
    expect(fileOf(testPlan({ sgs: "sg-0123456789abcdef0", endpoint: "nat" }), "lambda.tf")).toContain("security_group_ids = var.security_group_ids");
  });

  it("opens the database port on dbsg only when it is given", () => {
    expect(fileOf(testPlan(), "network.tf")).not.toContain("database_from_rotation");
    expect(fileOf(testPlan({ dbsg: "sg-0aaaaaaaaaaaaaaaa", engine: "mysql" }), "network.tf")).toMatch(
      /resource "aws_vpc_security_group_ingress_rule" "database_from_rotation"[\s\S]*from_port\s+= 3306/,
    );
  });

  it("creates the Secrets Manager endpoint only for endpoint=create", () => {
    expect(fileOf(testPlan(), "network.tf")).toContain('resource "aws_vpc_endpoint" "secretsmanager"');
    expect(fileOf(testPlan({ endpoint: "existing" }), "network.tf")).not.toContain("aws_vpc_endpoint");
    expect(fileOf(testPlan({ endpoint: "nat" }), "network.tf")).toMatch(/cidr_ipv4\s+= "0\.0\.0\.0\/0"/);
  });

  it("grants the master secret and the KMS key only when the plan has them", () => {
    expect(fileOf(testPlan(), "iam.tf")).not.toContain("ReadMasterSecret");
    const alternating = testPlan({ strategy: "alternating", master: MASTER_ARN, kms: KMS_ARN });
    expect(fileOf(alternating, "iam.tf")).toContain("var.master_secret_arn");
    expect(fileOf(alternating, "iam.tf")).toContain('"kms:Decrypt"');
    expect(fileOf(alternating, "secret.tf")).toContain("masterarn = var.master_secret_arn");
    expect(fileOf(alternating, "secret.tf")).toContain("kms_key_id  = var.kms_key_arn");
  });

  it("picks AWS's template for the engine and strategy", () => {
    const lambda = fileOf(testPlan({ engine: "oracle", strategy: "alternating", master: MASTER_ARN }), "lambda.tf")!;
    expect(lambda).toContain("applications/SecretsManagerRDSOracleRotationMultiUser");
    expect(lambda).toContain("masterSecretArn");
  });
});

describe("determinism", () => {
  it("gives the same bytes for the same plan", () => {
    const plan = testPlan({ alarm: "ops@example.com", kms: KMS_ARN });
    const first = zipBundle(plan.name, bundleOf(plan));
    const second = zipBundle(plan.name, bundleOf(testPlan({ alarm: "ops@example.com", kms: KMS_ARN })));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it("zips every file under <name>-rotation/ with its content", () => {
    const plan = testPlan({ name: "orders" });
    const files = bundleOf(plan);
    const entries = unzipSync(zipBundle(plan.name, files));
    expect(Object.keys(entries).sort()).toEqual(files.map((file) => `orders-rotation/${file.path}`).sort());
    for (const file of files) expect(strFromU8(entries[`orders-rotation/${file.path}`]!)).toBe(file.content);
  });
});
