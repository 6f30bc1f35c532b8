import { ENGINE_FACTS, templateTlsMeaning, encodePlanQuery, type Plan } from "@/lib/config";
import { CUSTOM_CA_FILE } from "./lambda/build-script";
import { explainBlocks } from "./explain";
import { attr, block, renderHclFile, type HclBlock } from "./hcl";
import { code, codeBlock, document, heading, list, table } from "./markdown";
import { TERRAFORM_FILES, type TerraformFile } from "./terraform";
import { terraformModel } from "./terraform/model";
import { scannerOptOuts } from "./terraform/scanner-opt-outs";
import { bundleFolder } from "@/lib/bundle/zip";
import { arnPlacement, moduleCall, terraformVariables } from "./terraform/variables";
import { INITIAL_VERSION_LABEL } from "./terraform/secret-tf";
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
  // Each Terraform file's blocks, built once for the explanations and the scanners' opt-outs.
  const terraform = TERRAFORM_FILES.map((file) => ({ file, blocks: file.blocks(input) }));
  return document([
    heading(1, `Password rotation for ${code(plan.name)}`),
    `This bundle makes AWS Secrets Manager rotate the password of a ${engine.label} ${plan.strategy === "managed" ? "master user" : "user"} ${describeSchedule(plan)}. ${whatItHolds(plan)}`,
    heading(2, "What was generated"),
    table(["File", "Why it is here"], files.map((file) => [code(file.path), file.summary])),
    heading(2, "Every resource, and why it matters"),
    ...terraform.flatMap(({ file, blocks }) => describeResources(file, blocks)),
    ...managedDatabaseChange(plan),
    ...awsTemplateSection(plan),
    ...scannerSection(plan, terraform.flatMap(({ blocks }) => blocks)),
    heading(2, "Before you apply"),
    list(prerequisites(input)),
    ...buildSection(input),
    heading(2, "Apply"),
    codeBlock("sh", applySteps(input).join("\n")),
    ...laterApplies(plan),
    heading(2, "Use it as a module"),
    `The bundle has no ${code("provider")} block, so it also works as a child module of your own configuration, with your AWS provider. ` +
      `A child module does not read ${code("terraform.tfvars")}: pass its values in the module block.`,
    codeBlock("hcl", renderHclFile([moduleCall(terraformModel(plan), bundleFolder(plan.name))])),
    heading(2, "Test the rotation"),
    `${code("scripts/test-rotation.sh")} starts one rotation with the AWS CLI, or waits for the one already under way (the first rotation starts ` +
      `${plan.immediately ? "with the apply" : "on the schedule"}), until the new version is ${code("AWSCURRENT")}. It exits 0 when the password rotated, ` +
      `1 when the rotation failed or did not finish within five minutes` +
      `${terraformModel(plan).usesFunction ? " (it then prints the function's last log lines)" : ""}, and 2 when it could not ask. ` +
      `Run it once after the first apply: a rotation that has never run is a rotation that does not work.`,
    codeBlock("sh", "./scripts/test-rotation.sh"),
    heading(2, "Troubleshooting"),
    table(
      [terraformModel(plan).usesFunction ? "Symptom in the function's logs" : "Symptom", "Cause", "Fix"],
      TROUBLESHOOTING.filter((row) => row.when(plan)).map((row) => [row.symptom, row.cause, typeof row.fix === "string" ? row.fix : row.fix(plan)]),
    ),
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
      ...(plan.tls === "verify"
        ? [
            `A database whose certificate your own CA signed (a self-managed server): put that CA's PEM file at ${code(`lambda/${CUSTOM_CA_FILE}`)}, ` +
              `beside the code, and set ${code("use_custom_ca = true")} in ${code("terraform.tfvars")}. The script empties ${code("lambda/build")} ` +
              `on every run and copies your CA in each time; Terraform then points the function's ${code("DB_CA_BUNDLE")} at it.`,
          ]
        : []),
    ]),
  ];
}

/** The pieces the bundle holds, as the Terraform files below have them. */
function whatItHolds(plan: Plan): string {
  const model = terraformModel(plan);
  if (!model.usesFunction) {
    return "The database service rotates it itself (managed rotation), so this bundle holds only the rotation schedule: no function, no permissions and no network rules.";
  }
  const secret = model.createsSecret ? "the secret and its first value, the schedule" : "the schedule for your existing secret";
  const rotation = model.bundledFunction
    ? `It holds ${secret}, the rotation function, its permissions and the permission for Secrets Manager to call it.`
    : `It holds ${secret}, and AWS's rotation function for ${ENGINE_FACTS[plan.engine].label}, deployed from AWS's template, which brings its own role and invoke permission.`;
  const network = [
    model.createsFunctionSecurityGroup && "the function's own security group (out to the database and HTTPS only)",
    plan.dbsg !== "" && "a rule that opens the database's security group to the function",
    model.createsEndpoint && "a Secrets Manager endpoint",
  ].filter((piece): piece is string => typeof piece === "string");
  return network.length === 0
    ? `${rotation} It adds no network rules: the function runs with your security groups, which must already let it reach the database and the Secrets Manager API.`
    : `${rotation} In your VPC it adds ${inWords(network)}.`;
}

function inWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The CloudFormation stack that AWS's template becomes: the repository prefixes the name it is given. */
function templateStackName(plan: Plan): string {
  return `serverlessrepo-${terraformModel(plan).names.function}`;
}

/** lambda=sar: what AWS's template brings and takes, and why it takes no permissions boundary. */
function awsTemplateSection(plan: Plan): string[] {
  const model = terraformModel(plan);
  if (!model.usesFunction || model.bundledFunction) return [];
  const passed = [
    plan.kms !== "" && `the secret's KMS key (${code("kmsKeyArn")})`,
    model.alternatingUsers && `the admin secret (${code("masterSecretArn")})`,
    model.alternatingUsers && plan.masterkms !== "" && `the admin secret's KMS key (${code("masterSecretKmsKeyArn")})`,
  ].filter((item): item is string => typeof item === "string");
  const bundledEngines = "PostgreSQL, MySQL and MariaDB";
  return [
    heading(2, "AWS's rotation function"),
    list([
      `${code("lambda.tf")} deploys AWS's published rotation function for ${ENGINE_FACTS[plan.engine].label} from the Serverless Application Repository, ` +
        `at a pinned version, as the CloudFormation stack ${code(templateStackName(plan))}. The stack creates the function, its role and the ` +
        `permission for Secrets Manager to invoke it; this bundle writes no role or invoke permission of its own.`,
      `The template is given ${inWords(["the endpoint, the function's name, subnets and security groups", "the excluded characters", ...passed])}` +
        (passed.length > 0 ? `; its role may use ${inWords(passed.map((item) => item.replace(/ \(.*\)$/, "")))}.` : "."),
      ...(model.alternatingUsers && plan.masterkms === ""
        ? [`If the admin secret is encrypted with a customer managed key, give that key as ${code("masterkms")} in the plan: the template then lets its role decrypt the admin secret.`]
        : []),
      ...templateTlsItems(plan),
      `Why the plan takes no ${code("boundary")} here: the template creates its role itself and has no parameter for a permissions boundary, so a boundary ` +
        `could not be applied. Where your organisation requires one on every role, ${ENGINE_FACTS[plan.engine].bundled ? `use ${code("lambda=bundled")}, whose role takes it` : `the bundled function (${bundledEngines} only) takes one; for ${ENGINE_FACTS[plan.engine].label} the template's role needs an exception`}.`,
    ]),
  ];
}

/**
 * lambda=sar: AWS's templates read TLS from the secret's `ssl` key and treat a missing key as "try TLS, then
 * plaintext". A secret this bundle creates gets the key; an existing one must be given it by hand.
 */
function templateTlsItems(plan: Plan): string[] {
  const engine = ENGINE_FACTS[plan.engine];
  const meaning = `TLS to the database: ${templateTlsMeaning(plan.engine, plan.tls)}`;
  if (engine.templateTls.kind === "ignores-ssl") return [meaning];
  const key = code(`"ssl": ${plan.tls !== "disable"}`);
  if (terraformModel(plan).createsSecret) return [`${meaning} ${code("secret.tf")} writes ${key} into the secret's first value.`];
  return [
    `${meaning} Add ${key} to the existing secret's JSON before the first rotation: without the key the template tries TLS and, ` +
      `when that fails, logs in without it.`,
  ];
}

/** Where a resource opts out of a security scanner's check, with the reason it gives in place. */
function scannerSection(plan: Plan, blocks: readonly HclBlock[]): string[] {
  const optOuts = scannerOptOuts(blocks, plan);
  const intro =
    `Many organisations run checkov, trivy or tfsec on every pull request. Where a resource of this bundle deliberately departs from one of ` +
    `their checks, it says so in place with the scanners' inline comment and the reason: ${code("# checkov:skip=ID:reason")} inside the resource, ` +
    `${code("# trivy:ignore:ID")} just above it.`;
  return [
    heading(2, "Security scanners"),
    optOuts.length === 0 ? `${intro} No resource of this bundle does.` : `${intro} These do:`,
    ...(optOuts.length === 0
      ? []
      : [list(optOuts.map((optOut) => `${code(optOut.address)} — ${[optOut.checkov, optOut.trivy].filter((id): id is string => id !== undefined).map(code).join(", ")}: ${optOut.reason}.`))]),
  ];
}

function describeSchedule(plan: Plan): string {
  if (plan.schedule !== "") return `on the schedule ${code(plan.schedule)}`;
  return plan.days === 1 ? "every day" : `every ${plan.days} days`;
}

function describeResources(file: TerraformFile, blocks: readonly HclBlock[]): string[] {
  const resources = explainBlocks(blocks);
  if (resources.length === 0) return [];
  return [heading(3, code(file.path)), file.summary, list(resources.map(({ address, why }) => `${code(address)} — ${why}`))];
}

function prerequisites({ plan, versions }: BundleInput): string[] {
  const model = terraformModel(plan);
  const items = [
    `Terraform ${versions.terraform} or any release from 1.11 on, and AWS credentials for the target account and region (${code("AWS_PROFILE")} or ${code("AWS_REGION")} as usual)` +
      placementNote(model),
  ];
  if (model.bundledFunction) {
    items.push(`Python 3 with pip, to build the function for ${code(plan.arch)} (${code(plan.runtime)}).`);
  }
  if (model.createsSecret) {
    const asked = terraformVariables(model).filter((v) => v.value === undefined && v.default === undefined && !v.ephemeral);
    items.push(
      `The database user exists and you know its password. Terraform asks for ${asked.map((v) => code(v.name)).join(", ")}; ` +
        `the password goes in ${code("TF_VAR_initial_password")} only, for the first apply, and Terraform never stores it.`,
    );
  } else if (model.usesFunction) {
    items.push(
      `The existing secret holds JSON with ${code("engine")}, ${code("host")}, ${code("port")}, ${code("dbname")}, ${code("username")} and ${code("password")}` +
        (model.alternatingUsers ? `, and ${code("masterarn")} set to the admin secret's ARN.` : "."),
    );
  }
  if (model.alternatingUsers) {
    items.push(
      `The admin secret's user may create users and grant them the rotated user's privileges` +
        (plan.engine === "mysql" || plan.engine === "mariadb" ? ` (each of them WITH GRANT OPTION, and SELECT on ${code("mysql.*")} to read the grants). ` : ". ") +
        (model.bundledFunction
          ? `The admin secret may be the one RDS keeps for the master user (${code("rds!db-…")} or ${code("rds!cluster-…")}, with ${code("manage_master_user_password")}): ` +
            `it holds no host, so the function logs in as the admin at the rotated secret's host, port and database, and needs no access to the RDS API. `
          : `With the secret RDS keeps for the master user (${code("rds!db-…")} or ${code("rds!cluster-…")}), which holds no host, AWS's template finds the database ` +
            `through the RDS API, so the subnets must also reach the RDS API (an RDS interface endpoint or a NAT gateway). `) +
        (plan.masterkms !== ""
          ? `The admin secret's KMS key (${code("master_kms_key_arn")}) lets this account's IAM policies grant its use (the default key policy does): ` +
            `the function's role gets ${code("kms:Decrypt")} on it.`
          : `If the admin secret is encrypted with a customer managed key, give that key as ${code("masterkms")} in the plan, so that the function's role may decrypt it.`),
    );
  }
  if (model.bundledFunction && !model.createsSecret) {
    items.push(
      `${code("secret_arn")} is the secret's complete ARN, with the six characters AWS appends to its name: the invoke permission admits that secret only.`,
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

/** Where the plan's ARNs say the bundle must be applied, after the credentials sentence. */
function placementNote(model: ReturnType<typeof terraformModel>): string {
  const { region, account } = arnPlacement(model);
  const where = [region && `region ${code(region)}`, account && `account ${code(account)}`].filter(Boolean).join(" and ");
  return where === "" ? "." : `: ${where}, those of the plan's ARNs. Anywhere else ${code("terraform plan")} stops before anything is created.`;
}

/** What a later apply does to the secret's value, for a secret this bundle creates. */
function laterApplies(plan: Plan): string[] {
  if (!terraformModel(plan).createsSecret) return [];
  return [
    `Later applies run without ${code("TF_VAR_initial_password")} and never change the secret's value: the first value is stored once, ` +
      `in a version labelled ${code(INITIAL_VERSION_LABEL)} that rotation never moves, so Secrets Manager keeps it and Terraform does not write it again ` +
      `(a stale password or a CI placeholder in the variable is ignored). Rotation keeps ${code("AWSCURRENT")} on the newest password.`,
  ];
}

function applySteps({ plan }: BundleInput): string[] {
  const model = terraformModel(plan);
  const steps: string[] = [];
  if (model.bundledFunction) steps.push("./lambda/build.sh          # installs the driver for the function's architecture into lambda/build");
  if (model.createsSecret) steps.push("export TF_VAR_initial_password='…'   # first apply only: the user's current password; read it from your vault");
  steps.push("terraform init", "terraform plan -out rotation.tfplan", "terraform apply rotation.tfplan");
  return steps;
}

interface TroubleshootingRow {
  symptom: string;
  cause: string;
  fix: string | ((plan: Plan) => string);
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
    fix: (plan) =>
      plan.lambda === "bundled"
        ? "Check iam.tf's policy and the key policy of the secret's KMS key."
        : `Check the role that AWS's template created (CloudFormation stack ${templateStackName(plan)}), that the plan names the secret's KMS key (kms), and that key's policy.`,
    when: usesFunction,
  },
  {
    symptom: "Secrets Manager cannot invoke the specified Lambda function",
    cause: "The invoke permission is missing or limited to another account or secret.",
    fix: (plan) =>
      plan.lambda === "bundled"
        ? "Check aws_lambda_permission.secretsmanager; apply again."
        : `The template's stack (${templateStackName(plan)}) creates the permission: check that the stack completed; apply again.`,
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
    cause: "The database's certificate is not signed by the CA the function trusts, or the host name does not match it.",
    fix:
      "Use the RDS host name from the console. A server whose certificate your own CA signed: put the CA in lambda/custom-ca.pem, " +
      "run lambda/build.sh and set use_custom_ca = true. Or set tls=require in the plan for a server without a trusted certificate.",
    when: (plan) => usesFunction(plan) && plan.lambda === "bundled" && plan.tls === "verify",
  },
  {
    symptom: "A previous rotation is still pending",
    cause: "An earlier rotation failed half way and left an AWSPENDING version.",
    fix: (plan) =>
      usesFunction(plan)
        ? "Fix the cause in the logs. Secrets Manager reattempts the unfinished rotation from its AWSPENDING version; scripts/test-rotation.sh waits for it and reports the outcome."
        : "Find the cause in the secret's rotation status (aws secretsmanager describe-secret). Secrets Manager reattempts the unfinished rotation; scripts/test-rotation.sh waits for it and reports the outcome.",
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
