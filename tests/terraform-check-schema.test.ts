/**
 * Proves the schema half of the offline `terraform validate` (tests/support/terraform-schema.ts): each
 * test breaks the fixture module one way (an unknown type, argument or block, a missing required one,
 * meta-arguments, variables, outputs, providers and their versions) and expects that one problem.
 */
import { describe, expect, it } from "vitest";
import { checkSchema, parseModule } from "./support/terraform-check";
import { added, changed, expectProblems, problem } from "./support/terraform-check-fixture";

describe("schema", () => {
  it("reports an unknown resource type", async () => {
    const extra = `resource "aws_secretsmanager_rotation" "extra" {\n  secret_id = aws_secretsmanager_secret.this.id\n}\n`;
    await expectProblems(added("extra.tf", extra), [
      problem(
        "aws_secretsmanager_rotation.extra",
        `the provider hashicorp/aws does not support resource type "aws_secretsmanager_rotation"`,
        "extra.tf",
      ),
    ]);
  });

  it("reports an unknown data source type and an unknown ephemeral resource type", async () => {
    await expectProblems(added("extra.tf", `data "aws_secret" "x" {}\n\nephemeral "aws_secret" "y" {}\n`), [
      problem("data.aws_secret.x", `does not support data source type "aws_secret"`),
      problem("ephemeral.aws_secret.y", `does not support ephemeral resource type "aws_secret"`),
    ]);
  });

  it("reports a provider the schemas do not describe, and that it is not pinned", async () => {
    await expectProblems(added("extra.tf", `resource "google_storage_bucket" "x" {}\n`), [
      problem("google_storage_bucket.x", "needs provider registry.terraform.io/hashicorp/google"),
      problem("terraform", `Unpinned provider: "google" is used by google_storage_bucket.x`, "versions.tf"),
    ]);
  });

  it("reports an unknown argument", async () => {
    await expectProblems(changed("main.tf", "  timeout       = 30", "  time_out      = 30"), [
      problem("aws_lambda_function.rotation", `Unsupported argument: an argument named "time_out" is not expected here`),
    ]);
  });

  it("reports an unknown argument inside a nested block, and the required one it replaced", async () => {
    await expectProblems(changed("main.tf", "    subnet_ids         = var.subnet_ids", "    subnets            = var.subnet_ids"), [
      problem("aws_lambda_function.rotation", `argument named "subnets" is not expected here (in vpc_config)`),
      problem("aws_lambda_function.rotation", `the argument "subnet_ids" is required, but no definition was found (in vpc_config)`),
    ]);
  });

  it("reports an unknown nested block", async () => {
    await expectProblems(changed("main.tf", "  environment {", "  environ {"), [
      problem("aws_lambda_function.rotation", `Unsupported block type: blocks of type "environ" are not expected here`),
    ]);
  });

  it("reports a nested block written as an argument", async () => {
    await expectProblems(changed("main.tf", "  environment {", "  environment = {"), [
      problem("aws_lambda_function.rotation", `"environment" is a nested block; write it as environment { … }`),
    ]);
  });

  it("reports a missing required argument", async () => {
    await expectProblems(changed("main.tf", "  role          = aws_iam_role.lambda.arn\n", ""), [
      problem("aws_lambda_function.rotation", `Missing required argument: the argument "role" is required`),
    ]);
  });

  it("reports a missing required block (min_items)", async () => {
    const block = "\n  rotation_rules {\n    automatically_after_days = var.rotation_days\n  }\n";
    await expectProblems(changed("main.tf", block, ""), [
      problem("aws_secretsmanager_secret_rotation.this", `Insufficient rotation_rules blocks: at least 1 "rotation_rules" block(s) are required`),
    ]);
  });

  it("reports a computed-only argument that is set", async () => {
    await expectProblems(changed("main.tf", "  tags        = local.tags\n", `  tags        = local.tags\n  arn         = "arn:aws:x"\n`), [
      problem("aws_secretsmanager_secret.this", `Value for unconfigurable attribute: "arn" is computed by the provider`),
    ]);
  });

  it("reports too many blocks (max_items)", async () => {
    const vpc = "  vpc_config {\n    subnet_ids         = var.subnet_ids\n    security_group_ids = var.security_group_ids\n  }\n";
    await expectProblems(changed("main.tf", vpc, `${vpc}\n${vpc}`), [
      problem("aws_lambda_function.rotation", `Too many vpc_config blocks: no more than 1 "vpc_config" block(s) are allowed`),
    ]);
  });

  it("checks the content of dynamic blocks against the block they generate", async () => {
    await expectProblems(changed("main.tf", "      target_arn = dead_letter_config.value", "      target = dead_letter_config.value"), [
      problem("aws_lambda_function.rotation", `argument named "target" is not expected here (in dead_letter_config)`),
      problem("aws_lambda_function.rotation", `the argument "target_arn" is required, but no definition was found (in dead_letter_config)`),
    ]);
  });

  it("reports a dynamic block of an unknown type (and its iterator no longer binds)", async () => {
    await expectProblems(changed("main.tf", `dynamic "dead_letter_config"`, `dynamic "dead_letters"`), [
      problem("aws_lambda_function.rotation", `blocks of type "dead_letters" are not expected here (dynamic "dead_letters")`),
      problem("aws_lambda_function.rotation", `a managed resource "dead_letter_config" "value" has not been declared`),
    ]);
  });

  it("checks lifecycle meta-arguments", async () => {
    await expectProblems(changed("main.tf", "    ignore_changes = [secret_string_wo_version]", "    ignore_change = [secret_string_wo_version]"), [
      problem("aws_secretsmanager_secret_version.initial", `argument named "ignore_change" is not expected here (in lifecycle)`),
    ]);
  });

  it("checks that ignore_changes names arguments of the resource", async () => {
    await expectProblems(changed("main.tf", "[secret_string_wo_version]", "[secret_string_version]"), [
      problem("aws_secretsmanager_secret_version.initial", `"\${secret_string_version}" is not an argument of aws_secretsmanager_secret_version`),
    ]);
  });

  it("reports count together with for_each", async () => {
    const extra = `data "aws_partition" "current" {\n  count    = 1\n  for_each = toset(["a"])\n}\n`;
    await expectProblems(added("extra.tf", extra), [problem("data.aws_partition.current", `Invalid combination of "count" and "for_each"`)]);
  });

  it("reports a duplicate declaration", async () => {
    const output = `output "secret_arn" {\n  value = aws_secretsmanager_secret.this.arn\n}\n`;
    await expectProblems(added("extra.tf", output), [
      problem("output.secret_arn", "Duplicate output declaration: output.secret_arn is already declared in outputs.tf", "extra.tf"),
    ]);
  });

  it("checks variable blocks", async () => {
    const extra =
      `variable "port" {\n  typ = number\n\n  validation {\n    condition = var.port > 0\n  }\n}\n\n` +
      `output "port" {\n  value = var.port\n}\n`;
    await expectProblems(added("extra.tf", extra), [
      problem("variable.port", `argument named "typ" is not expected here`),
      problem("variable.port", `the argument "error_message" is required, but no definition was found (in validation)`),
    ]);
  });

  it("checks variable type constraints", async () => {
    const extra = `variable "port" {\n  type = integer\n}\n\noutput "port" {\n  value = var.port\n}\n`;
    await expectProblems(added("extra.tf", extra), [problem("variable.port", `Invalid type specification: "integer"`)]);
  });

  it("checks output blocks", async () => {
    await expectProblems(added("extra.tf", `output "nothing" {\n  description = "No value."\n}\n`), [
      problem("output.nothing", `the argument "value" is required`),
    ]);
  });

  it("reports an unknown provider block", async () => {
    await expectProblems(added("extra.tf", `provider "awss" {\n  region = "eu-west-1"\n}\n`), [
      problem("provider.awss", `Unknown provider: provider "awss"`),
    ]);
  });

  it("reports a required_version too old for write-only arguments", async () => {
    await expectProblems(changed("versions.tf", `">= 1.11"`, `">= 1.5"`), [
      problem(
        "terraform",
        `required_version ">= 1.5" allows Terraform older than 1.11.0, but write-only argument ` +
          `aws_secretsmanager_secret_version.initial.secret_string_wo needs >= 1.11.0`,
      ),
    ]);
  });

  it("reports a provider constraint that excludes the version the schemas describe", async () => {
    await expectProblems(changed("versions.tf", `"~> 6.0"`, `"~> 5.0"`), [
      problem("terraform", `required_providers.aws.version "~> 5.0" does not allow 6.47.0`),
    ]);
  });

  it("reports a used provider missing from required_providers", async () => {
    const random = `    random = {\n      source  = "hashicorp/random"\n      version = "~> 3.7"\n    }\n`;
    await expectProblems(changed("versions.tf", random, ""), [
      problem("terraform", `Unpinned provider: "random" is used by ephemeral.random_password.initial`),
    ]);
  });

  it("can be run on its own", async () => {
    const { module, problems } = await parseModule({ "main.tf": `resource "aws_sns_topic" "alerts" {\n  nam = "x"\n}\n` });
    expect(problems).toEqual([]);
    expect(await checkSchema(module)).toEqual([
      problem("aws_sns_topic.alerts", `argument named "nam" is not expected here`, "main.tf"),
      problem("terraform", `Unpinned provider: "aws"`),
    ]);
  });
});
