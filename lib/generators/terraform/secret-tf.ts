import { ENGINE_FACTS } from "@/lib/config";
import { attr, call, raw, resource, type HclValue } from "../hcl";
import type { TerraformFile } from "./files";
import { TAGS, terraformModel } from "./model";

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
      resource(
        "aws_secretsmanager_secret_version",
        "initial",
        [
          attr("secret_id", raw("aws_secretsmanager_secret.this.id")),
          attr("secret_string_wo", call("jsonencode", credentials)),
          attr("secret_string_wo_version", 1),
        ],
        [
          "The first value, in the JSON shape AWS rotation functions read. It goes through a write-only argument,",
          "so the password is never stored in state, and its version stays 1, so a later apply never",
          "overwrites a password that rotation has changed.",
        ],
      ),
    ];
  },
};
