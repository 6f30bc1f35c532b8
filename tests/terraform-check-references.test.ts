/**
 * Proves the reference half of the offline `terraform validate` (tests/support/terraform-references.ts):
 * undeclared and unused names, attributes a type does not have, ephemeral and sensitive values; and
 * referencesIn, which reads references out of expressions as hcl2json gives them.
 */
import { describe, expect, it } from "vitest";
import { checkReferences, parseModule, referencesIn } from "./support/terraform-check";
import { added, changed, expectProblems, problem, valid } from "./support/terraform-check-fixture";

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
