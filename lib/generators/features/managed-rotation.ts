import { attr, block, renderHclFile } from "../hcl";
import { code, codeBlock, heading } from "../markdown";
import type { TerraformModel } from "../terraform/model";
import type { Feature } from "./feature";

/**
 * strategy=managed: the database service rotates its master user's password itself. The bundle deploys no
 * function, only the schedule; the README shows the change to make to the user's own database resource.
 */
export const managedRotation: Feature = {
  name: "managed rotation",
  applies: (shape) => !shape.usesFunction,
  readme: { sections: { afterResources: databaseChange } },
  diagram: ({ database }) => ({
    node: { id: "rotation", title: "Managed rotation", details: ["by AWS, no function"] },
    sentence: `AWS rotates the master password of ${database} itself: no function and no network set-up.`,
  }),
};

/** The lines to add to the user's database resource, which this bundle does not own. */
function databaseChange({ plan, encryptsWithOwnKey }: TerraformModel): string[] {
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
      encryptsWithOwnKey && service.key !== null && attr(service.key, plan.kms),
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
