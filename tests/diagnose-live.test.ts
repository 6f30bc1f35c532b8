import { describe, expect, it } from "vitest";
import { CATALOGUE, diagnose, InputError } from "@/lib/diagnose";
import { expectAbsent, expectFound, fixture, NOW, run } from "./fixtures/diagnose/support";

/** The live-state and log findings: each found on a broken state or log, absent on a healthy one. */

const healthy = fixture("healthy");
const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbCdEf";
const FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:billing-db-rotation";
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function describeSecret(changes: Record<string, unknown> = {}): string {
  return JSON.stringify({
    ARN,
    Name: "billing/db",
    RotationEnabled: true,
    RotationLambdaARN: FUNCTION,
    RotationRules: { AutomaticallyAfterDays: 30, Duration: "3h" },
    LastRotatedDate: daysAgo(5),
    LastChangedDate: daysAgo(5),
    CreatedDate: daysAgo(400),
    VersionIdsToStages: { "a1b2c3d4-0000-4000-8000-000000000001": ["AWSCURRENT", "AWSPENDING"], "a1b2c3d4-0000-4000-8000-000000000002": ["AWSPREVIOUS"] },
    ...changes,
  });
}

function versions(stages: Record<string, string[]>): string {
  return JSON.stringify({ ARN, Name: "billing/db", Versions: Object.entries(stages).map(([VersionId, VersionStages]) => ({ VersionId, VersionStages, CreatedDate: daysAgo(5) })) });
}

describe("live state", () => {
  it("a healthy secret gives nothing", () => {
    const result = run(healthy, { describe: describeSecret(), versions: versions({ v1: ["AWSCURRENT", "AWSPENDING"], v0: ["AWSPREVIOUS"] }) });
    expect(result.findings).toEqual([]);
  });

  it("rotation-disabled: RotationEnabled false, or absent", () => {
    expectFound(run(healthy, { describe: describeSecret({ RotationEnabled: false }) }), "rotation-disabled", "error");
    const absent = JSON.parse(describeSecret()) as Record<string, unknown>;
    delete absent.RotationEnabled;
    const finding = expectFound(run(healthy, { describe: JSON.stringify(absent) }), "rotation-disabled", "error");
    expect(finding.file).toBe("describe-secret");
    expect(finding.why).toMatch(/aws_secretsmanager_secret_rotation\.billing/);
    expectAbsent(run(healthy, { describe: describeSecret() }), "rotation-disabled");
  });

  it("rotation-overdue: last rotated 90 days ago on a 30-day schedule", () => {
    const finding = expectFound(run(healthy, { describe: describeSecret({ LastRotatedDate: daysAgo(90) }) }), "rotation-overdue", "error");
    expect(finding.title).toMatch(/90 days ago/);
    expectAbsent(run(healthy, { describe: describeSecret({ LastRotatedDate: daysAgo(29) }) }), "rotation-overdue");
  });

  it("rotation-overdue: NextRotationDate long past", () => {
    expectFound(run(healthy, { describe: describeSecret({ NextRotationDate: daysAgo(10) }) }), "rotation-overdue", "error");
    expectAbsent(run(healthy, { describe: describeSecret({ NextRotationDate: daysAgo(-3) }) }), "rotation-overdue");
  });

  it("rotation-overdue: a weekly cron, never rotated since creation", () => {
    const weekly = describeSecret({ RotationRules: { ScheduleExpression: "cron(0 4 ? * SUN *)" }, LastRotatedDate: undefined, CreatedDate: daysAgo(20) });
    expectFound(run(healthy, { describe: weekly }), "rotation-overdue", "error");
    expectAbsent(run(healthy, { describe: describeSecret({ RotationRules: { ScheduleExpression: "cron(0 4 ? * SUN *)" }, LastRotatedDate: daysAgo(6) }) }), "rotation-overdue");
  });

  it("rotation-overdue reads the schedule from the Terraform when describe-secret has none", () => {
    expectFound(run(healthy, { describe: describeSecret({ RotationRules: undefined, LastRotatedDate: daysAgo(60) }) }), "rotation-overdue", "error");
  });

  it("pending-stuck: AWSPENDING on another version than AWSCURRENT", () => {
    const finding = expectFound(run(healthy, { versions: versions({ v2: ["AWSPENDING"], v1: ["AWSCURRENT"], v0: ["AWSPREVIOUS"] }) }), "pending-stuck", "error");
    expect(finding.file).toBe("list-secret-version-ids");
    expect(finding.fix).toContain("--remove-from-version-id v2");
    expectAbsent(run(healthy, { versions: versions({ v1: ["AWSCURRENT", "AWSPENDING"], v0: ["AWSPREVIOUS"] }) }), "pending-stuck");
    expectAbsent(run(healthy, { versions: versions({ v1: ["AWSCURRENT"], v0: ["AWSPREVIOUS"] }) }), "pending-stuck");
  });

  it("pending-stuck from describe-secret's VersionIdsToStages", () => {
    expectFound(run(healthy, { describe: describeSecret({ VersionIdsToStages: { v2: ["AWSPENDING"], v1: ["AWSCURRENT"] } }) }), "pending-stuck", "error");
  });

  it("function-mismatch: the secret rotates with another function than the Terraform's", () => {
    const finding = expectFound(run(healthy, { describe: describeSecret({ RotationLambdaARN: "arn:aws:lambda:eu-west-1:123456789012:function:SecretsManagerbilling-rotation" }) }), "function-mismatch", "warning");
    expect(finding.title).toMatch(/billing-db-rotation/);
    expectAbsent(run(healthy, { describe: describeSecret() }), "function-mismatch");
  });

  it("describe-secret's KMS key makes the KMS actions required for a secret made elsewhere", () => {
    const files = {
      "main.tf": healthy["rotation.tf"]!.replace("aws_secretsmanager_secret.billing.id", "var.secret_arn").replace(/aws_secretsmanager_secret\.billing\.arn/g, "var.secret_arn").replace(/\n  statement \{\n    sid       = "UseTheKey"[\s\S]*?\n  \}/, ""),
      "variables.tf": `${healthy["variables.tf"]}\nvariable "secret_arn" {\n  type = string\n}\n`,
      "terraform.tfvars": `${healthy["terraform.tfvars"]}secret_arn = "${ARN}"\n`,
      "network.tf": healthy["network.tf"]!,
    };
    expectAbsent(run(files, { describe: describeSecret() }), "iam-action-missing");
    const finding = expectFound(run(files, { describe: describeSecret({ KmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }) }), "iam-action-missing", "error");
    expect(finding.title).toMatch(/may not call kms:Decrypt, kms:GenerateDataKey to rotate arn:aws:secretsmanager/);
  });

  it("JSON that is not JSON is unusable input; fields of the wrong type are ignored", () => {
    expect(() => run(healthy, { describe: "{ not json" })).toThrow(InputError);
    expect(() => run(healthy, { versions: "[1, 2]" })).toThrow(InputError);
    expect(() => run(healthy, { describe: JSON.stringify({ RotationEnabled: "yes", LastRotatedDate: { x: 1 }, VersionIdsToStages: [1], RotationRules: "30" }) })).not.toThrow();
  });

  it("dates as the AWS CLI v1 prints them (seconds since the epoch)", () => {
    const epoch = (days: number) => (NOW.getTime() - days * 86_400_000) / 1000;
    expectFound(run(healthy, { describe: describeSecret({ LastRotatedDate: epoch(90) }) }), "rotation-overdue", "error");
  });
});

describe("logs", () => {
  const lines: Record<string, string[]> = {
    "log-task-timeout": ["2026-11-28T04:00:31.118Z 1d2e3f4a Task timed out after 30.03 seconds"],
    "log-endpoint-unreachable": ['[ERROR] EndpointConnectionError: Could not connect to the endpoint URL: "https://secretsmanager.eu-west-1.amazonaws.com/"'],
    "log-db-unreachable": ['psycopg2.OperationalError: connection to server at "billing.abc.eu-west-1.rds.amazonaws.com" (10.0.3.7), port 5432 failed: Connection timed out'],
    "log-db-auth-failed": ['[ERROR] setSecret: Unable to log into database with previous, current, or pending secret of secret arn arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbCdEf', 'FATAL:  password authentication failed for user "billing"'],
    "log-access-denied-secretsmanager": ["An error occurred (AccessDeniedException) when calling the PutSecretValue operation: User: arn:aws:sts::123456789012:assumed-role/rotation/x is not authorized to perform: secretsmanager:PutSecretValue on resource: billing/db"],
    "log-access-denied-kms": ["An error occurred (AccessDeniedException) when calling the GetSecretValue operation: Access to KMS is not allowed"],
    "log-import-module-error": ["[ERROR] Runtime.ImportModuleError: Unable to import module 'lambda_function': No module named 'psycopg2._psycopg'"],
    "log-tls-error": ["pymysql.err.OperationalError: (2003, \"Can't connect: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate\")"],
    "log-previous-rotation-incomplete": ["An error occurred (InvalidRequestException) when calling the RotateSecret operation: A previous rotation isn't complete. That rotation will be reattempted."],
    "log-secret-key-missing": ["[ERROR] KeyError: 'masterarn'", "[ERROR] KeyError: host key is missing from secret JSON"],
  };
  const healthyLog = [
    "START RequestId: 1d2e3f4a Version: $LATEST",
    "[INFO] Found credentials in environment variables.",
    "[INFO] createSecret: Successfully put secret for ARN arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbCdEf and version 1d2e3f4a.",
    "[INFO] setSecret: Successfully set password for user billing in PostgreSQL DB for secret arn arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbCdEf.",
    "[INFO] finishSecret: Successfully set AWSCURRENT stage to version 1d2e3f4a for secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbCdEf.",
    "END RequestId: 1d2e3f4a",
    "REPORT RequestId: 1d2e3f4a Duration: 812.25 ms Billed Duration: 813 ms",
  ].join("\n");

  it("a healthy log gives nothing", () => {
    expect(run(healthy, { logs: healthyLog }).findings).toEqual([]);
  });

  for (const [id, examples] of Object.entries(lines)) {
    it(`${id}: found on its message, absent on a healthy log`, () => {
      for (const example of examples) {
        const finding = expectFound(run(healthy, { logs: `${healthyLog}\n${example}\n${example}` }), id, "error");
        expect(finding.file).toBe("logs");
        expect(finding.line).toBe(8);
        expect(finding.title).toMatch(/2 times, first on line 8/);
      }
      expectAbsent(run(healthy, { logs: healthyLog }), id);
    });
  }

  it("names the missing key", () => {
    expect(expectFound(run(healthy, { logs: "KeyError: 'masterarn'" }), "log-secret-key-missing").title).toMatch(/no masterarn/);
    expect(expectFound(run(healthy, { logs: "host key is missing from secret JSON" }), "log-secret-key-missing").title).toMatch(/no host/);
    expect(expectFound(run(healthy, { logs: "KeyError: engine key is missing from secret JSON" }), "log-secret-key-missing").title).toMatch(/no engine/);
  });

  it("never repeats the log line in the report", () => {
    const secretLine = 'FATAL:  password authentication failed for user "billing" hunter2-s3cret';
    const result = run(healthy, { logs: secretLine });
    expect(JSON.stringify(result)).not.toContain("hunter2");
  });

  it("covers every log finding of the catalogue", () => {
    for (const rule of CATALOGUE.filter((r) => r.source === "logs")) expect(Object.keys(lines), rule.id).toContain(rule.id);
  });
});

describe("unusable input", () => {
  it("no Terraform file at all", () => {
    expect(() => diagnose({ files: [], now: NOW })).toThrow(InputError);
    expect(() => diagnose({ files: [{ path: "terraform.tfvars", text: "a = 1" }], now: NOW })).toThrow(/no Terraform configuration/);
  });
});
