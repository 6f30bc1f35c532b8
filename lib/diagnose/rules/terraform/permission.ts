import { attributeOf, type TfBlock } from "../../terraform/project";
import { quoted, resourceBlock } from "../../terraform/text";
import { finding, hcl, type Finding } from "../../types";
import { hasOpaqueBlocks, type Context, type RotationInfo, type SecretTarget } from "../context";
import { at, secretRef } from "./shared";

/**
 * invoke-permission-missing, invoke-permission-unscoped and rotation-before-permission: the function's
 * resource policy that lets Secrets Manager invoke it, how far it is limited, and whether the rotation
 * waits for it.
 */

function permissionSnippet(functionRef: string, target: SecretTarget): string {
  return [
    resourceBlock("resource", "aws_lambda_permission", "secretsmanager", [
      ["statement_id", quoted("AllowSecretsManagerInvoke")],
      ["action", quoted("lambda:InvokeFunction")],
      ["function_name", `${functionRef}.function_name`],
      ["principal", quoted("secretsmanager.amazonaws.com")],
      ["source_account", "data.aws_caller_identity.current.account_id"],
      ["source_arn", secretRef(target)],
    ]),
    resourceBlock("data", "aws_caller_identity", "current", []),
  ].join("\n\n");
}

export function invokePermission(ctx: Context, target: SecretTarget, fn: TfBlock, permissions: TfBlock[]): Finding[] {
  if (permissions.length > 0 || hasOpaqueBlocks(ctx.project, "aws_lambda_permission")) return [];
  return [
    finding(
      "invoke-permission-missing",
      "error",
      at(fn),
      `Secrets Manager may not invoke ${fn.address}: no aws_lambda_permission for secretsmanager.amazonaws.com`,
      "Secrets Manager calls the rotation function as the service principal secretsmanager.amazonaws.com, and a Lambda function accepts the call only if its resource policy allows that principal. Without it every rotation is denied at the first step (and turning rotation on can fail).",
      `Add the permission, limited to this account and this secret:\n\n${hcl(permissionSnippet(fn.address, target))}`,
    ),
  ];
}

export function noFunctionPermission(target: SecretTarget): Finding {
  return finding(
    "invoke-permission-missing",
    "error",
    at(target.block!),
    `Nothing lets Secrets Manager invoke a rotation function for ${target.label}`,
    "Secrets Manager calls the rotation function as secretsmanager.amazonaws.com, which a function accepts only with an aws_lambda_permission for that principal. These files declare none (and no function), so a rotation would be denied.",
    `With the function in place, add:\n\n${hcl(permissionSnippet("aws_lambda_function.rotation", target))}`,
  );
}

export function unscopedPermission(target: SecretTarget, permission: TfBlock): Finding[] {
  if (attributeOf(permission, "source_account") || attributeOf(permission, "source_arn")) return [];
  const principal = attributeOf(permission, "principal");
  return [
    finding(
      "invoke-permission-unscoped",
      "warning",
      at(permission, principal?.line),
      `${permission.address} lets Secrets Manager invoke the function for any secret, in any account`,
      "Without source_account or source_arn the permission admits secretsmanager.amazonaws.com acting for anyone: another account's secret can name this function for its rotation and make it run with your role (the confused deputy problem). AWS advises limiting it.",
      `Limit the permission to your account and the secret:\n\n${hcl(`source_account = data.aws_caller_identity.current.account_id\nsource_arn     = ${secretRef(target)}`)}\n\n(with data "aws_caller_identity" "current" {} declared once).`,
    ),
  ];
}

export function rotationOrder(ctx: Context, rotation: RotationInfo, fn: TfBlock, permissions: TfBlock[]): Finding[] {
  if (permissions.length === 0) return [];
  if (permissions.some((permission) => ctx.graph.dependsOn(rotation.block, permission))) return [];
  const permission = permissions[0]!;
  return [
    finding(
      "rotation-before-permission",
      "warning",
      at(rotation.block),
      `${rotation.block.address} can start before ${permission.address} exists`,
      `The rotation refers to ${fn.address} but not to its invoke permission, so Terraform may create both at once. Turning rotation on starts a rotation (rotate_immediately defaults to true) that Secrets Manager is not yet allowed to run: the apply fails, or the secret is left with a rotation in progress.`,
      `Make the rotation wait for the permission:\n\n${hcl(`depends_on = [${permission.address}]`)}`,
    ),
  ];
}
