import { attributeOf, dataOf, nestedBlocks, resourcesOf, type TfBlock } from "../../terraform/project";
import { referencedBlocks } from "../../terraform/references";
import { renderBlock } from "../../terraform/text";
import { stringList } from "../../terraform/values";
import { finding, hcl, type Finding } from "../../types";
import type { Context, SecretTarget } from "../context";
import { at } from "./shared";

/**
 * rotation-reverted and password-in-state: a secret version whose value or labels Terraform would write
 * back over a rotation, and passwords (secret values, random_password, database master passwords, data
 * sources) that Terraform keeps in its state.
 */

function ignoredChanges(block: TfBlock): Set<string> {
  const names = new Set<string>();
  for (const lifecycle of nestedBlocks(block.body, "lifecycle")) {
    const ignore = lifecycle.body.attributes.find((a) => a.name === "ignore_changes");
    if (!ignore) continue;
    const items = ignore.expr.kind === "tuple" ? ignore.expr.items : [ignore.expr];
    for (const item of items) {
      if (item.kind === "traversal") names.add(item.root);
      else if (item.kind === "template" && typeof item.parts[0] === "string") names.add(item.parts[0]);
    }
  }
  return names;
}

export function secretValue(ctx: Context, target: SecretTarget): Finding[] {
  const findings: Finding[] = [];
  if (target.rotations.length === 0 && target.block === null) return findings;
  for (const version of target.versions) {
    if (version.opaque) continue;
    const ignored = ignoredChanges(version);
    if (ignored.has("all")) continue;
    const value = attributeOf(version, "secret_string") ?? attributeOf(version, "secret_binary");
    if (value && !ignored.has(value.name)) {
      findings.push(
        finding(
          "rotation-reverted",
          "warning",
          at(version, value.line),
          `${version.address} can write the old password back over a rotated one`,
          `Terraform manages the secret's value through ${value.name}. After a rotation the database has a new password, but whenever Terraform replaces this version (a change to the value, or the version gone after rotations) it stores the configured password again as AWSCURRENT: applications then log in with a password the database no longer accepts.`,
          `Let Terraform set the first value only:\n\n${hcl(renderBlock("lifecycle", [["ignore_changes", `[${value.name}, version_stages]`]]))}\n\nor better, write it through the write-only secret_string_wo (Terraform 1.11 or later), which also keeps it out of state.`,
        ),
      );
      continue;
    }
    const stages = attributeOf(version, "version_stages");
    const stageList = stages ? stringList(version.module, stages.expr) : null;
    if (stages && stageList?.items.includes("AWSCURRENT") && !ignored.has("version_stages")) {
      findings.push(
        finding(
          "rotation-reverted",
          "warning",
          at(version, stages.line),
          `${version.address} moves AWSCURRENT back to its own version on the next apply`,
          "Rotation moves the AWSCURRENT label to the new password. version_stages says this version must carry AWSCURRENT, so the next apply moves the label back to the old password, which the database no longer accepts.",
          `Let rotation own the labels:\n\n${hcl(renderBlock("lifecycle", [["ignore_changes", "[version_stages]"]]))}`,
        ),
      );
    }
  }
  return findings;
}

const DATABASE_PASSWORDS: ReadonlyArray<[string, string, string]> = [
  ["aws_db_instance", "password", "manage_master_user_password = true (RDS keeps the password in a secret it rotates), or password_wo"],
  ["aws_rds_cluster", "master_password", "manage_master_user_password = true, or master_password_wo"],
  ["aws_docdb_cluster", "master_password", "manage_master_user_password = true, or master_password_wo"],
  ["aws_redshift_cluster", "master_password", "manage_master_password = true, or master_password_wo"],
];

export function passwordsInState(ctx: Context): Finding[] {
  const findings: Finding[] = [];
  const project = ctx.project;
  const why = (what: string) =>
    `Terraform saves ${what} in its state in plain text: anyone who can read the state (its bucket, a terraform show in a CI log) can read the password. Rotation still works, but the first password, and any Terraform sets again, is exposed.`;
  for (const version of resourcesOf(project, "aws_secretsmanager_secret_version")) {
    const value = attributeOf(version, "secret_string") ?? attributeOf(version, "secret_binary");
    if (!value || (value.expr.kind === "literal" && value.expr.value === null)) continue;
    findings.push(
      finding(
        "password-in-state",
        "warning",
        at(version, value.line),
        `${version.address} keeps the secret's value in Terraform state (${value.name})`,
        why(`${value.name}`),
        `Write the value through the write-only argument, fed by an ephemeral variable (Terraform 1.11 or later):\n\n${hcl(
          [
            `secret_string_wo         = jsonencode({ username = var.db_username, password = var.initial_password })\nsecret_string_wo_version = 1`,
            renderBlock(`variable "initial_password"`, [["type", "string"], ["sensitive", "true"], ["ephemeral", "true"]]),
          ].join("\n\n"),
        )}`,
      ),
    );
  }
  const usedPasswords = new Set<TfBlock>();
  for (const block of [...resourcesOf(project, "aws_secretsmanager_secret_version"), ...DATABASE_PASSWORDS.flatMap(([type]) => resourcesOf(project, type))]) {
    for (const attribute of block.body.attributes) {
      for (const ref of referencedBlocks(block.module, attribute.expr)) if (ref.block.kind === "resource" && ref.block.type === "random_password") usedPasswords.add(ref.block);
    }
  }
  for (const password of usedPasswords) {
    findings.push(
      finding(
        "password-in-state",
        "warning",
        at(password),
        `${password.address} keeps the generated password in Terraform state`,
        why("a random_password resource's result"),
        `Generate it with the ephemeral resource instead, and pass it only to write-only arguments:\n\n${hcl(renderBlock(`ephemeral "random_password" "${password.name}"`, [["length", "32"]]))}`,
      ),
    );
  }
  for (const [type, name, fix] of DATABASE_PASSWORDS) {
    for (const db of resourcesOf(project, type)) {
      const attribute = attributeOf(db, name);
      if (!attribute || (attribute.expr.kind === "literal" && attribute.expr.value === null)) continue;
      findings.push(
        finding("password-in-state", "warning", at(db, attribute.line), `${db.address} keeps the database password in Terraform state (${name})`, why(name), `Use ${fix}.`),
      );
    }
  }
  for (const data of dataOf(project, "aws_secretsmanager_secret_version")) {
    findings.push(
      finding(
        "password-in-state",
        "warning",
        at(data),
        `${data.address} reads the secret's value into Terraform state`,
        why("what a data source reads"),
        "Read the value where it is used (the application, or an ephemeral \"aws_secretsmanager_secret_version\" resource in Terraform 1.10 or later) rather than with a data source.",
      ),
    );
  }
  return findings;
}
