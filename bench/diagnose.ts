import { diagnose, type SourceFile } from "@/lib/diagnose";
import { median, metric, type Metric } from "./stats";

/**
 * Diagnosis of a generated Terraform project (PRODUCT.md §8): 100 files of 100 lines each, every file a
 * rotation setup of its own (secret, function, role, policy, permission, network, rotation), so that every
 * rule has work in every file. Measured at 10 and at 100 files: the time per file must stay flat.
 */

const LINES_PER_FILE = 100;

/** One file: a complete rotation setup whose names carry the file's number. */
export function projectFile(i: number): SourceFile {
  const n = String(i).padStart(3, "0");
  const lines = `# Rotation of database ${n}.

resource "aws_secretsmanager_secret" "db_${n}" {
  name       = "app/db-${n}"
  kms_key_id = var.kms_key_arn
}

resource "aws_secretsmanager_secret_version" "db_${n}" {
  secret_id = aws_secretsmanager_secret.db_${n}.id
  secret_string_wo = jsonencode({
    engine   = "postgres"
    host     = "db-${n}.internal"
    username = "app_${n}"
    password = var.initial_password
  })
  secret_string_wo_version = 1
}

resource "aws_lambda_function" "rotation_${n}" {
  function_name = "db-${n}-rotation"
  role          = aws_iam_role.rotation_${n}.arn
  handler       = "lambda_function.lambda_handler"
  runtime       = "python3.12"
  filename      = "rotation.zip"
  timeout       = 30
  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.rotation_${n}.id]
  }
  environment {
    variables = {
      SECRETS_MANAGER_ENDPOINT = "https://secretsmanager.\${var.region}.amazonaws.com"
    }
  }
}

resource "aws_iam_role" "rotation_${n}" {
  name               = "db-${n}-rotation"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "rotation_${n}" {
  statement {
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
    ]
    resources = [aws_secretsmanager_secret.db_${n}.arn]
  }
  statement {
    actions   = ["secretsmanager:GetRandomPassword"]
    resources = ["*"]
  }
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "rotation_${n}" {
  name   = "rotate-db-${n}"
  role   = aws_iam_role.rotation_${n}.id
  policy = data.aws_iam_policy_document.rotation_${n}.json
}

resource "aws_lambda_permission" "rotation_${n}" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.rotation_${n}.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_account = var.account_id
  source_arn     = aws_secretsmanager_secret.db_${n}.arn
}

resource "aws_security_group" "rotation_${n}" {
  name_prefix = "db-${n}-rotation-"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "rotation_${n}" {
  security_group_id = aws_security_group.rotation_${n}.id
  cidr_ipv4         = "10.0.0.0/8"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
}

resource "aws_secretsmanager_secret_rotation" "db_${n}" {
  secret_id           = aws_secretsmanager_secret.db_${n}.id
  rotation_lambda_arn = aws_lambda_function.rotation_${n}.arn
  rotation_rules {
    automatically_after_days = ${1 + (i % 90)}
  }
  depends_on = [aws_lambda_permission.rotation_${n}]
}
`.split("\n");
  while (lines.length < LINES_PER_FILE) lines.push("");
  return { path: `db-${n}.tf`, text: lines.slice(0, LINES_PER_FILE).join("\n") };
}

const SHARED: SourceFile = {
  path: "shared.tf",
  text: `variable "kms_key_arn" {\n  type = string\n}\nvariable "initial_password" {\n  type      = string\n  ephemeral = true\n  default   = null\n}\nvariable "subnet_ids" {\n  type = list(string)\n}\nvariable "vpc_id" {\n  type = string\n}\nvariable "region" {\n  type = string\n}\nvariable "account_id" {\n  type = string\n}\ndata "aws_iam_policy_document" "assume" {\n  statement {\n    actions = ["sts:AssumeRole"]\n  }\n}\n`,
};

/** A project of `count` files of 100 lines (the shared variables file aside). */
export function project(count: number): SourceFile[] {
  return [SHARED, ...Array.from({ length: count }, (_, i) => projectFile(i))];
}

function timeDiagnosis(files: SourceFile[], runs: number): number[] {
  const now = new Date("2026-11-29T12:00:00Z");
  for (let i = 0; i < 3; i++) diagnose({ files, now });
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    diagnose({ files, now });
    samples.push(performance.now() - start);
  }
  return samples;
}

export function benchDiagnose(runs = 15): Metric[] {
  const small = project(10);
  const large = project(100);
  const lines = large.slice(1).reduce((sum, file) => sum + file.text.split("\n").length, 0);
  // Interleaved, in rounds, so that a burst of load (or the garbage a part before left) falls on both alike.
  const smallSamples: number[] = [];
  const largeSamples: number[] = [];
  for (let round = 0; round < 5; round++) {
    smallSamples.push(...timeDiagnosis(small, runs));
    largeSamples.push(...timeDiagnosis(large, Math.ceil(runs / 3)));
  }
  const smallMedian = median(smallSamples);
  const largeMedian = median(largeSamples);
  const perFileSmall = smallMedian / 10;
  const perFileLarge = largeMedian / 100;
  return [
    metric(`diagnose, 100 files / ${lines} lines, median`, largeMedian, "ms", { text: "median < 1000 ms", ok: (value) => value < 1000 }),
    metric("diagnose, 10 files, median", smallMedian, "ms"),
    metric("diagnose, time per file at 10 files", perFileSmall, "ms"),
    metric("diagnose, time per file at 100 files", perFileLarge, "ms"),
    metric("diagnose, per file at 100 ÷ per file at 10", perFileLarge / perFileSmall, "×", { text: "≤ 1.5×", ok: (value) => value <= 1.5 }),
  ];
}

if (process.argv[1]?.endsWith("bench/diagnose.ts")) {
  console.table(benchDiagnose().map((m) => ({ metric: m.name, value: m.value, unit: m.unit, budget: m.budget ?? "", ok: m.ok === null ? "" : m.ok ? "yes" : "NO" })));
}
