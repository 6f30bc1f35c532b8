import { ENGINE_FACTS } from "@/lib/config";
import { ROTATION_ENVIRONMENT, ROTATION_HANDLER } from "../lambda";
import { attr, block, call, data, raw, resource, type HclBlock, type HclValue } from "../hcl";
import type { TerraformFile } from "./files";
import { TAGS, terraformModel, type TerraformModel } from "./model";
import { sarApplications } from "./sar";
import { CUSTOM_CA_FILE, RDS_CA_FILE } from "../lambda/build-script";

/**
 * Days the function's logs are kept: a year, the retention audit frameworks ask of security logs (checkov's
 * CKV_AWS_338). A rotation writes a few lines, so a year of them costs next to nothing.
 */
const LOG_RETENTION_DAYS = 365;
/** Secrets Manager gives each rotation step this long; AWS's own templates use 30 seconds. */
const TIMEOUT_SECONDS = 30;

export const lambdaTf: TerraformFile = {
  path: "lambda.tf",
  summary: "The rotation function that changes the password, running in your VPC.",
  blocks({ plan }) {
    const model = terraformModel(plan);
    if (!model.usesFunction) return [];
    const lookups = [data("aws_partition", "current", []), data("aws_region", "current", [])];
    return model.bundledFunction ? [data("aws_caller_identity", "current", []), ...lookups, ...bundledFunction(model)] : [...lookups, ...awsTemplateFunction(model)];
  },
};

/** Where Lambda unpacks the function's code (LAMBDA_TASK_ROOT), and so where build.sh's CA files end up. */
const TASK_ROOT = "/var/task";

/** The CA file the function verifies the database's certificate with: yours (lambda/custom-ca.pem) or RDS's. */
const CA_BUNDLE_PATH = raw(`var.use_custom_ca ? "${TASK_ROOT}/${CUSTOM_CA_FILE}" : "${TASK_ROOT}/${RDS_CA_FILE}"`);

/** Only tls=verify checks the certificate, so only then does the function need a CA file. */
function verifiesCertificate(model: TerraformModel): boolean {
  return model.bundledFunction && model.plan.tls === "verify";
}

/** The endpoint the function calls; with private DNS this name resolves to the VPC endpoint. */
const SECRETS_MANAGER_URL = raw('"https://secretsmanager.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}"');

function bundledFunction(model: TerraformModel): HclBlock[] {
  const { plan } = model;
  return [
      data(
        "archive_file",
        "rotation",
        [
          attr("type", "zip"),
          attr("source_dir", raw('"${path.module}/lambda/build"')),
          attr("output_path", raw('"${path.module}/.terraform/rotation.zip"')),
        ],
        "The function's code, built by lambda/build.sh; the archive's hash redeploys the function when the code changes.",
      ),
      resource(
        "aws_cloudwatch_log_group",
        "rotation",
        [attr("name", model.names.logGroup), attr("retention_in_days", LOG_RETENTION_DAYS), attr("tags", TAGS)],
        [
          "The function's own log group, created before the function so that retention (a year) applies from the",
          "first line. CloudWatch Logs encrypts it at rest; not with a customer managed key, whose key policy would",
          "have to admit the CloudWatch Logs service. The function never logs a password.",
        ],
      ),
      resource(
        "aws_lambda_function",
        "rotation",
        [
          attr("function_name", model.names.function),
          attr("description", `Rotates the ${ENGINE_FACTS[plan.engine].label} password of ${plan.name} (${plan.strategy === "alternating" ? "alternating users" : "single user"}).`),
          attr("role", raw("aws_iam_role.rotation.arn")),
          attr("handler", ROTATION_HANDLER),
          attr("runtime", plan.runtime),
          attr("architectures", [plan.arch]),
          attr("filename", raw("data.archive_file.rotation.output_path")),
          attr("source_code_hash", raw("data.archive_file.rotation.output_base64sha256")),
          attr("timeout", TIMEOUT_SECONDS),
          plan.kms !== "" && attr("kms_key_arn", raw("var.kms_key_arn")),
          block("vpc_config", [], [
            attr("subnet_ids", raw("var.subnet_ids")),
            attr("security_group_ids", model.refs.functionSecurityGroupIds),
          ]),
          block("environment", [], [
            attr("variables", {
              [ROTATION_ENVIRONMENT.endpoint]: SECRETS_MANAGER_URL,
              [ROTATION_ENVIRONMENT.excludeCharacters]: plan.exclude,
              [ROTATION_ENVIRONMENT.passwordLength]: String(plan.length),
              [ROTATION_ENVIRONMENT.tls]: plan.tls,
              ...(verifiesCertificate(model) ? { [ROTATION_ENVIRONMENT.caBundle]: CA_BUNDLE_PATH } : {}),
            }),
          ]),
          block("tracing_config", [], [attr("mode", "Active")]),
          attr("depends_on", [raw("aws_cloudwatch_log_group.rotation"), raw("aws_iam_role_policy.rotation")]),
          attr("tags", TAGS),
        ],
        [
          "The rotation function. Secrets Manager calls it four times per rotation: createSecret, setSecret,",
          "testSecret and finishSecret. It runs in your subnets so that it can reach the database.",
          ...(verifiesCertificate(model)
            ? ["It checks the database's certificate against the RDS CA bundle, or your CA with use_custom_ca = true."]
            : []),
          "No reserved concurrency: on accounts with the default limit of 10, reserving any fails the apply.",
        ],
      ),
      resource(
        "aws_lambda_permission",
        "secretsmanager",
        [
          attr("statement_id", "AllowSecretsManagerInvoke"),
          attr("action", "lambda:InvokeFunction"),
          attr("function_name", raw("aws_lambda_function.rotation.function_name")),
          attr("principal", "secretsmanager.amazonaws.com"),
          attr("source_account", raw("data.aws_caller_identity.current.account_id")),
          attr("source_arn", model.refs.secretArn),
        ],
        [
          "Lets Secrets Manager invoke the function. Without it the schedule fires and the call is denied.",
          "Limited to this account and this secret, so no other secret can make the function run (confused deputy).",
        ],
      ),
    ];
}

/** What else the template's role may use, from the parameters it is given, as a comment line. */
function templateRoleExtras(model: TerraformModel): string[] {
  const { plan } = model;
  const extras = [
    plan.kms !== "" && "the secret's KMS key",
    model.alternatingUsers && (plan.masterkms !== "" ? "the admin secret and its KMS key" : "the admin secret"),
  ].filter((extra): extra is string => typeof extra === "string");
  return extras.length === 0 ? [] : [`The role may also use ${extras.join(" and ")}.`];
}

/** lambda=sar: AWS's published function, deployed as a CloudFormation stack that brings its own role and permission. */
function awsTemplateFunction(model: TerraformModel): HclBlock[] {
  const { plan } = model;
  const application = raw("local.rotation_application[data.aws_partition.current.partition]");
  const parameters: Record<string, HclValue> = {
    endpoint: SECRETS_MANAGER_URL,
    functionName: model.names.function,
    vpcSubnetIds: call("join", ",", raw("var.subnet_ids")),
    vpcSecurityGroupIds: call("join", ",", model.refs.functionSecurityGroupIds),
    excludeCharacters: plan.exclude,
  };
  if (plan.kms !== "") parameters.kmsKeyArn = raw("var.kms_key_arn");
  if (model.alternatingUsers) parameters.masterSecretArn = raw("var.master_secret_arn");
  // The template grants its role kms:Decrypt on this key, so that the function can read the admin secret.
  if (model.alternatingUsers && plan.masterkms !== "") parameters.masterSecretKmsKeyArn = raw("var.master_kms_key_arn");
  return [
    block(
      "locals",
      [],
      [attr("rotation_application", sarApplications(plan.engine, model.alternatingUsers))],
      [
        `AWS's ${plan.engine} ${model.alternatingUsers ? "alternating-users" : "single-user"} rotation function in each partition, at a pinned version,`,
        "so that a later apply deploys the code you reviewed.",
      ],
    ),
    resource(
      "aws_serverlessapplicationrepository_cloudformation_stack",
      "rotation",
      [
        attr("name", model.names.function),
        attr("application_id", raw(`${application.text}.id`)),
        attr("semantic_version", raw(`${application.text}.version`)),
        attr("capabilities", ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]),
        attr("parameters", parameters),
        attr("tags", TAGS),
      ],
      [
        "The rotation function from AWS's template. The stack creates the function, its role (scoped to secrets",
        "that name this function for rotation) and the permission for Secrets Manager to invoke it.",
        ...templateRoleExtras(model),
        "The template takes no permissions boundary for that role.",
      ],
    ),
  ];
}
