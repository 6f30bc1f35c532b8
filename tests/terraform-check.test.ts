/**
 * Proves the offline `terraform validate` in tests/support/terraform-check.ts: the fixture module passes,
 * and each check catches the one thing a test breaks in it, with the right address and message.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import {
  checkFormatting,
  checkReferences,
  checkSchema,
  checkTerraformModule,
  constraintAllows,
  constraintFloor,
  describeProblems,
  parseConstraint,
  parseModule,
  referencesIn,
  type TerraformProblem,
} from "./support/terraform-check";

const FIXTURE = fileURLToPath(new URL("./support/terraform-fixtures/rotation-module/", import.meta.url));

let valid: Record<string, string>;

beforeAll(() => {
  valid = Object.fromEntries(readdirSync(FIXTURE).map((file) => [file, readFileSync(path.join(FIXTURE, file), "utf8")]));
});

/** The fixture with one text replaced; fails loudly if the fixture no longer contains it. */
function changed(file: string, from: string, to: string): Record<string, string> {
  const content = valid[file];
  if (!content?.includes(from)) throw new Error(`fixture ${file} no longer contains ${JSON.stringify(from)}`);
  return { ...valid, [file]: content.replace(from, to) };
}

/** The fixture plus one more file. */
function added(file: string, content: string): Record<string, string> {
  return { ...valid, [file]: content };
}

function problem(address: string, message: string, file?: string) {
  return expect.objectContaining({ address, message: expect.stringContaining(message), ...(file ? { file } : {}) });
}

async function expectProblems(files: Record<string, string>, expected: unknown[]): Promise<TerraformProblem[]> {
  const problems = await checkTerraformModule(files);
  expect(problems, describeProblems(problems)).toEqual(expected);
  return problems;
}

describe("a valid module", () => {
  it("has no problems: secret, write-only version, rotation, Lambda in a VPC, ephemeral password, heredoc, dynamic block", async () => {
    await expectProblems(valid, []);
  });

  it("ignores files that are not Terraform", async () => {
    await expectProblems({ ...valid, "README.md": "# not terraform {", "lambda/index.py": "x = {" }, []);
  });
});

describe("parsing", () => {
  it("reports a .tf file that does not parse, with the block it is in, and stops there", async () => {
    await expectProblems(changed("main.tf", "  timeout       = 30\n", "  timeout       =\n"), [
      problem("aws_lambda_function.rotation", "Parse error: ", "main.tf"),
    ]);
  });

  it("parses terraform.tfvars too", async () => {
    await expectProblems(changed("terraform.tfvars", `"eu-west-1"`, `"eu-west-1`), [
      problem("", "Parse error: ", "terraform.tfvars"),
    ]);
  });

  it("reports a top-level argument", async () => {
    await expectProblems(added("extra.tf", `region = "eu-west-1"\n`), [
      problem("region", `"region" is not a Terraform top-level block`, "extra.tf"),
    ]);
  });
});

describe("formatting", () => {
  it("reports the first line terraform fmt would change", async () => {
    const files = changed("main.tf", `  runtime       = "python3.12"`, `  runtime = "python3.12"`);
    const line = files["main.tf"]!.split("\n").indexOf(`  runtime = "python3.12"`) + 1;
    await expectProblems(files, [
      problem(
        "aws_lambda_function.rotation",
        `Not terraform fmt canonical: line ${line} is "  runtime = \\"python3.12\\"", ` +
          `terraform fmt makes it "  runtime       = \\"python3.12\\""`,
        "main.tf",
      ),
    ]);
  });

  it("checks terraform.tfvars as terraform fmt does", async () => {
    const problems = await checkFormatting({ "terraform.tfvars": `region = "eu-west-1"\nsubnet_ids = ["subnet-1"]\n` });
    expect(problems).toEqual([problem("", "line 1 is", "terraform.tfvars")]);
  });
});

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

describe("references", () => {
  it("reports an undeclared variable", async () => {
    await expectProblems(changed("main.tf", "automatically_after_days = var.rotation_days", "automatically_after_days = var.rotation_period"), [
      problem("aws_secretsmanager_secret_rotation.this", `Reference to undeclared input variable: no input variable named "rotation_period"`),
    ]);
  });

  it("reports an undeclared resource", async () => {
    await expectProblems(changed("main.tf", "role          = aws_iam_role.lambda.arn", "role          = aws_iam_role.rotation.arn"), [
      problem("aws_lambda_function.rotation", `a managed resource "aws_iam_role" "rotation" has not been declared (in aws_iam_role.rotation.arn)`),
    ]);
  });

  it("reports an undeclared resource in depends_on", async () => {
    await expectProblems(changed("main.tf", "[aws_lambda_permission.secrets_manager]", "[aws_lambda_permission.secret_manager]"), [
      problem("aws_secretsmanager_secret_rotation.this", `a managed resource "aws_lambda_permission" "secret_manager" has not been declared`),
    ]);
  });

  it("reports an undeclared local", async () => {
    await expectProblems(changed("main.tf", "= local.tags", "= local.default_tags"), [
      problem("aws_secretsmanager_secret.this", `Reference to undeclared local value: no local value named "default_tags"`),
    ]);
  });

  it("reports an undeclared data source and an undeclared ephemeral resource", async () => {
    const files = changed("main.tf", "data.aws_caller_identity.current.account_id", "data.aws_caller_identity.this.account_id");
    files["main.tf"] = files["main.tf"]!.replace("ephemeral.random_password.initial.result", "ephemeral.random_password.first.result");
    await expectProblems(files, [
      problem("aws_lambda_permission.secrets_manager", "data.aws_caller_identity.this is not declared"),
      problem("aws_secretsmanager_secret_version.initial", "ephemeral.random_password.first is not declared"),
    ]);
  });

  it("reports an unused variable", async () => {
    const unused = `${valid["variables.tf"]}\nvariable "unused" {\n  type = string\n}\n`;
    await expectProblems({ ...valid, "variables.tf": unused }, [
      problem("variable.unused", `Unused variable: variable "unused" is declared but never referenced`, "variables.tf"),
    ]);
  });

  it("does not count a variable's own validation as a use", async () => {
    const extra = `variable "port" {\n  type = number\n\n  validation {\n    condition     = var.port > 0\n    error_message = "Positive."\n  }\n}\n`;
    await expectProblems(added("extra.tf", extra), [problem("variable.port", "Unused variable")]);
  });

  it("reports a variable assigned in terraform.tfvars but not declared", async () => {
    const tfvars = `${valid["terraform.tfvars"]}db_port            = 5432\n`;
    await expectProblems({ ...valid, "terraform.tfvars": tfvars }, [
      problem("variable.db_port", `Value for undeclared variable: terraform.tfvars assigns "db_port"`, "terraform.tfvars"),
    ]);
  });

  it("reports a reference in terraform.tfvars", async () => {
    await expectProblems(changed("terraform.tfvars", `"eu-west-1"`, "var.default_region"), [
      problem("variable.region", `terraform.tfvars must hold literal values, but "region" refers to var.default_region`),
    ]);
  });

  it("reports an attribute the resource type does not have", async () => {
    await expectProblems(changed("main.tf", "rotation_lambda_arn = aws_lambda_function.rotation.arn", "rotation_lambda_arn = aws_lambda_function.rotation.arm"), [
      problem(
        "aws_secretsmanager_secret_rotation.this",
        `Unsupported attribute: aws_lambda_function.rotation.arm — aws_lambda_function has no argument, nested block or exported attribute named "arm"`,
      ),
    ]);
  });

  it("follows attributes into nested blocks, through instance keys", async () => {
    const extra =
      `output "vpc" {\n  value = aws_lambda_function.rotation.vpc_config[0].vpc_id\n}\n\n` +
      `output "vpcs" {\n  value = aws_lambda_function.rotation.vpc_config[0].vpc_ids\n}\n`;
    await expectProblems(added("extra.tf", extra), [problem("output.vpcs", `nested block or exported attribute named "vpc_ids"`)]);
  });

  it("reports a typo after a splat", async () => {
    const extra = `output "arns" {\n  value = aws_lambda_function.rotation[*].arm\n}\n`;
    await expectProblems(added("extra.tf", extra), [problem("output.arns", `named "arm"`)]);
  });

  it("reports a deprecated attribute", async () => {
    const extra = `data "aws_region" "current" {}\n\noutput "region" {\n  value = data.aws_region.current.name\n}\n`;
    await expectProblems(added("extra.tf", extra), [
      problem("output.region", `Deprecated attribute: data.aws_region.current.name reads "name", which is deprecated`),
    ]);
  });

  it("reports an ephemeral value in an argument that is not write-only", async () => {
    await expectProblems(changed("main.tf", "  secret_string_wo = jsonencode({", "  secret_string = jsonencode({"), [
      problem(
        "aws_secretsmanager_secret_version.initial",
        "Invalid use of ephemeral value: ephemeral.random_password.initial.result is ephemeral, so it can only be set " +
          "in a write-only argument, and secret_string is not one",
      ),
    ]);
  });

  it("follows ephemeral values through locals, and lets ephemeralasnull() through", async () => {
    const extra =
      `locals {\n  password = ephemeral.random_password.initial.result\n}\n\n` +
      `output "password" {\n  value     = local.password\n  sensitive = true\n}\n\n` +
      `output "nothing" {\n  value     = ephemeralasnull(local.password)\n  sensitive = true\n}\n`;
    await expectProblems(added("extra.tf", extra), [
      problem("output.password", "Ephemeral value not allowed: local.password is ephemeral and a root module cannot output it"),
    ]);
  });

  it("reports an output of a sensitive value that is not marked sensitive", async () => {
    const extra =
      `variable "password" {\n  type      = string\n  sensitive = true\n}\n\n` +
      `locals {\n  connection = "postgres://app:\${var.password}@db"\n}\n\n` +
      `output "connection" {\n  value = local.connection\n}\n\n` +
      `output "marked" {\n  value     = local.connection\n  sensitive = true\n}\n\n` +
      `output "unmarked" {\n  value = nonsensitive(var.password)\n}\n\n` +
      `output "version" {\n  value = aws_secretsmanager_secret_version.initial.secret_string\n}\n`;
    await expectProblems(added("extra.tf", extra), [
      problem("output.connection", "Output refers to sensitive values: local.connection is sensitive, so output.connection needs sensitive = true"),
      problem("output.version", "aws_secretsmanager_secret_version.initial.secret_string is sensitive"),
    ]);
  });

  it("reads the references of lifecycle conditions: they resolve, and a variable used there is used", async () => {
    const extra =
      `variable "expected_region" {\n  type = string\n}\n\n` +
      `data "aws_region" "here" {\n  lifecycle {\n    postcondition {\n      condition     = self.region == var.expected_region\n` +
      `      error_message = "Terraform runs in \${self.region}, not \${local.missing}."\n    }\n  }\n}\n`;
    await expectProblems(added("extra.tf", extra), [problem("data.aws_region.here", `no local value named "missing"`)]);
  });

  it("reports references in a variable default", async () => {
    const extra = `variable "zone" {\n  type    = string\n  default = "\${var.region}a"\n}\n\noutput "zone" {\n  value = var.zone\n}\n`;
    await expectProblems(added("extra.tf", extra), [problem("variable.zone", "Variables not allowed: the default of variable.zone refers to var.region")]);
  });

  it("can be run on its own", async () => {
    const { module } = await parseModule({ "main.tf": `output "x" {\n  value = local.missing\n}\n` });
    expect(await checkReferences(module)).toEqual([problem("output.x", `no local value named "missing"`, "main.tf")]);
  });
});

describe("referencesIn (reading expressions as hcl2json gives them)", () => {
  const texts = async (expression: string) => (await referencesIn(expression)).map((reference) => reference.text);

  it("skips quoted strings, object keys and function names", async () => {
    expect(await texts(`\${jsonencode({ Sid = "aws_fake.name", Resource = aws_x.y.arn, (local.key) = 1 })}`)).toEqual([
      "aws_x.y.arn",
      "local.key",
    ]);
  });

  it("binds for-expression variables", async () => {
    expect(await texts(`\${{ for k, s in var.list : k => s.id if s != local.skip }}`)).toEqual(["var.list", "local.skip"]);
  });

  it("reads templates with escapes and heredoc text with raw quotes and newlines", async () => {
    expect(await texts(`prefix-\${var.a}-$\${not.a_reference} \\"quoted\\"`)).toEqual(["var.a"]);
    expect(await texts(`{"k": "\${var.a}"}\n"q" \\ %{ if var.b }yes%{ endif }\n`)).toEqual(["var.a", "var.b"]);
  });

  it("keeps instance keys and splats with their attribute", async () => {
    expect(await texts(`\${aws_x.y[0].arn} \${aws_x.y["k"].arn} \${aws_x.y[*].arn} \${aws_x.y[var.i].arn}`)).toEqual([
      "aws_x.y[0].arn",
      `aws_x.y["k"].arn`,
      "aws_x.y[*].arn",
      "aws_x.y[…].arn",
      "var.i",
    ]);
  });

  it("marks references inside ephemeralasnull()", async () => {
    const [reference] = await referencesIn(`\${ephemeralasnull(ephemeral.random_password.p.result)}`);
    expect(reference).toMatchObject({ root: "ephemeral", ephemeralStripped: true });
  });

  it("finds nothing in plain text", async () => {
    expect(await texts("aws_x.y.arn is only text")).toEqual([]);
  });
});

describe("version constraints", () => {
  it("reads the operators Terraform accepts", () => {
    expect(parseConstraint(">= 1.11, < 2.0.0")).toHaveLength(2);
    expect(parseConstraint("about 1.11")).toBeUndefined();
  });

  it("applies ~> like Terraform", () => {
    expect(constraintAllows("~> 6.0", [6, 47, 0])).toBe(true);
    expect(constraintAllows("~> 6.0", [7, 0, 0])).toBe(false);
    expect(constraintAllows("~> 6.46.1", [6, 47, 0])).toBe(false);
    expect(constraintAllows("~> 3.7", [3, 7, 2])).toBe(true);
  });

  it("finds the lowest version a constraint allows", () => {
    expect(constraintFloor(">= 1.11, < 2.0")).toEqual([1, 11, 0]);
    expect(constraintFloor("~> 1.10.3")).toEqual([1, 10, 3]);
    expect(constraintFloor("< 2.0")).toEqual([0, 0, 0]);
  });
});
