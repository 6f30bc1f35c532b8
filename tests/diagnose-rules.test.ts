import { describe, expect, it } from "vitest";
import { CATALOGUE, type Severity } from "@/lib/diagnose";
import { parseHcl } from "@/lib/diagnose/hcl/parser";
import { change, expectAbsent, expectFound, fixture, run, summary, type Files } from "./fixtures/diagnose/support";

/**
 * One test per finding: found on a broken configuration, absent on the fixed one. The fixed one is a
 * hand-written setup that works (tests/fixtures/diagnose/healthy); each broken one changes one thing.
 */

const healthy = fixture("healthy");
const ROTATION = "rotation.tf";

interface Case {
  name: string;
  id: string;
  severity: Severity;
  broken: Files;
  /** What the title must say, when one id covers several problems. */
  title?: RegExp;
  fixed?: Files;
}

const drop = (files: Files, path: string, from: string | RegExp) => change(files, path, from, "");

const cases: Case[] = [
  { name: "a file that does not parse", id: "terraform-invalid", severity: "error", broken: change(healthy, "network.tf", "from_port                    = 5432", "from_port = = 5432"), title: /network\.tf does not parse/ },
  {
    name: "no rotation resource",
    id: "rotation-missing",
    severity: "error",
    broken: drop(healthy, ROTATION, /resource "aws_secretsmanager_secret_rotation"[\s\S]*$/),
  },
  {
    name: "the rotation resource left in a comment",
    id: "rotation-missing",
    severity: "error",
    broken: change(healthy, ROTATION, /resource "aws_secretsmanager_secret_rotation"[\s\S]*$/, (healthy[ROTATION]!.match(/resource "aws_secretsmanager_secret_rotation"[\s\S]*$/)![0]).replace(/^/gm, "# ")),
    title: /commented out/,
  },
  { name: "rotation without a function, for a secret Terraform creates", id: "function-missing", severity: "error", broken: drop(healthy, ROTATION, "  rotation_lambda_arn = aws_lambda_function.rotation.arn\n") },
  {
    name: "rotation naming a function that is declared nowhere",
    id: "function-missing",
    severity: "error",
    broken: change(healthy, ROTATION, "rotation_lambda_arn = aws_lambda_function.rotation.arn", "rotation_lambda_arn = aws_lambda_function.rotator.arn"),
    title: /no file declares/,
  },
  {
    name: "no invoke permission",
    id: "invoke-permission-missing",
    severity: "error",
    broken: change(drop(healthy, ROTATION, /resource "aws_lambda_permission"[\s\S]*?\n}\n/), ROTATION, "aws_lambda_permission.secretsmanager, ", ""),
  },
  {
    name: "an invoke permission for another principal",
    id: "invoke-permission-missing",
    severity: "error",
    broken: change(healthy, ROTATION, 'principal      = "secretsmanager.amazonaws.com"', 'principal      = "events.amazonaws.com"'),
  },
  {
    name: "an invoke permission without source_account or source_arn",
    id: "invoke-permission-unscoped",
    severity: "warning",
    broken: drop(drop(healthy, ROTATION, "  source_account = data.aws_caller_identity.current.account_id\n"), ROTATION, "  source_arn     = aws_secretsmanager_secret.billing.arn\n"),
  },
  ...["DescribeSecret", "GetSecretValue", "PutSecretValue", "UpdateSecretVersionStage"].map(
    (action): Case => ({
      name: `the role lacks secretsmanager:${action}`,
      id: "iam-action-missing",
      severity: "error",
      broken: drop(healthy, ROTATION, `      "secretsmanager:${action}",\n`),
      title: new RegExp(`may not call secretsmanager:${action} to rotate aws_secretsmanager_secret\\.billing$`),
    }),
  ),
  {
    name: "the role lacks GetRandomPassword, with AWS's template code",
    id: "iam-action-missing",
    severity: "error",
    broken: change(healthy, ROTATION, '["secretsmanager:GetRandomPassword"]', '["secretsmanager:ListSecrets"]'),
    title: /GetRandomPassword/,
  },
  {
    name: "GetRandomPassword granted only on the secret (IAM needs *)",
    id: "iam-action-missing",
    severity: "error",
    broken: change(healthy, ROTATION, 'resources = ["*"]', "resources = [aws_secretsmanager_secret.billing.arn]"),
    title: /GetRandomPassword/,
  },
  {
    name: "the role lacks GetRandomPassword, with code we cannot see",
    id: "iam-action-missing",
    severity: "warning",
    broken: change(change(healthy, ROTATION, '["secretsmanager:GetRandomPassword"]', '["secretsmanager:ListSecrets"]'), ROTATION, '"lambda_function.lambda_handler"', '"app.main"'),
    title: /GetRandomPassword/,
  },
  { name: "the role lacks kms:Decrypt on the secret's key", id: "iam-action-missing", severity: "error", broken: change(healthy, ROTATION, '["kms:Decrypt", "kms:GenerateDataKey"]', '["kms:GenerateDataKey"]'), title: /may not call kms:Decrypt to rotate/ },
  { name: "the role lacks kms:GenerateDataKey on the secret's key", id: "iam-action-missing", severity: "error", broken: change(healthy, ROTATION, '["kms:Decrypt", "kms:GenerateDataKey"]', '["kms:Decrypt"]'), title: /may not call kms:GenerateDataKey to rotate/ },
  {
    name: "the actions granted on another secret",
    id: "iam-action-missing",
    severity: "error",
    broken: change(change(healthy, "main.tf", 'resource "aws_secretsmanager_secret" "billing" {', 'resource "aws_secretsmanager_secret" "other" {\n  name = "other"\n}\n\nresource "aws_secretsmanager_secret" "billing" {'), ROTATION, "resources = [aws_secretsmanager_secret.billing.arn]", "resources = [aws_secretsmanager_secret.other.arn]"),
    title: /DescribeSecret, secretsmanager:GetSecretValue, secretsmanager:PutSecretValue, secretsmanager:UpdateSecretVersionStage/,
  },
  {
    name: "a deny that takes the action back",
    id: "iam-action-missing",
    severity: "error",
    broken: change(healthy, ROTATION, '  statement {\n    sid       = "GeneratePasswords"', '  statement {\n    effect    = "Deny"\n    actions   = ["secretsmanager:PutSecretValue"]\n    resources = ["*"]\n  }\n  statement {\n    sid       = "GeneratePasswords"'),
    title: /PutSecretValue/,
  },
  {
    name: "a function outside the VPC of a private database",
    id: "function-not-in-vpc",
    severity: "error",
    broken: drop(healthy, ROTATION, /\n  vpc_config \{[\s\S]*?\n  \}\n/),
  },
  {
    name: "a function outside the VPC of a database the Terraform does not show",
    id: "function-not-in-vpc",
    severity: "warning",
    broken: drop(drop(drop(healthy, ROTATION, /\n  vpc_config \{[\s\S]*?\n  \}\n/), "main.tf", /resource "aws_db_instance"[\s\S]*$/), "main.tf", "    host     = aws_db_instance.billing.address\n"),
  },
  {
    name: "a function in a VPC with no endpoint, NAT or SECRETS_MANAGER_ENDPOINT",
    id: "no-secretsmanager-route",
    severity: "warning",
    broken: drop(drop(healthy, "network.tf", /resource "aws_vpc_endpoint"[\s\S]*$/), ROTATION, /\n  environment \{[\s\S]*?\n  \}\n/),
  },
  {
    name: "the database's security group admits nothing from the function",
    id: "db-port-closed",
    severity: "error",
    broken: drop(healthy, "network.tf", /resource "aws_vpc_security_group_ingress_rule" "database_from_rotation"[\s\S]*?\n}\n/),
    title: /on port 5432/,
  },
  {
    name: "the function's security group lets nothing out to the database",
    id: "db-port-closed",
    severity: "error",
    broken: change(healthy, "network.tf", /from_port                    = 5432\n  to_port                      = 5432\n}\n\nresource "aws_vpc_security_group_egress_rule" "rotation_to_endpoint"/, 'from_port                    = 3306\n  to_port                      = 3306\n}\n\nresource "aws_vpc_security_group_egress_rule" "rotation_to_endpoint"'),
  },
  {
    name: "the secret's value in secret_string",
    id: "password-in-state",
    severity: "warning",
    broken: drop(change(healthy, "main.tf", "secret_string_wo = jsonencode", "secret_string = jsonencode"), "main.tf", "  secret_string_wo_version = 1\n"),
  },
  {
    name: "the database password as a plain argument",
    id: "password-in-state",
    severity: "warning",
    broken: drop(change(healthy, "main.tf", "password_wo            = var.initial_password", "password               = var.db_password"), "main.tf", "  password_wo_version    = 1\n"),
    title: /aws_db_instance\.billing/,
  },
  {
    name: "a random_password resource",
    id: "password-in-state",
    severity: "warning",
    broken: change(change(healthy, "main.tf", "    password = var.initial_password\n", "    password = random_password.billing.result\n"), "variables.tf", 'variable "vpc_id" {', 'resource "random_password" "billing" {\n  length = 32\n}\n\nvariable "vpc_id" {'),
    title: /random_password\.billing/,
  },
  {
    name: "secret_string without ignore_changes",
    id: "rotation-reverted",
    severity: "warning",
    broken: drop(change(healthy, "main.tf", "secret_string_wo = jsonencode", "secret_string = jsonencode"), "main.tf", "  secret_string_wo_version = 1\n"),
    fixed: change(drop(change(healthy, "main.tf", "secret_string_wo = jsonencode", "secret_string = jsonencode"), "main.tf", "  secret_string_wo_version = 1\n"), "main.tf", "    dbname   = \"billing\"\n  })\n", "    dbname   = \"billing\"\n  })\n\n  lifecycle {\n    ignore_changes = [secret_string, version_stages]\n  }\n"),
  },
  {
    name: "version_stages with AWSCURRENT and no ignore_changes",
    id: "rotation-reverted",
    severity: "warning",
    broken: change(healthy, "main.tf", "  secret_string_wo_version = 1\n", '  secret_string_wo_version = 1\n  version_stages           = ["AWSCURRENT"]\n'),
    fixed: change(healthy, "main.tf", "  secret_string_wo_version = 1\n", '  secret_string_wo_version = 1\n  version_stages           = ["AWSCURRENT"]\n\n  lifecycle {\n    ignore_changes = [version_stages]\n  }\n'),
  },
  {
    name: "both days and an expression",
    id: "schedule-invalid",
    severity: "error",
    broken: change(healthy, ROTATION, "automatically_after_days = 30", 'automatically_after_days = 30\n    schedule_expression      = "rate(10 days)"'),
  },
  { name: "a cron with minutes", id: "schedule-invalid", severity: "error", broken: change(healthy, ROTATION, "automatically_after_days = 30", 'schedule_expression = "cron(30 4 ? * SUN *)"'), title: /cron/ },
  { name: "a rate under four hours", id: "schedule-invalid", severity: "error", broken: change(healthy, ROTATION, "automatically_after_days = 30", 'schedule_expression = "rate(2 hours)"') },
  { name: "days out of range", id: "schedule-invalid", severity: "error", broken: change(healthy, ROTATION, "automatically_after_days = 30", "automatically_after_days = 1001") },
  { name: "a window that does not fit", id: "schedule-invalid", severity: "error", broken: change(change(healthy, ROTATION, "automatically_after_days = 30", 'schedule_expression = "rate(4 hours)"'), ROTATION, '"3h"', '"6h"'), title: /window/ },
  { name: "a window AWS cannot read", id: "schedule-invalid", severity: "error", broken: change(healthy, ROTATION, '"3h"', '"3 hours"') },
  { name: "no rotation_rules", id: "schedule-invalid", severity: "error", broken: drop(healthy, ROTATION, /\n  rotation_rules \{[\s\S]*?\n  \}\n/) },
  {
    name: "rotation that does not wait for the permission",
    id: "rotation-before-permission",
    severity: "warning",
    broken: drop(healthy, ROTATION, /\n  depends_on = \[[^\]]*\]\n/),
  },
  { name: "Python 3.9", id: "runtime-deprecated", severity: "warning", broken: change(healthy, ROTATION, '"python3.12"', '"python3.9"'), title: /deprecated on 2025-12-15/ },
  { name: "Python 3.10 after 31 October 2026", id: "runtime-deprecated", severity: "warning", broken: change(healthy, ROTATION, '"python3.12"', '"python3.10"') },
  { name: "Python 3.8", id: "runtime-deprecated", severity: "warning", broken: change(healthy, ROTATION, '"python3.12"', '"python3.8"') },
  {
    name: "nothing watching RotationFailed",
    id: "no-failure-alert",
    severity: "info",
    broken: drop(healthy, "monitoring.tf", /resource "aws_cloudwatch_event_rule"[\s\S]*$/),
  },
];

describe("each finding is found on a broken configuration and absent on the fixed one", () => {
  it("the healthy configuration has no findings at all", () => {
    expect(summary(run(healthy))).toEqual([]);
  });

  for (const testCase of cases) {
    it(`${testCase.id} (${testCase.severity}): ${testCase.name}`, () => {
      const broken = run(testCase.broken);
      const found = broken.findings.filter((f) => f.id === testCase.id && f.severity === testCase.severity && (!testCase.title || testCase.title.test(f.title)));
      expect(found.length, `expected ${testCase.severity} ${testCase.id} ${testCase.title ?? ""} among:\n${summary(broken).join("\n")}`).toBeGreaterThan(0);
      for (const f of found) {
        expect(f.file).toMatch(/\.tf$/);
        expect(f.line).toBeGreaterThan(0);
        expect(f.why.length).toBeGreaterThan(40);
        expect(f.fix.length).toBeGreaterThan(20);
      }
      expectAbsent(run(testCase.fixed ?? healthy), testCase.id);
    });
  }

  it("covers every Terraform finding of the catalogue", () => {
    const tested = new Set(cases.map((c) => c.id));
    for (const rule of CATALOGUE.filter((r) => r.source === "terraform")) expect(tested, rule.id).toContain(rule.id);
  });
});

describe("rules that follow the product's own idioms", () => {
  it("a policy written as a heredoc with references counts, and so does secretsmanager:*", () => {
    const heredoc = change(
      healthy,
      ROTATION,
      "policy = data.aws_iam_policy_document.rotation.json",
      'policy = <<-EOT\n    {\n      "Version": "2012-10-17",\n      "Statement": [\n        {"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "${aws_secretsmanager_secret.billing.arn}"},\n        {"Effect": "Allow", "Action": "secretsmanager:GetRandomPassword", "Resource": "*"},\n        {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "${aws_kms_key.secret.arn}"}\n      ]\n    }\n  EOT',
    );
    expect(summary(run(heredoc))).toEqual([]);
    expectFound(run(change(heredoc, ROTATION, '"Action": "secretsmanager:*"', '"Action": "secretsmanager:Get*"')), "iam-action-missing", "error");
  });

  it("a policy that cannot be read makes a missing action a warning, not an error", () => {
    const unreadable = change(healthy, ROTATION, "policy = data.aws_iam_policy_document.rotation.json", 'policy = file("${path.module}/policy.json")');
    const finding = expectFound(run(unreadable), "iam-action-missing", "warning");
    expect(finding.why).toMatch(/Unless aws_iam_role_policy\.rotation grants/);
  });

  it("SecretsManagerReadWrite attached as a managed policy grants the secret actions", () => {
    const managed = change(
      drop(healthy, ROTATION, /\s+statement \{\s+sid = "RotateTheSecret"[\s\S]*?\]\n  \}/),
      ROTATION,
      '  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"\n}',
      '  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"\n}\n\nresource "aws_iam_role_policy_attachment" "secrets" {\n  role       = aws_iam_role.rotation.name\n  policy_arn = "arn:aws:iam::aws:policy/SecretsManagerReadWrite"\n}',
    );
    expectAbsent(run(managed), "iam-action-missing");
  });

  it("a secret encrypted with the AWS managed key needs no KMS grant", () => {
    const awsKey = drop(change(healthy, "main.tf", "kms_key_id = aws_kms_key.secret.arn", 'kms_key_id = "alias/aws/secretsmanager"'), ROTATION, /\n  statement \{\n    sid       = "UseTheKey"[\s\S]*?\n  \}/);
    expect(summary(run(awsKey))).toEqual([]);
  });

  it("rotation waits for the permission through a chain of depends_on", () => {
    const chained = change(
      change(healthy, ROTATION, "depends_on = [aws_lambda_permission.secretsmanager, aws_iam_role_policy.rotation]", "depends_on = [terraform_data.ready]"),
      ROTATION,
      'resource "aws_secretsmanager_secret_rotation"',
      'resource "terraform_data" "ready" {\n  depends_on = [aws_lambda_permission.secretsmanager]\n}\n\nresource "aws_secretsmanager_secret_rotation"',
    );
    expectAbsent(run(chained), "rotation-before-permission");
  });

  it("a managed master-user secret rotates without a function", () => {
    const files: Files = {
      "main.tf": `resource "aws_db_instance" "main" {
  identifier                  = "main"
  engine                      = "mysql"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "admin"
  manage_master_user_password = true
}

resource "aws_secretsmanager_secret_rotation" "main" {
  secret_id = aws_db_instance.main.master_user_secret[0].secret_arn
  rotation_rules {
    automatically_after_days = 7
  }
}
`,
    };
    const result = run(files);
    expectAbsent(result, "function-missing");
    expect(result.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(result.plan.values).toMatchObject({ engine: "mysql", strategy: "managed", days: "7" });
  });

  it("an existing secret rotated without a function: info until describe-secret shows it is not service-managed", () => {
    const files: Files = {
      "rotation.tf": 'resource "aws_secretsmanager_secret_rotation" "this" {\n  secret_id = var.secret_arn\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}\n\nvariable "secret_arn" {\n  type = string\n}\n',
    };
    expectFound(run(files), "function-missing", "info");
    const describe = JSON.stringify({ ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf", Name: "app", RotationEnabled: true });
    expectFound(run(files, { describe }), "function-missing", "error");
    const managed = JSON.stringify({ ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-AbCdEf", Name: "rds!db-1", RotationEnabled: true, OwningService: "rds" });
    expectAbsent(run(files, { describe: managed }), "function-missing");
  });

  it("a rotation function in a local module, reached through the module's output", () => {
    const files: Files = {
      "main.tf": `resource "aws_secretsmanager_secret" "db" {
  name = "app/db"
}

module "rotation" {
  source     = "./modules/rotation"
  secret_arn = aws_secretsmanager_secret.db.arn
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = module.rotation.function_arn
  rotation_rules {
    automatically_after_days = 30
  }
  depends_on = [module.rotation]
}
`,
      "modules/rotation/main.tf": `variable "secret_arn" {
  type = string
}

resource "aws_lambda_function" "this" {
  function_name = "app-db-rotation"
  role          = aws_iam_role.this.arn
  handler       = "lambda_function.lambda_handler"
  runtime       = "python3.9"
  filename      = "rotation.zip"
}

resource "aws_iam_role" "this" {
  name               = "app-db-rotation"
  assume_role_policy = "{}"
}

resource "aws_lambda_permission" "this" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.this.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_account = "123456789012"
}

output "function_arn" {
  value = aws_lambda_function.this.arn
}
`,
    };
    const result = run(files);
    const runtime = expectFound(result, "runtime-deprecated", "warning");
    expect(runtime.file).toBe("modules/rotation/main.tf");
    expectFound(result, "iam-action-missing", "error");
    expectAbsent(result, "rotation-before-permission");
    expectAbsent(result, "function-missing");
  });
});

describe("fixes", () => {
  it("every HCL snippet of every fix parses", () => {
    const results = [run(fixture("seed-broken")), run(fixture("seed-fixed")), ...cases.map((c) => run(c.broken))];
    let snippets = 0;
    for (const result of results) {
      for (const f of result.findings) {
        for (const [, code] of f.fix.matchAll(/```hcl\n([\s\S]*?)\n```/g)) {
          snippets++;
          let parsed = true;
          try {
            parseHcl("fix.tf", code!);
          } catch {
            try {
              parseHcl("fix.tf", `x = ${code}`);
            } catch {
              parsed = false;
            }
          }
          expect(parsed, `${f.id}: ${code}`).toBe(true);
        }
      }
    }
    expect(snippets).toBeGreaterThan(20);
  });
});
