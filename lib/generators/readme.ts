import { ENGINE_FACTS, encodePlanQuery, type Plan } from "@/lib/config";
import { explainResources } from "./explain";
import { attr, block, renderHclFile } from "./hcl";
import { code, codeBlock, document, heading, list, table } from "./markdown";
import { TERRAFORM_FILES, type TerraformFile } from "./terraform";
import { terraformModel } from "./terraform/model";
import { terraformVariables } from "./terraform/variables";
import type { BundleInput } from "./types";

/** A file of the bundle as the README and the preview describe it. */
export interface FileDescription {
  path: string;
  summary: string;
}

/**
 * The bundle's README: what was generated and why, how to apply and test it, and how to regenerate it.
 * The resource explanations are the comments of the Terraform blocks themselves, so the README, the
 * preview and the code never disagree.
 */
export function renderReadme(input: BundleInput, files: readonly FileDescription[]): string {
  const { plan } = input;
  const engine = ENGINE_FACTS[plan.engine];
  return document([
    heading(1, `Password rotation for ${code(plan.name)}`),
    `This bundle makes AWS Secrets Manager rotate the password of a ${engine.label} user ${describeSchedule(plan)}. ` +
      `It holds the four pieces that rotation needs — the schedule, the function, its permissions and the permission ` +
      `for Secrets Manager to call it — and the network rules that let the function reach the database and the ` +
      `Secrets Manager API from inside your VPC.`,
    heading(2, "What was generated"),
    table(["File", "Why it is here"], files.map((file) => [code(file.path), file.summary])),
    heading(2, "Every resource, and why it matters"),
    ...TERRAFORM_FILES.flatMap((file) => describeResources(file, input)),
    ...managedDatabaseChange(plan),
    heading(2, "Before you apply"),
    list(prerequisites(input)),
    ...buildSection(input),
    heading(2, "Apply"),
    codeBlock("sh", applySteps(input).join("\n")),
    heading(2, "Test the rotation"),
    `${code("scripts/test-rotation.sh")} starts one rotation with the AWS CLI and waits until ${code("AWSCURRENT")} moves to the new version. ` +
      `Run it once after the first apply: a rotation that has never run is a rotation that does not work.`,
    codeBlock("sh", "./scripts/test-rotation.sh"),
    heading(2, "Troubleshooting"),
    table(["Symptom in the function's logs", "Cause", "Fix"], TROUBLESHOOTING.filter((row) => row.when(plan)).map((row) => [row.symptom, row.cause, row.fix])),
    heading(2, "What it costs"),
    list(costNotes(input)),
    heading(2, "Regenerate this bundle"),
    `Open the wizard with this query string, or pass it to ${code("npm run generate -- --query")}:`,
    codeBlock("text", `?${encodePlanQuery(plan)}`),
    "The plan, as JSON (for the CLI's --plan or the API's POST /api/bundle):",
    codeBlock("json", JSON.stringify(plan, null, 2)),
  ]);
}

/** Under managed rotation the database resource itself changes: we show the lines to add to yours. */
function managedDatabaseChange(plan: Plan): string[] {
  if (plan.strategy !== "managed") return [];
  const service =
    plan.engine === "redshift"
      ? { type: "aws_redshift_cluster", manage: "manage_master_password", key: "master_password_secret_kms_key_id", arn: "master_password_secret_arn" }
      : plan.engine === "mongodb"
        ? { type: "aws_docdb_cluster", manage: "manage_master_user_password", key: null, arn: "master_user_secret[0].secret_arn" }
        : plan.platform === "aurora"
          ? { type: "aws_rds_cluster", manage: "manage_master_user_password", key: "master_user_secret_kms_key_id", arn: "master_user_secret[0].secret_arn" }
          : { type: "aws_db_instance", manage: "manage_master_user_password", key: "master_user_secret_kms_key_id", arn: "master_user_secret[0].secret_arn" };
  const change = renderHclFile([
    block("resource", [service.type, "this"], [
      attr(service.manage, true),
      plan.kms !== "" && service.key !== null && attr(service.key, plan.kms),
    ], "Add to your existing database resource, and remove its master password arguments."),
  ]);
  return [
    heading(2, "The change to your database"),
    `With managed rotation AWS creates the secret and rotates the master user's password itself; no function is deployed. ` +
      `Make this change to the resource that defines your database and apply it first:`,
    codeBlock("hcl", change),
    `Then give this bundle the secret it created: ${code("secret_arn")} in ${code("terraform.tfvars")} is ${code(`${service.type}.this.${service.arn}`)}. ` +
      `Applications must read the password from the secret from now on.`,
  ];
}

/** How lambda/build.sh packages our function, for lambda=bundled only. */
function buildSection({ plan }: BundleInput): string[] {
  if (!terraformModel(plan).bundledFunction) return [];
  const platform = plan.arch === "arm64" ? "manylinux2014_aarch64" : "manylinux2014_x86_64";
  return [
    heading(2, "Build the function"),
    list([
      `${code("lambda/build.sh")} installs the pinned driver from ${code("lambda/requirements.txt")} as binary wheels for the function's platform ` +
        `(${code(platform)}, Python ${code(plan.runtime.replace("python", ""))}) whatever machine runs it, so the build works from a laptop or CI alike.`,
      `It copies ${code("rotation.py")} and downloads the RDS CA bundle as ${code("rds-global-bundle.pem")}: with ${code("tls=verify")} the function checks the database's certificate and host name against it.`,
      `Terraform archives ${code("lambda/build")} and redeploys the function when its hash changes. Run the script again after editing the code.`,
      `A self-managed database whose certificate comes from your own CA: put that CA's PEM file in ${code("lambda/build")} and set the function's ${code("DB_CA_BUNDLE")} environment variable to its file name.`,
    ]),
  ];
}

function describeSchedule(plan: Plan): string {
  if (plan.schedule !== "") return `on the schedule ${code(plan.schedule)}`;
  return plan.days === 1 ? "every day" : `every ${plan.days} days`;
}

function describeResources(file: TerraformFile, input: BundleInput): string[] {
  const resources = explainResources(input, file.path);
  if (resources.length === 0) return [];
  return [heading(3, code(file.path)), file.summary, list(resources.map(({ address, why }) => `${code(address)} — ${why}`))];
}

function prerequisites({ plan, versions }: BundleInput): string[] {
  const model = terraformModel(plan);
  const items = [
    `Terraform ${versions.terraform} or any release from 1.11 on, and AWS credentials for the target account and region (${code("AWS_PROFILE")} or ${code("AWS_REGION")} as usual).`,
  ];
  if (model.bundledFunction) {
    items.push(`Python 3 with pip, to build the function for ${code(plan.arch)} (${code(plan.runtime)}).`);
  }
  if (model.createsSecret) {
    const asked = terraformVariables(model).filter((v) => v.value === undefined && v.default === undefined && !v.ephemeral);
    items.push(
      `The database user exists and you know its password. Terraform asks for ${asked.map((v) => code(v.name)).join(", ")}; ` +
        `the password goes in ${code("TF_VAR_initial_password")} only, and Terraform never stores it.`,
    );
  } else if (model.usesFunction) {
    items.push(
      `The existing secret holds JSON with ${code("engine")}, ${code("host")}, ${code("port")}, ${code("dbname")}, ${code("username")} and ${code("password")}` +
        (model.alternatingUsers ? `, and ${code("masterarn")} set to the admin secret's ARN.` : "."),
    );
  }
  if (model.alternatingUsers) {
    items.push(
      `The admin secret's user may create users and grant them the rotated user's privileges. If the admin secret is encrypted ` +
        `with a customer managed key, that key's policy must let the function's role use ${code("kms:Decrypt")}.`,
    );
  }
  if (model.usesFunction) {
    items.push(
      plan.endpoint === "nat"
        ? "The subnets route to the internet through a NAT gateway, so the function can reach the Secrets Manager API."
        : plan.endpoint === "existing"
          ? "The VPC already has a Secrets Manager interface endpoint with private DNS, and its security group accepts HTTPS from the function."
          : "The VPC has DNS support and DNS host names turned on (the endpoint's private DNS needs both), and no other Secrets Manager endpoint with private DNS.",
    );
    if (plan.dbsg === "") items.push("The database's security group accepts the function's security group on the database port (no dbsg was given, so the bundle cannot add that rule).");
  }
  if (plan.kms !== "") items.push("The KMS key's policy lets this account's IAM policies grant its use (the default key policy does).");
  return items;
}

function applySteps({ plan }: BundleInput): string[] {
  const model = terraformModel(plan);
  const steps: string[] = [];
  if (model.bundledFunction) steps.push("./lambda/build.sh          # installs the driver for the function's architecture into lambda/build");
  if (model.createsSecret) steps.push("export TF_VAR_initial_password='…'   # the user's current password; read it from your vault");
  steps.push("terraform init", "terraform plan -out rotation.tfplan", "terraform apply rotation.tfplan");
  return steps;
}

interface TroubleshootingRow {
  symptom: string;
  cause: string;
  fix: string;
  when: (plan: Plan) => boolean;
}

const usesFunction = (plan: Plan) => plan.strategy !== "managed";

const TROUBLESHOOTING: readonly TroubleshootingRow[] = [
  {
    symptom: "Task timed out after 30 seconds, no other line",
    cause: "The function cannot reach the Secrets Manager API.",
    fix: "Check the endpoint (or NAT route) and that the function's security group allows HTTPS out.",
    when: usesFunction,
  },
  {
    symptom: "could not connect / timed out in setSecret",
    cause: "The database port is closed to the function.",
    fix: "Open the database's security group to the function's group (the dbsg parameter does it).",
    when: usesFunction,
  },
  {
    symptom: "AccessDeniedException on GetSecretValue or PutSecretValue",
    cause: "The role lacks a permission, often kms:Decrypt for a customer managed key.",
    fix: "Check iam.tf's policy and the key policy of the secret's KMS key.",
    when: usesFunction,
  },
  {
    symptom: "Secrets Manager cannot invoke the specified Lambda function",
    cause: "The invoke permission is missing or limited to another account.",
    fix: "Check aws_lambda_permission.secretsmanager; apply again.",
    when: usesFunction,
  },
  {
    symptom: "password authentication failed in setSecret",
    cause: "Neither the current nor the previous password of the secret logs in: the password was changed outside rotation.",
    fix: "Put the database's real password into the secret (put-secret-value), then rotate again.",
    when: usesFunction,
  },
  {
    symptom: "SSL / certificate verify failed",
    cause: "The database's certificate is not signed by the bundled CA, or the host name does not match it.",
    fix: "Use the RDS host name from the console, or set tls=require in the plan for a self-managed server without a trusted certificate.",
    when: (plan) => usesFunction(plan) && plan.lambda === "bundled",
  },
  {
    symptom: "A previous rotation is still pending",
    cause: "An earlier rotation failed half way and left an AWSPENDING version.",
    fix: "Fix the cause in the logs, then run scripts/test-rotation.sh: rotation resumes from the pending version.",
    when: () => true,
  },
];

function costNotes({ plan }: BundleInput): string[] {
  const model = terraformModel(plan);
  const notes = ["Secrets Manager: about 0.40 USD per secret per month, plus API calls (a rotation makes a handful)."];
  if (model.usesFunction) notes.push("Lambda: a few invocations per rotation, well inside the free tier.");
  if (model.createsEndpoint) notes.push("The interface endpoint: about 0.01 USD per hour per Availability Zone, the largest cost here; share one endpoint per VPC.");
  if (plan.endpoint === "nat" && model.usesFunction) notes.push("NAT gateway traffic for the API calls: negligible, if the NAT gateway exists anyway.");
  if (plan.alarm !== "") notes.push("The alerts key costs 1 USD per month; SNS e-mail and EventBridge rules cost nothing at this volume.");
  return notes;
}
