/**
 * Proves the offline `terraform validate` in tests/support/terraform-check.ts: the fixture module passes,
 * and each check catches the one thing a test breaks in it, with the right address and message. This file:
 * the valid module, parsing, formatting and version constraints; the schema check and the reference check
 * have their own files (terraform-check-schema.test.ts, terraform-check-references.test.ts).
 */
import { describe, expect, it } from "vitest";
import { checkFormatting, constraintAllows, constraintFloor, parseConstraint } from "./support/terraform-check";
import { added, changed, expectProblems, problem, valid } from "./support/terraform-check-fixture";

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
