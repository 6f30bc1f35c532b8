import { BUNDLED_ENGINES, ENGINE_FACTS, isBundledEngine, templateTlsMeaning } from "@/lib/config";
import { fieldInWords, settingInWords } from "@/lib/config/labels";
import { listInWords } from "@/lib/words";
import { attr, block, call, raw, resource, type HclBlock, type HclValue } from "../hcl";
import { code, heading, list } from "../markdown";
import { TAGS, type TerraformModel } from "../terraform/model";
import { sarApplications } from "../terraform/sar";
import type { Feature } from "./feature";
import { regionLookups, SECRETS_MANAGER_URL } from "./rotation-function";

/**
 * lambda=sar: AWS's published rotation function for the engine, deployed from the Serverless Application
 * Repository as a CloudFormation stack that brings its own role and invoke permission.
 */
export const awsTemplate: Feature = {
  name: "AWS's rotation function template",
  applies: (shape) => shape.templateFunction,
  terraform: { "lambda.tf": (model) => [...regionLookups(), ...templateBlocks(model)] },
  readme: { sections: { afterResources: templateSection } },
  diagram: () => ({ node: { id: "rotation", title: "AWS template", details: ["AWS's rotation function", "AWS's function"] } }),
};

/** What else the template's role may use, from the parameters it is given, as a comment line. */
function templateRoleExtras(model: TerraformModel): string[] {
  const { plan } = model;
  const extras = [
    model.encryptsWithOwnKey && "the secret's KMS key",
    model.alternatingUsers && (plan.masterkms !== "" ? "the admin secret and its KMS key" : "the admin secret"),
  ].filter((extra): extra is string => typeof extra === "string");
  return extras.length === 0 ? [] : [`The role may also use ${extras.join(" and ")}.`];
}

function templateBlocks(model: TerraformModel): HclBlock[] {
  const { plan } = model;
  const application = raw("local.rotation_application[data.aws_partition.current.partition]");
  const parameters: Record<string, HclValue> = {
    endpoint: SECRETS_MANAGER_URL,
    functionName: model.names.function,
    vpcSubnetIds: call("join", ",", raw("var.subnet_ids")),
    vpcSecurityGroupIds: call("join", ",", model.refs.functionSecurityGroupIds),
    excludeCharacters: plan.exclude,
  };
  if (model.encryptsWithOwnKey) parameters.kmsKeyArn = raw("var.kms_key_arn");
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

/** What AWS's template brings and takes, and why it takes no permissions boundary. */
function templateSection(model: TerraformModel): string[] {
  const { plan } = model;
  const engine = ENGINE_FACTS[plan.engine];
  const passed = [
    model.encryptsWithOwnKey && `the secret's KMS key (${code("kmsKeyArn")})`,
    model.alternatingUsers && `the admin secret (${code("masterSecretArn")})`,
    model.alternatingUsers && plan.masterkms !== "" && `the admin secret's KMS key (${code("masterSecretKmsKeyArn")})`,
  ].filter((item): item is string => typeof item === "string");
  const bundledEngines = listInWords(BUNDLED_ENGINES.map((bundled) => ENGINE_FACTS[bundled].label));
  return [
    heading(2, "AWS's rotation function"),
    list([
      `${code("lambda.tf")} deploys AWS's published rotation function for ${engine.label} from the Serverless Application Repository, ` +
        `at a pinned version, as the CloudFormation stack ${code(model.names.templateStack)}. The stack creates the function, its role and the ` +
        `permission for Secrets Manager to invoke it; this bundle writes no role or invoke permission of its own.`,
      `The template is given ${listInWords(["the endpoint, the function's name, subnets and security groups", "the excluded characters", ...passed])}` +
        (passed.length > 0 ? `; its role may use ${listInWords(passed.map((item) => item.replace(/ \(.*\)$/, "")))}.` : "."),
      ...(model.alternatingUsers && plan.masterkms === ""
        ? [`If the admin secret is encrypted with a customer managed key, give that key as the ${fieldInWords("masterkms")} in the plan: the template then lets its role decrypt the admin secret.`]
        : []),
      ...templateTlsItems(model),
      `Why the plan takes no ${fieldInWords("boundary")} here: the template creates its role itself and has no parameter for a permissions boundary, so a boundary ` +
        `could not be applied. Where your organisation requires one on every role, ${isBundledEngine(plan.engine) ? `choose ${settingInWords("lambda", "bundled")}, whose role takes it` : `the bundled function (${bundledEngines} only) takes one; for ${engine.label} the template's role needs an exception`}.`,
    ]),
  ];
}

/**
 * AWS's templates read TLS from the secret's `ssl` key and treat a missing key as "try TLS, then
 * plaintext". A secret this bundle creates gets the key; an existing one must be given it by hand.
 */
function templateTlsItems(model: TerraformModel): string[] {
  const { plan } = model;
  const meaning = `TLS to the database: ${templateTlsMeaning(plan.engine, plan.tls)}`;
  if (ENGINE_FACTS[plan.engine].templateTls.kind === "ignores-ssl") return [meaning];
  const key = code(`"ssl": ${plan.tls !== "disable"}`);
  if (model.createsSecret) return [`${meaning} ${code("secret.tf")} writes ${key} into the secret's first value.`];
  return [
    `${meaning} Add ${key} to the existing secret's JSON before the first rotation: without the key the template tries TLS and, ` +
      `when that fails, logs in without it.`,
  ];
}
