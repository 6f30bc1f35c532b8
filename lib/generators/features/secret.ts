import { ENGINE_FACTS } from "@/lib/config";
import { attr, block, call, comment, data, raw, resource, type HclBlock, type HclValue } from "../hcl";
import { code } from "../markdown";
import { TAGS, type TerraformModel } from "../terraform/model";
import type { TerraformVariable } from "../terraform/variables";
import type { Feature } from "./feature";

/**
 * The secret being rotated: created with its first value (secret=new), or an existing one (an ARN, or the
 * secret the database service keeps under managed rotation). Every bundle has one.
 */
export const secret: Feature = {
  name: "the secret",
  applies: () => true,
  terraform: { "secret.tf": (model) => (model.createsSecret ? secretBlocks(model) : []) },
  variables: secretVariables,
  outputs: (model) => [{ name: "secret_arn", description: "ARN of the rotated secret; applications read their credentials from it.", value: model.refs.secretArn }],
  readme: {
    prerequisites: { secrets: prerequisites },
    commands: {
      environment: (model) =>
        model.createsSecret ? ["export TF_VAR_initial_password='…'   # first apply only: the user's current password; read it from your vault"] : [],
    },
    sections: { afterApply: laterApplies },
    costs: () => ["Secrets Manager: about 0.40 USD per secret per month, plus API calls (a rotation makes a handful)."],
  },
  diagram: ({ shape: { plan, createsSecret, usesFunction, encryptsWithOwnKey } }) => ({
    node: createsSecret
      ? { id: "secret", title: "New secret", details: [plan.name || "(no name yet)"] }
      : usesFunction
        ? { id: "secret", title: "Existing secret", details: ["its password rotates"] }
        : { id: "secret", title: "Master user secret", details: ["created by AWS"] },
    sentence: `${
      createsSecret ? "A new secret" : usesFunction ? "An existing secret" : "The master user's secret, which the database service creates and keeps,"
    } in AWS Secrets Manager${encryptsWithOwnKey ? ", encrypted with your KMS key" : ""}.`,
  }),
};

/**
 * The staging label of the secret's first version. Rotation moves AWSCURRENT and AWSPREVIOUS but never this
 * label, so the first version always has one: Secrets Manager never deletes it as deprecated, the provider
 * never drops it from state, and Terraform never creates it again over a rotated password.
 */
export const INITIAL_VERSION_LABEL = "TERRAFORM_INITIAL";

const STORED_LABELS = "local.secret_labels";

function secretBlocks(model: TerraformModel): HclBlock[] {
  const { plan } = model;
  const credentials: Record<string, HclValue> = {
    engine: ENGINE_FACTS[plan.engine].secretEngine,
    host: raw("var.db_host"),
    port: raw("var.db_port"),
    dbname: raw("var.db_name"),
    username: raw("var.db_username"),
    password: raw("var.initial_password"),
  };
  if (model.alternatingUsers) credentials.masterarn = raw("var.master_secret_arn");
  // AWS's templates read a missing "ssl" key as "try TLS, then plaintext": the key makes the plan's choice
  // binding. Our own function takes DB_TLS from its environment instead.
  if (!model.bundledFunction && ENGINE_FACTS[plan.engine].templateTls.kind !== "ignores-ssl") credentials.ssl = plan.tls !== "disable";
  const label = JSON.stringify(INITIAL_VERSION_LABEL);
  return [
    resource(
      "aws_secretsmanager_secret",
      "this",
      [
        attr("name_prefix", `${model.names.secret}-`),
        attr("description", `Credentials of the ${ENGINE_FACTS[plan.engine].label} user that ${model.names.function} rotates.`),
        model.encryptsWithOwnKey && attr("kms_key_id", raw("var.kms_key_arn")),
        attr("tags", TAGS),
      ],
      "The secret applications read their database credentials from; the rotation function keeps it current.",
    ),
    data(
      "aws_secretsmanager_secret_versions",
      "this",
      [attr("secret_id", raw("aws_secretsmanager_secret.this.id"))],
      [
        "The versions the secret holds and their labels. Read before the first value is stored, so that",
        "initial_password is asked for on the first apply only, and never written over a rotated password.",
      ],
    ),
    block("locals", [], [
      comment("Every staging label the secret's versions carry; none before the first value is stored."),
      attr("secret_labels", raw("flatten(data.aws_secretsmanager_secret_versions.this.versions[*].version_stages)")),
    ]),
    resource(
      "aws_secretsmanager_secret_version",
      "initial",
      [
        attr("secret_id", raw("aws_secretsmanager_secret.this.id")),
        attr("secret_string_wo", call("jsonencode", credentials)),
        attr("secret_string_wo_version", 1),
        attr("version_stages", ["AWSCURRENT", INITIAL_VERSION_LABEL]),
        block("lifecycle", [], [
          attr("ignore_changes", [raw("version_stages")]),
          block("precondition", [], [
            attr("condition", raw(`var.initial_password != null || contains(${STORED_LABELS}, ${label})`)),
            attr(
              "error_message",
              "initial_password is needed on the first apply, which stores it as the secret's first value: export TF_VAR_initial_password and apply again.",
            ),
          ]),
          block("precondition", [], [
            attr("condition", raw(`length(${STORED_LABELS}) == 0 || contains(${STORED_LABELS}, ${label})`)),
            attr(
              "error_message",
              `The secret already holds values, but none labelled ${INITIAL_VERSION_LABEL}, so Terraform could write initial_password ` +
                `over the password rotation set. Put the label back on the secret's first version ` +
                `(aws secretsmanager update-secret-version-stage --version-stage ${INITIAL_VERSION_LABEL} --move-to-version-id <its id>).`,
            ),
          ]),
        ]),
      ],
      [
        "The first value, in the JSON shape AWS rotation functions read. It goes through a write-only argument,",
        "so the password is never stored in state, and its version stays 1, so Terraform never sends it again.",
        `The version keeps the label ${INITIAL_VERSION_LABEL}, which rotation never moves: Secrets Manager never deletes it,`,
        "it stays in state, and a later apply never replaces a rotated password. Rotation moves AWSCURRENT away from",
        "it; ignore_changes keeps Terraform from moving the label back. The first value stays readable under the",
        "label but stops logging in once rotation has changed that user's password.",
      ],
    ),
  ];
}

function secretVariables(model: TerraformModel): TerraformVariable[] {
  const { plan } = model;
  if (!model.createsSecret) {
    return [
      {
        name: "secret_arn",
        type: "string",
        description: model.usesFunction ? "ARN of the existing secret to rotate." : "ARN of the secret that the database service manages for its master user.",
        value: plan.secret === "new" ? undefined : plan.secret,
        arn: "regional",
        param: "secret",
      },
    ];
  }
  return [
    { name: "db_host", type: "string", description: `Host name of the ${ENGINE_FACTS[plan.engine].label} server, as the rotation function reaches it.` },
    { name: "db_port", type: "number", description: "Port of the database server.", default: model.databasePort },
    { name: "db_name", type: "string", description: "Database the rotated user logs in to." },
    { name: "db_username", type: "string", description: "Database user whose password is rotated." },
    {
      name: "initial_password",
      type: "string",
      description:
        "The user's current password, needed on the first apply only: it becomes the secret's first value and never enters state. " +
        "Pass it as TF_VAR_initial_password.",
      // Optional: once the first value exists, rotation owns the password and later plans run without it.
      default: null,
      sensitive: true,
      ephemeral: true,
    },
  ];
}

function prerequisites(model: TerraformModel): string[] {
  if (model.createsSecret) {
    const asked = secretVariables(model).filter((v) => v.value === undefined && v.default === undefined && !v.ephemeral);
    return [
      `The database user exists and you know its password. Terraform asks for ${asked.map((v) => code(v.name)).join(", ")}; ` +
        `the password goes in ${code("TF_VAR_initial_password")} only, for the first apply, and Terraform never stores it.`,
    ];
  }
  if (!model.usesFunction) return [];
  return [
    `The existing secret holds JSON with ${code("engine")}, ${code("host")}, ${code("port")}, ${code("dbname")}, ${code("username")} and ${code("password")}` +
      (model.alternatingUsers ? `, and ${code("masterarn")} set to the admin secret's ARN.` : "."),
  ];
}

/** What a later apply does to the secret's value, for a secret this bundle creates. */
function laterApplies(model: TerraformModel): string[] {
  if (!model.createsSecret) return [];
  return [
    `Later applies run without ${code("TF_VAR_initial_password")} and never change the secret's value: the first value is stored once, ` +
      `in a version labelled ${code(INITIAL_VERSION_LABEL)} that rotation never moves, so Secrets Manager keeps it and Terraform does not write it again ` +
      `(a stale password or a CI placeholder in the variable is ignored). Rotation keeps ${code("AWSCURRENT")} on the newest password.`,
  ];
}
