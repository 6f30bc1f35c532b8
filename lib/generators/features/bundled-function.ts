import { ENGINE_FACTS } from "@/lib/config";
import { settingInWords } from "@/lib/config/labels";
import { ROTATION_ENVIRONMENT, ROTATION_HANDLER, rotationFunctionFiles, type RotationFunctionOptions } from "../lambda";
import { CUSTOM_CA_FILE, RDS_CA_FILE } from "../lambda/build-script";
import { attr, block, data, raw, resource, type HclBlock } from "../hcl";
import { code, heading, list } from "../markdown";
import { TAGS, type TerraformModel } from "../terraform/model";
import type { TerraformVariable } from "../terraform/variables";
import type { BundlePath } from "../bundle-files";
import { roleBlocks } from "./bundled-function-role";
import type { Feature } from "./feature";
import { regionLookups, SECRETS_MANAGER_URL } from "./rotation-function";

/**
 * lambda=bundled: our own rotation function, built from lambda/ in the bundle for PostgreSQL, MySQL and
 * MariaDB, with its role (bundled-function-role.ts), its log group and Secrets Manager's permission to call it.
 */
export const bundledFunction: Feature = {
  name: "our bundled rotation function",
  applies: (shape) => shape.bundledFunction,
  terraform: {
    "lambda.tf": (model) => [data("aws_caller_identity", "current", []), ...regionLookups(), ...functionBlocks(model)],
    "iam.tf": roleBlocks,
  },
  variables: ({ plan }) => {
    const variables: TerraformVariable[] = [];
    if (plan.boundary !== "") {
      variables.push({
        name: "permissions_boundary_arn",
        type: "string",
        description: "Permissions boundary of the rotation function's role, where your organisation requires one.",
        value: plan.boundary,
        arn: "global",
      });
    }
    // Only tls=verify checks the database's certificate, so only then does the function take a CA file.
    if (plan.tls === "verify") {
      variables.push({
        name: "use_custom_ca",
        type: "bool",
        description:
          "true: the function checks the database's certificate against your CA, lambda/custom-ca.pem (build.sh packages it), " +
          "instead of the RDS CA bundle. For a database whose certificate your own CA signed.",
        default: false,
      });
    }
    return variables;
  },
  // The function's code is zipped by Terraform itself.
  providers: ["archive"],
  files: {
    "lambda/rotation.py": (model) => functionFile(model, "lambda/rotation.py"),
    "lambda/requirements.txt": (model) => functionFile(model, "lambda/requirements.txt"),
    "lambda/build.sh": (model) => functionFile(model, "lambda/build.sh"),
  },
  readme: {
    prerequisites: {
      tools: ({ plan }) => [`Python 3 with pip, to build the function for ${code(plan.arch)} (${code(plan.runtime)}).`],
      secrets: (model) =>
        model.createsSecret
          ? []
          : [`${code("secret_arn")} is the secret's complete ARN, with the six characters AWS appends to its name: the invoke permission admits that secret only.`],
    },
    sections: { afterPrerequisites: buildSection },
    commands: { build: () => ["./lambda/build.sh          # installs the driver for the function's architecture into lambda/build"] },
    troubleshooting: [
      {
        symptom: "SSL / certificate verify failed",
        cause: "The database's certificate is not signed by the CA the function trusts, or the host name does not match it.",
        fix:
          "Use the RDS host name from the console. A server whose certificate your own CA signed: put the CA in lambda/custom-ca.pem, " +
          `run lambda/build.sh and set use_custom_ca = true. Or choose ${settingInWords("tls", "require")} for a server without a trusted certificate.`,
        when: ({ plan }) => plan.tls === "verify",
      },
    ],
  },
  diagram: () => ({ node: { id: "rotation", title: "Rotation function", details: ["our code, in the zip", "our code"] } }),
};

/** A file of lambda/, generated for this plan's engine, strategy, runtime and architecture. */
function functionFile(model: TerraformModel, path: BundlePath) {
  const file = rotationFunctionFiles(functionOptions(model)).find((candidate) => candidate.path === path);
  if (!file) throw new Error(`the bundled function has no ${path}`);
  return { content: file.content, executable: file.executable };
}

function functionOptions({ plan, bundledEngine, functionStrategy }: TerraformModel): RotationFunctionOptions {
  // The schema allows lambda=bundled only for the engines our function supports.
  if (bundledEngine === null || functionStrategy === null) throw new Error(`the bundled function does not support ${plan.engine} with strategy ${plan.strategy}`);
  return { engine: bundledEngine, strategy: functionStrategy, runtime: plan.runtime, architecture: plan.arch };
}

/**
 * Days the function's logs are kept: a year, the retention audit frameworks ask of security logs (checkov's
 * CKV_AWS_338). A rotation writes a few lines, so a year of them costs next to nothing.
 */
const LOG_RETENTION_DAYS = 365;
/** Secrets Manager gives each rotation step this long; AWS's own templates use 30 seconds. */
const TIMEOUT_SECONDS = 30;

/** Where Lambda unpacks the function's code (LAMBDA_TASK_ROOT), and so where build.sh's CA files end up. */
const TASK_ROOT = "/var/task";

/** The CA file the function verifies the database's certificate with: yours (lambda/custom-ca.pem) or RDS's. */
const CA_BUNDLE_PATH = raw(`var.use_custom_ca ? "${TASK_ROOT}/${CUSTOM_CA_FILE}" : "${TASK_ROOT}/${RDS_CA_FILE}"`);

function functionBlocks(model: TerraformModel): HclBlock[] {
  const { plan } = model;
  // Only tls=verify checks the certificate, so only then does the function need a CA file.
  const verifiesCertificate = plan.tls === "verify";
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
        attr("description", `Rotates the ${ENGINE_FACTS[plan.engine].label} password of ${plan.name} (${model.alternatingUsers ? "alternating users" : "single user"}).`),
        attr("role", raw("aws_iam_role.rotation.arn")),
        attr("handler", ROTATION_HANDLER),
        attr("runtime", plan.runtime),
        attr("architectures", [plan.arch]),
        attr("filename", raw("data.archive_file.rotation.output_path")),
        attr("source_code_hash", raw("data.archive_file.rotation.output_base64sha256")),
        attr("timeout", TIMEOUT_SECONDS),
        model.encryptsWithOwnKey && attr("kms_key_arn", raw("var.kms_key_arn")),
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
            ...(verifiesCertificate ? { [ROTATION_ENVIRONMENT.caBundle]: CA_BUNDLE_PATH } : {}),
          }),
        ]),
        block("tracing_config", [], [attr("mode", "Active")]),
        attr("depends_on", [raw("aws_cloudwatch_log_group.rotation"), raw("aws_iam_role_policy.rotation")]),
        attr("tags", TAGS),
      ],
      [
        "The rotation function. Secrets Manager calls it four times per rotation: createSecret, setSecret,",
        "testSecret and finishSecret. It runs in your subnets so that it can reach the database.",
        ...(verifiesCertificate ? ["It checks the database's certificate against the RDS CA bundle, or your CA with use_custom_ca = true."] : []),
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

/** How lambda/build.sh packages our function. */
function buildSection({ plan }: TerraformModel): string[] {
  const platform = plan.arch === "arm64" ? "manylinux2014_aarch64" : "manylinux2014_x86_64";
  return [
    heading(2, "Build the function"),
    list([
      `${code("lambda/build.sh")} installs the pinned driver from ${code("lambda/requirements.txt")} as binary wheels for the function's platform ` +
        `(${code(platform)}, Python ${code(plan.runtime.replace("python", ""))}) whatever machine runs it, so the build works from a laptop or CI alike.`,
      `It copies ${code("rotation.py")} and downloads the RDS CA bundle as ${code(RDS_CA_FILE)}: with ${settingInWords("tls", "verify")} the function checks the database's certificate and host name against it.`,
      `Terraform archives ${code("lambda/build")} and redeploys the function when its hash changes. Run the script again after editing the code.`,
      ...(plan.tls === "verify"
        ? [
            `A database whose certificate your own CA signed (a self-managed server): put that CA's PEM file at ${code(`lambda/${CUSTOM_CA_FILE}`)}, ` +
              `beside the code, and set ${code("use_custom_ca = true")} in ${code("terraform.tfvars")}. The script empties ${code("lambda/build")} ` +
              `on every run and copies your CA in each time; Terraform then points the function's ${code(ROTATION_ENVIRONMENT.caBundle)} at it.`,
          ]
        : []),
    ]),
  ];
}
