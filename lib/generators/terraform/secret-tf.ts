import { ENGINE_FACTS } from "@/lib/config";
import { attr, block, call, comment, data, raw, resource, type HclValue } from "../hcl";
import type { TerraformFile } from "./files";
import { TAGS, terraformModel } from "./model";

/**
 * The staging label of the secret's first version. Rotation moves AWSCURRENT and AWSPREVIOUS but never this
 * label, so the first version always has one: Secrets Manager never deletes it as deprecated, the provider
 * never drops it from state, and Terraform never creates it again over a rotated password.
 */
export const INITIAL_VERSION_LABEL = "TERRAFORM_INITIAL";

const STORED_LABELS = "local.secret_labels";

export const secretTf: TerraformFile = {
  path: "secret.tf",
  summary: "The secret that holds the database credentials, and its first value, which never enters Terraform state.",
  blocks({ plan }) {
    const model = terraformModel(plan);
    if (!model.createsSecret) return [];
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
          plan.kms !== "" && attr("kms_key_id", raw("var.kms_key_arn")),
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
  },
};
