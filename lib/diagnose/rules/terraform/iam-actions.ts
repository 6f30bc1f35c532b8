import { ROTATION_HANDLER } from "@/lib/generators/lambda";
import type { Expr } from "../../hcl/ast";
import { grants, roleGrants, wildcardMatch, type Match, type ResourceEntry, type RoleGrants } from "../../terraform/iam";
import { attributeOf, type ModuleDir, type TfBlock } from "../../terraform/project";
import { referencedBlocks } from "../../terraform/references";
import { exprText, quoted, resourceBlock } from "../../terraform/text";
import { evaluate, stringValue } from "../../terraform/values";
import { finding, hcl, type Finding, type Severity } from "../../types";
import { roleOf, type Context, type SecretTarget } from "../context";
import { at, secretRef } from "./shared";

/**
 * iam-action-missing: the actions rotation calls (Secrets Manager, GetRandomPassword, the secret's KMS
 * key) that the function's role does not grant, and whether an IAM resource entry covers the secret or
 * the key. Reading the role's policies is terraform/iam.ts; this module decides what is missing.
 */

/** The handlers of code known to call GetRandomPassword: this product's function and AWS's templates. */
const KNOWN_HANDLERS = new Set([ROTATION_HANDLER, "lambda_function.lambda_handler"]);

export const SECRET_ACTIONS: ReadonlyArray<[string, string]> = [
  ["secretsmanager:DescribeSecret", "reads the secret's rotation settings and version labels"],
  ["secretsmanager:GetSecretValue", "reads the current and the pending password"],
  ["secretsmanager:PutSecretValue", "stores the new password as AWSPENDING (createSecret)"],
  ["secretsmanager:UpdateSecretVersionStage", "moves AWSCURRENT to the new password (finishSecret)"],
];

export interface MissingAction {
  action: string;
  why: string;
  severity: Severity;
  resource: string;
}

export function isAwsManagedKey(text: string | null): boolean {
  return text !== null && /(^|:)alias\/aws\/secretsmanager$/.test(text);
}

export function iamActions(ctx: Context, target: SecretTarget, fn: TfBlock): Finding[] {
  const role = roleOf(fn);
  if (!role || role.opaque) return [];
  const roleGrantsList = roleGrants(ctx.project, role);
  const knownCode = KNOWN_HANDLERS.has(stringValue(fn.module, attributeOf(fn, "handler")?.expr) ?? "");
  const required: Array<Omit<MissingAction, "severity"> & { test: (entry: ResourceEntry) => Match; severity: Severity }> = SECRET_ACTIONS.map(([action, why]) => ({
    action,
    why,
    severity: "error" as Severity,
    resource: secretRef(target),
    test: (entry: ResourceEntry) => secretMatch(entry, target),
  }));
  required.push({
    action: "secretsmanager:GetRandomPassword",
    why: knownCode
      ? "generates the new password in createSecret"
      : `generates the new password in AWS's templates; ${fn.address} runs code this diagnosis cannot see, and if it generates passwords this way createSecret fails`,
    severity: knownCode ? "error" : "warning",
    resource: '"*"',
    test: starMatch,
  });
  const kmsText = target.kms ? stringValue(target.kms.module, target.kms.expr) : (target.describe?.kmsKeyId ?? null);
  if ((target.kms || target.describe?.kmsKeyId) && !isAwsManagedKey(kmsText)) {
    const keyRef = target.kms ? exprText(target.kms.expr) : quoted(kmsText ?? "");
    for (const [action, why] of [
      ["kms:Decrypt", "decrypts the secret's values, which its customer managed key encrypts"],
      ["kms:GenerateDataKey", "encrypts the new password with the secret's key"],
    ] as const) {
      required.push({ action, why, severity: "error", resource: keyRef, test: (entry: ResourceEntry) => keyMatch(entry, target, kmsText) });
    }
  }
  const certain: RoleGrants = { statements: roleGrantsList.statements, unreadable: [] };
  const missing: MissingAction[] = [];
  for (const requirement of required) {
    const match = grants(certain, requirement.action, requirement.test);
    if (match !== "no") continue;
    missing.push({ ...requirement, severity: roleGrantsList.unreadable.length > 0 ? "warning" : requirement.severity });
  }
  return missingActionFindings(role, fn, target, missing, roleGrantsList.unreadable);
}

export function missingActionFindings(role: TfBlock | null, fn: TfBlock | null, target: SecretTarget, missing: MissingAction[], unreadable: string[]): Finding[] {
  const findings: Finding[] = [];
  for (const severity of ["error", "warning"] as const) {
    const group = missing.filter((m) => m.severity === severity);
    if (group.length === 0) continue;
    const actions = group.map((m) => m.action);
    const statements = groupByResource(group)
      .map(([resource, list]) => `{\n  Effect   = "Allow"\n  Action   = [${list.map((m) => quoted(m.action)).join(", ")}]\n  Resource = ${resource}\n}`)
      .join(",\n");
    const snippet = resourceBlock("resource", "aws_iam_role_policy", "rotation_missing_actions", [
      ["name", quoted("rotation-missing-actions")],
      ["role", `${role ? role.address : "aws_iam_role.rotation"}.id`],
      ["policy", `jsonencode({\n  Version = "2012-10-17"\n  Statement = [\n${indent(statements, 4)}\n  ]\n})`],
    ]);
    const subject = role ? `${role.address} (the role of ${fn!.address})` : `The rotation function's role`;
    findings.push(
      finding(
        "iam-action-missing",
        severity,
        role ? at(role) : at(target.block!),
        role
          ? `${subject} may not call ${actions.join(", ")}${actions.every((a) => a === "secretsmanager:GetRandomPassword") ? "" : ` to rotate ${target.label}`}`
          : `No role grants the rotation actions on ${target.label}: ${actions.join(", ")}`,
        (role ? "The rotation function's role lacks actions that rotation calls: " : "Every rotation step runs with the function's role, and no role here grants what rotation calls: ") +
          group.map((m) => `${m.action} ${m.why}`).join("; ") +
          "." +
          (unreadable.length > 0 ? ` Unless ${unreadable.join(", ")} grants ${group.length === 1 ? "it" : "them"} (this diagnosis cannot read ${unreadable.length === 1 ? "that policy" : "those policies"}).` : ""),
        `Grant them (GetRandomPassword takes no resource, so IAM needs "*" for it):\n\n${hcl(snippet)}`,
      ),
    );
  }
  return findings;
}

function groupByResource(list: MissingAction[]): Array<[string, MissingAction[]]> {
  const groups = new Map<string, MissingAction[]>();
  for (const item of list) groups.set(item.resource, [...(groups.get(item.resource) ?? []), item]);
  return [...groups];
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}

const SECRET_ARN_PATTERN = /^arn:[^:]*:secretsmanager:[^:]*:[^:]*:secret:(.*)$/;

function sameTraversal(a: Expr, aModule: ModuleDir, b: Expr, bModule: ModuleDir): boolean {
  const unwrap = (e: Expr) => (e.kind === "template" && e.parts.length === 1 && typeof e.parts[0] === "object" && !("directive" in e.parts[0]) ? e.parts[0] : e);
  const x = unwrap(a);
  const y = unwrap(b);
  return x.kind === "traversal" && y.kind === "traversal" && aModule === bModule && exprText(x) === exprText(y);
}

/** Whether an IAM resource entry covers the secret. */
function secretMatch(entry: ResourceEntry, target: SecretTarget): Match {
  if ("literal" in entry) return secretLiteralMatch(entry.literal, target);
  const refs = referencedBlocks(entry.module, entry.expr);
  if (target.block && refs.some((ref) => ref.block === target.block)) return "yes";
  if (refs.some((ref) => ref.block.type === "aws_secretsmanager_secret")) return "no";
  if (target.idExpr && sameTraversal(entry.expr, entry.module, target.idExpr.expr, target.idExpr.module)) return "yes";
  const value = evaluate(entry.module, entry.expr);
  if (typeof value === "string") return secretLiteralMatch(value, target);
  return "maybe";
}

function secretLiteralMatch(pattern: string, target: SecretTarget): Match {
  if (pattern === "*") return "yes";
  const arn = target.literalArn ?? target.describe?.arn ?? null;
  if (arn !== null) return wildcardMatch(pattern, arn, false) || wildcardMatch(pattern, `${arn}-??????`, false) ? "yes" : SECRET_ARN_PATTERN.test(pattern) || pattern.startsWith("arn:") ? "no" : "maybe";
  const match = SECRET_ARN_PATTERN.exec(pattern);
  if (!match) return pattern.startsWith("arn:") ? "no" : "maybe";
  const name = target.name;
  if (name !== null) return wildcardMatch(match[1]!, name, false) || wildcardMatch(match[1]!, `${name}-??????`, false) ? "yes" : "no";
  return "maybe";
}

function starMatch(entry: ResourceEntry): Match {
  if ("literal" in entry) return entry.literal === "*" ? "yes" : "no";
  // An attribute of a resource (an ARN) is never "*".
  if (referencedBlocks(entry.module, entry.expr).length > 0) return "no";
  const value = evaluate(entry.module, entry.expr);
  if (typeof value === "string") return value === "*" ? "yes" : "no";
  return "maybe";
}

function keyMatch(entry: ResourceEntry, target: SecretTarget, keyText: string | null): Match {
  const literalMatch = (text: string): Match => {
    if (text === "*") return "yes";
    if (keyText !== null) return wildcardMatch(text, keyText, false) ? "yes" : text.startsWith("arn:") ? "no" : "maybe";
    return /^arn:[^:]*:kms:/.test(text) ? "maybe" : "no";
  };
  if ("literal" in entry) return literalMatch(entry.literal);
  if (target.kms) {
    const keyBlocks = referencedBlocks(target.kms.module, target.kms.expr).map((ref) => ref.block);
    const refs = referencedBlocks(entry.module, entry.expr);
    if (refs.some((ref) => keyBlocks.includes(ref.block))) return "yes";
    if (sameTraversal(entry.expr, entry.module, target.kms.expr, target.kms.module)) return "yes";
  }
  const value = evaluate(entry.module, entry.expr);
  if (typeof value === "string") return literalMatch(value);
  return "maybe";
}
