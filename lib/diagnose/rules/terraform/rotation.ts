import { SUGGESTED_RUNTIME } from "../../runtimes";
import { resourcesOf } from "../../terraform/project";
import { exprText, quoted, renderBlock, resourceBlock } from "../../terraform/text";
import { stringValue } from "../../terraform/values";
import { finding, hcl, type Finding, type Severity } from "../../types";
import { hasOpaqueBlocks, invokePermissions, type Context, type SecretTarget } from "../context";
import { isAwsManagedKey, missingActionFindings, SECRET_ACTIONS, type MissingAction } from "./iam-actions";
import { noFunctionPermission } from "./permission";
import { at, commentedRotations, functionsOf, isDatabaseSecret, secretIdRef, secretRef, type CommentedRotation } from "./shared";

/**
 * rotation-missing and function-missing: a secret that nothing rotates (no rotation resource, or one
 * commented out), a rotation without a function, and a database secret with no function at all (whose
 * role and permission are then reported missing too).
 */

export function rotationMissing(ctx: Context, target: SecretTarget, commented: Map<string, CommentedRotation>, databaseSecret: boolean): Finding[] {
  if (target.block === null || target.rotations.length > 0) return [];
  if (hasOpaqueBlocks(ctx.project, "aws_secretsmanager_secret_rotation")) return [];
  const comment = commented.get(target.key);
  const fn = onlyFunction(ctx);
  const name = comment?.name ?? target.block.name;
  const snippet = resourceBlock("resource", "aws_secretsmanager_secret_rotation", name, [
    ["secret_id", secretIdRef(target)],
    ["rotation_lambda_arn", `${fn ?? "aws_lambda_function.rotation"}.arn`],
    "",
    renderBlock("rotation_rules", [["automatically_after_days", "30"]]),
    "",
    ["depends_on", `[${permissionOf(ctx, fn) ?? "aws_lambda_permission.secretsmanager"}]`],
  ]);
  const title = comment
    ? `${target.label} is never rotated: its aws_secretsmanager_secret_rotation (${comment.file}:${comment.line}) is commented out`
    : `${target.label} is never rotated: no aws_secretsmanager_secret_rotation names it`;
  const why =
    "Secrets Manager starts a rotation only for a secret whose rotation is turned on, which in Terraform is an aws_secretsmanager_secret_rotation resource. " +
    (comment ? `The one at ${comment.file}:${comment.line} is inside a comment, so Terraform never creates it. ` : "") +
    "Without it the password never changes, whatever else is configured." +
    (databaseSecret ? "" : " (This secret does not look like database credentials; if it is not meant to rotate, ignore this.)");
  return [
    finding(
      "rotation-missing",
      databaseSecret ? "error" : "info",
      comment ? { file: comment.file, line: comment.line } : at(target.block),
      title,
      why,
      `${comment ? "Uncomment the resource, or add it" : "Add the rotation resource"}; it waits for the invoke permission so that the first rotation is not denied:\n\n${hcl(snippet)}`,
    ),
  ];
}

function onlyFunction(ctx: Context): string | null {
  const functions = resourcesOf(ctx.project, "aws_lambda_function");
  return functions.length === 1 ? functions[0]!.address : null;
}

function permissionOf(ctx: Context, fnAddress: string | null): string | null {
  if (fnAddress === null) return null;
  const fn = resourcesOf(ctx.project, "aws_lambda_function").find((f) => f.address === fnAddress);
  const permission = fn ? invokePermissions(ctx.project, fn)[0] : undefined;
  return permission?.address ?? null;
}

const FUNCTION_SNIPPET = (target: SecretTarget) =>
  [
    resourceBlock("resource", "aws_lambda_function", "rotation", [
      ["function_name", quoted("db-password-rotation")],
      ["role", "aws_iam_role.rotation.arn"],
      ["handler", quoted("lambda_function.lambda_handler")],
      ["runtime", quoted(SUGGESTED_RUNTIME)],
      ["timeout", "30"],
      ["filename", quoted("rotation.zip")],
      ["source_code_hash", 'filebase64sha256("rotation.zip")'],
      "",
      renderBlock("vpc_config", [
        ["subnet_ids", "var.subnet_ids"],
        ["security_group_ids", "var.security_group_ids"],
      ]),
      "",
      renderBlock("environment", [["variables", `{\n  SECRETS_MANAGER_ENDPOINT = "https://secretsmanager.\${data.aws_region.current.region}.amazonaws.com"\n}`]]),
    ]),
    resourceBlock("resource", "aws_iam_role", "rotation", [
      ["name", quoted("db-password-rotation")],
      ["assume_role_policy", 'jsonencode({\n  Version = "2012-10-17"\n  Statement = [{\n    Effect    = "Allow"\n    Principal = { Service = "lambda.amazonaws.com" }\n    Action    = "sts:AssumeRole"\n  }]\n})'],
    ]),
    resourceBlock("data", "aws_region", "current", []),
  ].join("\n\n") + `\n\n# and the rotation resource with rotation_lambda_arn = aws_lambda_function.rotation.arn for ${secretRef(target)}`;

export function functionMissing(ctx: Context, target: SecretTarget, databaseSecret: boolean): Finding[] {
  const findings: Finding[] = [];
  const managed = target.managedBy !== null;
  for (const rotation of target.rotations) {
    if (rotation.fn.kind === "dangling") {
      findings.push(
        finding(
          "function-missing",
          "error",
          at(rotation.block, rotation.lambdaArnLine),
          `${rotation.block.address} calls ${rotation.fn.address}, which no file declares`,
          `rotation_lambda_arn refers to ${rotation.fn.address}, but nothing in these files declares it: Terraform fails to plan, and rotation has no function to call.`,
          `Declare the function, or correct the reference to the function that rotates ${target.label}.`,
        ),
      );
      continue;
    }
    if (rotation.fn.kind !== "none" || managed) continue;
    const certain = target.createdHere || (target.describe !== null && target.describe.owningService === null);
    const reason = target.createdHere
      ? `${target.label} is created by this Terraform, so no database service manages it`
      : target.describe !== null
        ? "describe-secret shows no OwningService, so no database service manages it"
        : `the Terraform cannot tell whether ${target.label} is one a database service manages (give the describe-secret output: a managed secret has OwningService)`;
    findings.push(
      finding(
        "function-missing",
        certain ? "error" : "info",
        at(rotation.block),
        `${rotation.block.address} names no rotation function (rotation_lambda_arn)`,
        `Without a function, Secrets Manager can rotate only a secret that RDS, Aurora, Redshift or DocumentDB manages for its master user (managed rotation); ${reason}.${certain ? " Turning rotation on fails: RotateSecret needs a function for this secret." : ""}`,
        certain
          ? `Give the rotation a function:\n\n${hcl(`rotation_lambda_arn = aws_lambda_function.rotation.arn`)}\n\nor let the database manage the password (manage_master_user_password = true on aws_db_instance or aws_rds_cluster) and rotate the secret it creates.`
          : "Nothing to change if the secret is a managed master-user secret (its name starts with rds!, for example); otherwise give the rotation a rotation_lambda_arn.",
      ),
    );
  }
  // A database secret with no rotation and no function anywhere: the whole mechanism is missing.
  if (target.rotations.length === 0 && target.block !== null && databaseSecret && !managed && functionsOf(ctx, target).length === 0 && !hasOpaqueBlocks(ctx.project, "aws_lambda_function")) {
    findings.push(
      finding(
        "function-missing",
        "error",
        at(target.block),
        `No rotation function exists for ${target.label}`,
        "Secrets Manager rotates a database password by calling a Lambda function four times (createSecret, setSecret, testSecret, finishSecret); the function changes the password in the database. These files declare no function that could, so nothing can rotate this secret even once rotation is turned on.",
        `Add a rotation function: AWS's template for your engine (Serverless Application Repository), or the function the wizard generates. In outline:\n\n${hcl(FUNCTION_SNIPPET(target))}`,
      ),
    );
  }
  return findings;
}

/** Findings for a database secret that has no function at all: its role and permission are missing too. */
export function noFunctionFindings(ctx: Context): Finding[] {
  const findings: Finding[] = [];
  const commented = commentedRotations(ctx);
  for (const target of ctx.secrets) {
    if (target.block === null || target.rotations.length > 0 || target.managedBy !== null) continue;
    if (!isDatabaseSecret(target, commented) || functionsOf(ctx, target).length > 0) continue;
    if (hasOpaqueBlocks(ctx.project, "aws_lambda_function")) continue;
    findings.push(noFunctionPermission(target));
    const required: MissingAction[] = [
      ...SECRET_ACTIONS.map(([action, why]) => ({ action, why, severity: "error" as Severity, resource: secretRef(target) })),
      { action: "secretsmanager:GetRandomPassword", why: "generates the new password in createSecret", severity: "error", resource: '"*"' },
    ];
    if (target.kms && !isAwsManagedKey(stringValue(target.kms.module, target.kms.expr))) {
      required.push(
        { action: "kms:Decrypt", why: "decrypts the secret's values with its customer managed key", severity: "error", resource: exprText(target.kms.expr) },
        { action: "kms:GenerateDataKey", why: "encrypts the new password with that key", severity: "error", resource: exprText(target.kms.expr) },
      );
    }
    findings.push(...missingActionFindings(null, null, target, required, []));
  }
  return findings;
}
