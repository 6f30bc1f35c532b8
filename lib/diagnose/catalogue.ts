/**
 * Every finding the diagnosis can report: its id (stable, public), the input it comes from, the
 * severities it can have and why, and the AWS documentation that justifies it. The README's catalogue,
 * the CLI's `--catalogue` and the rules themselves read this one list.
 *
 * Severities: error — rotation cannot work as configured; warning — it will break or leak; info — worth
 * knowing, nothing is broken.
 */

export const SEVERITIES = ["error", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type FindingSource = "terraform" | "live" | "logs";

export interface RuleInfo {
  id: string;
  source: FindingSource;
  severities: readonly Severity[];
  /** What it finds, in one line. */
  summary: string;
  /** Why it has its severity (and when it has which). */
  severityReason: string;
  /** AWS documentation behind the rule. */
  docs: readonly string[];
}

const DOCS = {
  rotationFunction: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html",
  permissions: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html",
  network: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-function-network-access.html",
  troubleshoot: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html",
  managed: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_managed.html",
  schedule: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html",
  rotateSecret: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html",
  describeSecret: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html",
  confusedDeputy: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html#rotating-secrets-required-permissions-function-confused-deputy",
  lambdaPermission: "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html",
  lambdaVpc: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
  securityGroups: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
  runtimes: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
  sensitiveState: "https://developer.hashicorp.com/terraform/language/state/sensitive-data",
  writeOnly: "https://developer.hashicorp.com/terraform/language/resources/ephemeral/write-only",
  secretVersion: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/secretsmanager_secret_version",
  monitoring: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-eventbridge.html",
  dependsOn: "https://developer.hashicorp.com/terraform/language/meta-arguments/depends_on",
  jsonStructure: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html",
  kms: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
  lambdaTimeout: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
  importError: "https://docs.aws.amazon.com/lambda/latest/dg/python-package.html",
  terraformSyntax: "https://developer.hashicorp.com/terraform/language/syntax/configuration",
  howRotationWorks: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html",
} as const;

export const CATALOGUE: readonly RuleInfo[] = [
  {
    id: "terraform-invalid",
    source: "terraform",
    severities: ["error"],
    summary: "A Terraform file does not parse; the finding gives the parser's line and message.",
    severityReason: "Terraform refuses to plan a configuration that does not parse, so nothing in it is applied.",
    docs: [DOCS.terraformSyntax],
  },
  {
    id: "rotation-missing",
    source: "terraform",
    severities: ["error", "info"],
    summary: "A secret has no aws_secretsmanager_secret_rotation (one left in a comment counts as none).",
    severityReason:
      "Without a rotation resource Secrets Manager never starts a rotation: error for a secret that holds database credentials (or whose rotation is commented out), info for other secrets.",
    docs: [DOCS.rotationFunction, DOCS.howRotationWorks],
  },
  {
    id: "function-missing",
    source: "terraform",
    severities: ["error", "info"],
    summary: "Rotation points at no function, and the secret is not one a database service manages.",
    severityReason:
      "Only secrets that RDS, Aurora, Redshift or DocumentDB manage rotate without a Lambda function (managed rotation); any other secret needs one. Error when the secret is certainly not service-managed (Terraform creates it, or describe-secret shows no OwningService), info when the Terraform cannot tell.",
    docs: [DOCS.rotationFunction, DOCS.managed],
  },
  {
    id: "invoke-permission-missing",
    source: "terraform",
    severities: ["error"],
    summary: "No aws_lambda_permission lets secretsmanager.amazonaws.com invoke the rotation function.",
    severityReason: "Secrets Manager calls the function with its service principal; without the function's resource policy every invocation is denied.",
    docs: [DOCS.permissions, DOCS.lambdaPermission],
  },
  {
    id: "invoke-permission-unscoped",
    source: "terraform",
    severities: ["warning"],
    summary: "The invoke permission has neither source_account nor source_arn.",
    severityReason:
      "Rotation works, but any secret in any account could make Secrets Manager invoke the function (the confused deputy problem); AWS advises limiting the permission with the source account or ARN.",
    docs: [DOCS.confusedDeputy, DOCS.lambdaPermission],
  },
  {
    id: "iam-action-missing",
    source: "terraform",
    severities: ["error", "warning"],
    summary:
      "The function's role lacks DescribeSecret, GetSecretValue, PutSecretValue or UpdateSecretVersionStage on the secret, GetRandomPassword, or kms:Decrypt / kms:GenerateDataKey on the secret's KMS key.",
    severityReason:
      "Each rotation step calls these APIs, so a missing one fails the rotation: error. GetRandomPassword is an error for AWS's templates and this product's function, which call it, and a warning for a function whose code we cannot see. Any missing action is a warning when an attached policy could not be read (it may grant it).",
    docs: [DOCS.permissions, DOCS.kms],
  },
  {
    id: "function-not-in-vpc",
    source: "terraform",
    severities: ["error", "warning"],
    summary: "The rotation function has no vpc_config (no subnets), so it cannot reach a private database.",
    severityReason:
      "A function outside the VPC reaches only publicly accessible databases: error when the database in the Terraform is not publicly accessible (or is DocumentDB, which never is), warning otherwise.",
    docs: [DOCS.network, DOCS.lambdaVpc],
  },
  {
    id: "no-secretsmanager-route",
    source: "terraform",
    severities: ["warning"],
    summary: "A function in a VPC, with no Secrets Manager interface endpoint, no NAT route and no SECRETS_MANAGER_ENDPOINT in sight.",
    severityReason:
      "The function must call the Secrets Manager API; without an endpoint or NAT it times out. A warning, not an error: the route may exist outside this Terraform.",
    docs: [DOCS.network, DOCS.troubleshoot],
  },
  {
    id: "db-port-closed",
    source: "terraform",
    severities: ["error"],
    summary: "The function's and the database's security groups are both in the Terraform, and no rule opens the database port between them.",
    severityReason: "Security groups deny what no rule allows, so the function cannot connect to the database and setSecret fails.",
    docs: [DOCS.network, DOCS.securityGroups],
  },
  {
    id: "password-in-state",
    source: "terraform",
    severities: ["warning"],
    summary: "A password reaches Terraform state: secret_string, a random_password resource, a database password argument, or a secret version data source.",
    severityReason: "Terraform stores these in plain text in its state, so anyone who can read the state has the password. Rotation still works.",
    docs: [DOCS.sensitiveState, DOCS.writeOnly],
  },
  {
    id: "rotation-reverted",
    source: "terraform",
    severities: ["warning"],
    summary: "Terraform manages the secret's value (secret_string) or its AWSCURRENT label without ignore_changes, so an apply can undo a rotation.",
    severityReason:
      "After a rotation, an apply that writes the configured value or moves AWSCURRENT back makes the secret disagree with the database: applications break. The rotation itself worked.",
    docs: [DOCS.secretVersion, DOCS.howRotationWorks],
  },
  {
    id: "schedule-invalid",
    source: "terraform",
    severities: ["error"],
    summary: "rotation_rules that AWS rejects: both days and an expression, neither, an expression or window outside AWS's rules.",
    severityReason: "RotateSecret refuses such rules, so the apply fails and rotation is never turned on.",
    docs: [DOCS.schedule, DOCS.rotateSecret],
  },
  {
    id: "rotation-before-permission",
    source: "terraform",
    severities: ["warning"],
    summary: "The rotation resource does not wait for the invoke permission, so rotation can start before Secrets Manager may call the function.",
    severityReason:
      "Terraform may create both at once; the first rotation is then denied and the apply fails or leaves a rotation half done. A second apply usually succeeds, so it is a warning.",
    docs: [DOCS.dependsOn, DOCS.permissions],
  },
  {
    id: "runtime-deprecated",
    source: "terraform",
    severities: ["warning", "info"],
    summary: "The rotation function's runtime is one Lambda has deprecated (Python 3.8 and older; 3.9 since 15 December 2025; 3.10 since 31 October 2026), or will deprecate within 180 days.",
    severityReason:
      "Lambda keeps running deprecated runtimes but stops patching them, then blocks creating and updating functions that use them: warning once deprecated, info before.",
    docs: [DOCS.runtimes],
  },
  {
    id: "no-failure-alert",
    source: "terraform",
    severities: ["info"],
    summary: "Nothing alerts on a failed rotation: no EventBridge rule for RotationFailed and no alarm on the function's errors.",
    severityReason: "Rotation works without it, but a failure stays silent until someone notices an old password.",
    docs: [DOCS.monitoring],
  },
  {
    id: "rotation-disabled",
    source: "live",
    severities: ["error"],
    summary: "describe-secret shows RotationEnabled false (or absent).",
    severityReason: "Secrets Manager rotates only secrets with rotation enabled.",
    docs: [DOCS.describeSecret],
  },
  {
    id: "rotation-overdue",
    source: "live",
    severities: ["error"],
    summary: "The last rotation is older than the schedule allows (NextRotationDate passed, or LastRotatedDate older than the interval and window).",
    severityReason: "Scheduled rotations are not happening or keep failing: the password is older than the policy says.",
    docs: [DOCS.describeSecret, DOCS.schedule],
  },
  {
    id: "pending-stuck",
    source: "live",
    severities: ["error"],
    summary: "AWSPENDING is on a version other than AWSCURRENT's (the same version is normal after a rotation).",
    severityReason: "Secrets Manager takes this for a rotation still in progress and refuses to start another one.",
    docs: [DOCS.rotateSecret, DOCS.troubleshoot],
  },
  {
    id: "function-mismatch",
    source: "live",
    severities: ["warning"],
    summary: "The secret's RotationLambdaARN is not the function the Terraform configures.",
    severityReason: "The function that runs is not the one you are fixing: the Terraform is not applied, or someone changed rotation outside it.",
    docs: [DOCS.describeSecret],
  },
  {
    id: "log-task-timeout",
    source: "logs",
    severities: ["error"],
    summary: 'Log: "Task timed out": the function could not reach the Secrets Manager endpoint or the database in time.',
    severityReason: "Each timed-out step fails the rotation.",
    docs: [DOCS.troubleshoot, DOCS.network],
  },
  {
    id: "log-endpoint-unreachable",
    source: "logs",
    severities: ["error"],
    summary: 'Log: "Could not connect to the endpoint URL": no network route to the Secrets Manager API.',
    severityReason: "The function cannot read or write the secret, so no step can succeed.",
    docs: [DOCS.network],
  },
  {
    id: "log-db-unreachable",
    source: "logs",
    severities: ["error"],
    summary: "Log: the database refused or timed out the connection (security groups, subnets, host or port).",
    severityReason: "setSecret and testSecret must log in to the database.",
    docs: [DOCS.troubleshoot, DOCS.securityGroups],
  },
  {
    id: "log-db-auth-failed",
    source: "logs",
    severities: ["error"],
    summary: 'Log: "password authentication failed", "Access denied for user", "Unable to log into database": the secret\'s credentials do not match the database.',
    severityReason: "The function cannot log in with any version of the secret, so it cannot change the password.",
    docs: [DOCS.troubleshoot],
  },
  {
    id: "log-access-denied-secretsmanager",
    source: "logs",
    severities: ["error"],
    summary: "Log: AccessDenied on a secretsmanager action: the function's role lacks a permission.",
    severityReason: "The step that needed the action fails.",
    docs: [DOCS.permissions],
  },
  {
    id: "log-access-denied-kms",
    source: "logs",
    severities: ["error"],
    summary: "Log: AccessDenied from KMS: the role (or the key policy) does not allow kms:Decrypt / kms:GenerateDataKey on the secret's key.",
    severityReason: "The function cannot read or write a secret encrypted with that key.",
    docs: [DOCS.permissions, DOCS.kms],
  },
  {
    id: "log-import-module-error",
    source: "logs",
    severities: ["error"],
    summary: "Log: Runtime.ImportModuleError: the handler or a dependency (a database driver) is not in the package, or was built for another runtime or architecture.",
    severityReason: "The function fails before running any step.",
    docs: [DOCS.importError],
  },
  {
    id: "log-tls-error",
    source: "logs",
    severities: ["error"],
    summary: "Log: a certificate or SSL/TLS error while connecting to the database.",
    severityReason: "The function cannot open a trusted connection to the database, so it cannot change the password.",
    docs: [DOCS.troubleshoot],
  },
  {
    id: "log-previous-rotation-incomplete",
    source: "logs",
    severities: ["error"],
    summary: 'Log: "A previous rotation isn\'t complete": AWSPENDING is stuck on an older version.',
    severityReason: "Secrets Manager refuses every new rotation until the stuck one finishes or is cleared.",
    docs: [DOCS.rotateSecret, DOCS.troubleshoot],
  },
  {
    id: "log-secret-key-missing",
    source: "logs",
    severities: ["error"],
    summary: "Log: the secret's JSON lacks a key the function needs (masterarn, host, engine, username, password…).",
    severityReason: "The function cannot connect or find the admin secret without it.",
    docs: [DOCS.jsonStructure, DOCS.troubleshoot],
  },
];

const BY_ID = new Map(CATALOGUE.map((rule) => [rule.id, rule]));

export function ruleInfo(id: string): RuleInfo {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`no finding ${id} in the catalogue`);
  return rule;
}
