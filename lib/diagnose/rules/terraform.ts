import { checkScheduleExpression, checkWindowFits } from "@/lib/config/schedule";
import { ROTATION_HANDLER } from "@/lib/generators/lambda";
import type { Expr } from "../hcl/ast";
import { grants, roleGrants, wildcardMatch, type Match, type ResourceEntry, type RoleGrants } from "../terraform/iam";
import {
  attributeOf,
  dataOf,
  indexByReference,
  memo,
  nestedBlocks,
  referencedBlocks,
  resourcesOf,
  type ModuleDir,
  type TfBlock,
} from "../terraform/project";
import { exprText, quoted, renderBlock, resourceBlock } from "../terraform/text";
import { boolValue, evaluate, literalStrings, numberValue, stringList, stringValue } from "../terraform/values";
import { runtimeStatus, SUGGESTED_RUNTIME } from "../runtimes";
import { finding, hcl, type Finding, type Severity } from "../types";
import {
  hasOpaqueBlocks,
  invokePermissions,
  roleOf,
  unclaimedRotationFunctions,
  vpcConfig,
  type Context,
  type FunctionRef,
  type RotationInfo,
  type SecretTarget,
  type Where,
} from "./context";

/**
 * The Terraform rules. Each reads the context (secrets, rotations, functions) and reports findings with a
 * place, a consequence and a fix; the catalogue (catalogue.ts) says why each has its severity.
 */

const at = (block: TfBlock, line?: number | null): Where => ({ file: block.file, line: line ?? block.line });

/** The handlers of code known to call GetRandomPassword: this product's function and AWS's templates. */
const KNOWN_HANDLERS = new Set([ROTATION_HANDLER, "lambda_function.lambda_handler"]);

const DATABASE_WORDS = /(db|database|rds|postgres|mysql|maria|aurora|redshift|docdb|mongo|sql|oracle|password|passwd|credential|login)/i;

export function terraformFindings(ctx: Context): Finding[] {
  const findings: Finding[] = [];
  for (const problem of ctx.project.parseProblems) {
    findings.push(
      finding(
        "terraform-invalid",
        "error",
        { file: problem.file, line: problem.line },
        `${problem.file} does not parse: ${problem.message} (line ${problem.line}, column ${problem.column})`,
        "Terraform stops at the first syntax error, so it plans and applies nothing of this configuration, rotation included. The rest of this diagnosis sees only the resource names this file declares, not their arguments.",
        `Correct the syntax at line ${problem.line} of ${problem.file}, then run terraform validate.`,
      ),
    );
  }
  const commented = commentedRotations(ctx);
  const checkedFunctions = new Set<TfBlock>();
  const checkedPermissions = new Set<TfBlock>();

  for (const target of ctx.secrets) {
    const databaseSecret = isDatabaseSecret(target, commented);
    findings.push(...rotationMissing(ctx, target, commented, databaseSecret));
    findings.push(...functionMissing(ctx, target, databaseSecret));

    const functions = functionsOf(ctx, target);
    for (const { fn, rotation } of functions) {
      if (fn.kind === "lambda") {
        const permissions = invokePermissions(ctx.project, fn.block);
        findings.push(...iamActions(ctx, target, fn.block));
        if (!checkedFunctions.has(fn.block)) {
          checkedFunctions.add(fn.block);
          findings.push(...invokePermission(ctx, target, fn.block, permissions));
          findings.push(...networkOf(ctx, target, fn.block));
          findings.push(...runtimeOf(ctx, fn.block));
        }
        for (const permission of permissions) {
          if (checkedPermissions.has(permission)) continue;
          checkedPermissions.add(permission);
          findings.push(...unscopedPermission(target, permission));
        }
        if (rotation) findings.push(...rotationOrder(ctx, rotation, fn.block, permissions));
        findings.push(...databasePort(ctx, target, fn.block));
      } else if (fn.kind === "stack") {
        findings.push(...stackChecks(ctx, target, fn.block, checkedFunctions));
      }
    }
    for (const rotation of target.rotations) findings.push(...scheduleOf(ctx, rotation));
    findings.push(...secretValue(ctx, target));
  }
  findings.push(...noFunctionFindings(ctx));
  findings.push(...passwordsInState(ctx));
  findings.push(...failureAlerts(ctx));
  return findings;
}

// ---------------------------------------------------------------------------------------------------
// Which functions rotate a secret

function functionsOf(ctx: Context, target: SecretTarget): Array<{ fn: FunctionRef; rotation: RotationInfo | null }> {
  if (target.rotations.length > 0) return target.rotations.map((rotation) => ({ fn: rotation.fn, rotation }));
  // No rotation: a function that Secrets Manager may invoke is the one meant for it.
  if (target.block === null) return [];
  return unclaimedRotationFunctions(ctx.project)
    .filter((fn) => !ctx.secrets.some((other) => other.rotations.some((r) => r.fn.kind === "lambda" && r.fn.block === fn)))
    .map((block) => ({ fn: { kind: "lambda", block } as FunctionRef, rotation: null }));
}

function isDatabaseSecret(target: SecretTarget, commented: Map<string, CommentedRotation>): boolean {
  if (commented.has(target.key)) return true;
  if (["password", "username", "engine", "host"].some((key) => target.fields.has(key))) return true;
  const names = [target.label, target.name ?? "", target.namePrefix ?? ""];
  if (target.block) names.push(stringValue(target.block.module, attributeOf(target.block, "description")?.expr) ?? "");
  return names.some((name) => DATABASE_WORDS.test(name));
}

function secretRef(target: SecretTarget): string {
  return target.refText;
}

function secretIdRef(target: SecretTarget): string {
  return target.block ? `${target.block.address}.id` : target.refText;
}

// ---------------------------------------------------------------------------------------------------
// rotation-missing, function-missing

interface CommentedRotation {
  file: string;
  line: number;
  name: string;
}

const COMMENTED_ROTATION = /resource\s+"aws_secretsmanager_secret_rotation"\s+"([^"]+)"/;
const SECRET_REFERENCE = /aws_secretsmanager_secret\.([A-Za-z_][A-Za-z0-9_-]*)/;

/** Rotation resources inside comments, by the secret they name (or the only secret). */
function commentedRotations(ctx: Context): Map<string, CommentedRotation> {
  const found = new Map<string, CommentedRotation>();
  const comments = ctx.project.comments;
  for (let i = 0; i < comments.length; i++) {
    const comment = comments[i]!;
    const match = COMMENTED_ROTATION.exec(comment.text);
    if (!match) continue;
    // The secret it names is in this comment or in the comment lines that follow it.
    let text = comment.text.slice(match.index);
    for (let j = i + 1; j < comments.length && j < i + 30 && comments[j]!.file === comment.file; j++) {
      if (COMMENTED_ROTATION.test(comments[j]!.text)) break;
      text += `\n${comments[j]!.text}`;
    }
    const secretName = SECRET_REFERENCE.exec(text)?.[1];
    const candidates = ctx.secrets.filter((target) => target.block !== null);
    const target = secretName !== undefined ? candidates.find((t) => t.block!.name === secretName) : candidates.length === 1 ? candidates[0] : undefined;
    if (target && !found.has(target.key)) found.set(target.key, { file: comment.file, line: comment.line, name: match[1]! });
  }
  return found;
}

function rotationMissing(ctx: Context, target: SecretTarget, commented: Map<string, CommentedRotation>, databaseSecret: boolean): Finding[] {
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

function functionMissing(ctx: Context, target: SecretTarget, databaseSecret: boolean): Finding[] {
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

// ---------------------------------------------------------------------------------------------------
// invoke-permission-missing, invoke-permission-unscoped, rotation-before-permission

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

function invokePermission(ctx: Context, target: SecretTarget, fn: TfBlock, permissions: TfBlock[]): Finding[] {
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

function noFunctionPermission(target: SecretTarget): Finding {
  return finding(
    "invoke-permission-missing",
    "error",
    at(target.block!),
    `Nothing lets Secrets Manager invoke a rotation function for ${target.label}`,
    "Secrets Manager calls the rotation function as secretsmanager.amazonaws.com, which a function accepts only with an aws_lambda_permission for that principal. These files declare none (and no function), so a rotation would be denied.",
    `With the function in place, add:\n\n${hcl(permissionSnippet("aws_lambda_function.rotation", target))}`,
  );
}

function unscopedPermission(target: SecretTarget, permission: TfBlock): Finding[] {
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

function rotationOrder(ctx: Context, rotation: RotationInfo, fn: TfBlock, permissions: TfBlock[]): Finding[] {
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

// ---------------------------------------------------------------------------------------------------
// iam-action-missing

const SECRET_ACTIONS: ReadonlyArray<[string, string]> = [
  ["secretsmanager:DescribeSecret", "reads the secret's rotation settings and version labels"],
  ["secretsmanager:GetSecretValue", "reads the current and the pending password"],
  ["secretsmanager:PutSecretValue", "stores the new password as AWSPENDING (createSecret)"],
  ["secretsmanager:UpdateSecretVersionStage", "moves AWSCURRENT to the new password (finishSecret)"],
];

interface MissingAction {
  action: string;
  why: string;
  severity: Severity;
  resource: string;
}

function isAwsManagedKey(text: string | null): boolean {
  return text !== null && /(^|:)alias\/aws\/secretsmanager$/.test(text);
}

function iamActions(ctx: Context, target: SecretTarget, fn: TfBlock): Finding[] {
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

function missingActionFindings(role: TfBlock | null, fn: TfBlock | null, target: SecretTarget, missing: MissingAction[], unreadable: string[]): Finding[] {
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

// ---------------------------------------------------------------------------------------------------
// AWS's template as a stack: network and KMS parameters

function stackParameters(stack: TfBlock): Map<string, Expr> {
  const parameters = attributeOf(stack, "parameters")?.expr;
  const map = new Map<string, Expr>();
  if (parameters?.kind !== "object") return map;
  for (const item of parameters.items) {
    const key = item.key.kind === "traversal" && item.key.steps.length === 0 ? item.key.root : stringValue(stack.module, item.key);
    if (key !== null) map.set(key, item.value);
  }
  return map;
}

function stackChecks(ctx: Context, target: SecretTarget, stack: TfBlock, checked: Set<TfBlock>): Finding[] {
  const findings: Finding[] = [];
  const parameters = stackParameters(stack);
  const kmsText = target.kms ? stringValue(target.kms.module, target.kms.expr) : (target.describe?.kmsKeyId ?? null);
  if ((target.kms || target.describe?.kmsKeyId) && !isAwsManagedKey(kmsText) && !parameters.has("kmsKeyArn")) {
    findings.push(
      finding(
        "iam-action-missing",
        "error",
        at(stack, attributeOf(stack, "parameters")?.line),
        `${stack.address} deploys AWS's template without kmsKeyArn, so its role may not use the secret's KMS key`,
        `${target.label} is encrypted with a customer managed key. AWS's rotation template grants kms:Decrypt and kms:GenerateDataKey only on the key given as its kmsKeyArn parameter, so every step that reads or writes the secret fails.`,
        `Pass the key to the template:\n\n${hcl(`kmsKeyArn = ${target.kms ? exprText(target.kms.expr) : quoted(kmsText ?? "")}`)}\n\n(in the stack's parameters).`,
      ),
    );
  }
  if (checked.has(stack)) return findings;
  checked.add(stack);
  const subnets = parameters.get("vpcSubnetIds");
  const subnetText = subnets ? stringValue(stack.module, subnets) : null;
  if (!subnets || subnetText === "") {
    const severity = privateDatabase(target) ? "error" : "warning";
    findings.push(
      finding(
        "function-not-in-vpc",
        severity,
        at(stack, attributeOf(stack, "parameters")?.line),
        `${stack.address} deploys AWS's rotation function outside your VPC (no vpcSubnetIds)`,
        "Without vpcSubnetIds and vpcSecurityGroupIds, AWS's template creates the function outside any VPC, where it reaches only publicly accessible databases. A database in private subnets is out of reach: setSecret times out.",
        `Pass the subnets and security groups that reach the database:\n\n${hcl(`vpcSubnetIds        = join(",", var.subnet_ids)\nvpcSecurityGroupIds = join(",", var.security_group_ids)`)}\n\n(in the stack's parameters).`,
      ),
    );
  } else if (!parameters.has("endpoint") && !routeVisible(ctx)) {
    findings.push(noRouteFinding(at(stack, attributeOf(stack, "parameters")?.line), stack.address, "var.subnet_ids"));
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------
// function-not-in-vpc, no-secretsmanager-route, db-port-closed

const DATABASE_ENGINE_PORTS: ReadonlyArray<[RegExp, number]> = [
  [/postgres/, 5432],
  [/mysql|maria/, 3306],
  [/sqlserver/, 1433],
  [/oracle/, 1521],
  [/db2/, 50000],
  [/redshift/, 5439],
  [/docdb|mongo/, 27017],
];

function privateDatabase(target: SecretTarget): boolean {
  const db = target.database;
  if (!db) return false;
  if (db.type === "aws_docdb_cluster") return true;
  const publicFlag = boolValue(db.module, attributeOf(db, "publicly_accessible")?.expr);
  if (db.type === "aws_rds_cluster") return true;
  return publicFlag !== true && (attributeOf(db, "publicly_accessible") === undefined || publicFlag === false);
}

function networkOf(ctx: Context, target: SecretTarget, fn: TfBlock): Finding[] {
  if (fn.body.blocks.some((b) => b.type === "dynamic")) return [];
  const vpc = vpcConfig(fn);
  const subnets = vpc?.body.attributes.find((a) => a.name === "subnet_ids");
  const list = subnets ? stringList(fn.module, subnets.expr) : null;
  if (!vpc || !subnets || (list !== null && list.complete && list.items.length === 0)) {
    const severity = privateDatabase(target) ? "error" : "warning";
    const database = target.database ? `${target.database.address} is not publicly accessible, so ` : "If the database is in private subnets (the usual case, and RDS's default), ";
    return [
      finding(
        "function-not-in-vpc",
        severity,
        at(fn),
        `${fn.address} runs outside your VPC: it has no vpc_config`,
        `A Lambda function without vpc_config runs in AWS's network and reaches only endpoints on the internet. ${database}setSecret cannot reach it: the rotation fails after a timeout.`,
        `Run the function in subnets that reach the database, with a security group the database admits:\n\n${hcl(renderBlock("vpc_config", [["subnet_ids", "var.subnet_ids"], ["security_group_ids", "[aws_security_group.rotation.id]"]]))}\n\n(inside ${fn.address}; the role then needs the network-interface actions, for example the AWSLambdaVPCAccessExecutionRole policy).`,
      ),
    ];
  }
  const environment = nestedBlocks(fn.body, "environment")[0];
  const variables = environment?.body.attributes.find((a) => a.name === "variables");
  const value = variables ? evaluate(fn.module, variables.expr) : null;
  const hasEndpoint =
    (variables?.expr.kind === "object" && variables.expr.items.some((item) => item.key.kind === "traversal" && item.key.root === "SECRETS_MANAGER_ENDPOINT")) ||
    (value !== null && typeof value === "object" && !Array.isArray(value) && "SECRETS_MANAGER_ENDPOINT" in value) ||
    (variables !== undefined && variables.expr.kind !== "object" && !(value !== null && typeof value === "object"));
  if (hasEndpoint || routeVisible(ctx)) return [];
  return [noRouteFinding(at(fn, vpc.line), fn.address, exprText(subnets.expr))];
}

function noRouteFinding(where: Where, fnAddress: string, subnets: string): Finding {
  const endpoint = resourceBlock("resource", "aws_vpc_endpoint", "secretsmanager", [
    ["vpc_id", "var.vpc_id"],
    ["service_name", '"com.amazonaws.${data.aws_region.current.region}.secretsmanager"'],
    ["vpc_endpoint_type", quoted("Interface")],
    ["private_dns_enabled", "true"],
    ["subnet_ids", subnets],
    ["security_group_ids", "[aws_security_group.secretsmanager_endpoint.id]"],
  ]);
  return finding(
    "no-secretsmanager-route",
    "warning",
    where,
    `${fnAddress} runs in a VPC, and nothing here shows how it reaches the Secrets Manager API`,
    "A function in a VPC has no internet access of its own. Every rotation step calls the Secrets Manager API, so without an interface endpoint for Secrets Manager (with private DNS) or a NAT gateway the calls time out: the log shows nothing after \"Found credentials in environment variables\", then \"Task timed out\". If the VPC already has either outside this Terraform, nothing is wrong.",
    `Add an interface endpoint whose security group admits HTTPS (443) from the function, or route the subnets through a NAT gateway:\n\n${hcl(endpoint)}`,
  );
}

/** Anything in the project that gives a VPC a way to the Secrets Manager API. */
function routeVisible(ctx: Context): boolean {
  return memo(ctx.project, "route-visible", () => findRoute(ctx));
}

function findRoute(ctx: Context): boolean {
  const project = ctx.project;
  for (const endpoint of resourcesOf(project, "aws_vpc_endpoint")) {
    if (endpoint.opaque) return true;
    const service = attributeOf(endpoint, "service_name");
    if (!service || literalStrings(endpoint.module, service.expr).some((text) => text.includes("secretsmanager"))) return true;
  }
  if (resourcesOf(project, "aws_nat_gateway").length > 0) return true;
  for (const route of resourcesOf(project, "aws_route")) if (attributeOf(route, "nat_gateway_id") || attributeOf(route, "gateway_id")) return true;
  for (const table of resourcesOf(project, "aws_route_table")) {
    for (const route of nestedBlocks(table.body, "route")) if (route.body.attributes.some((a) => a.name === "nat_gateway_id" || a.name === "gateway_id")) return true;
  }
  // A VPC module (terraform-aws-modules/vpc and the like) usually brings NAT gateways and endpoints.
  for (const block of project.blocks) {
    if (block.kind !== "module") continue;
    const source = attributeOf(block, "source");
    if (source && literalStrings(block.module, source.expr).some((text) => /vpc|network|endpoint/i.test(text))) return true;
  }
  return false;
}

function securityGroupsOf(module: ModuleDir, expr: Expr | undefined): { groups: TfBlock[]; complete: boolean } {
  if (!expr) return { groups: [], complete: false };
  const items = expr.kind === "tuple" ? expr.items : [expr];
  const groups: TfBlock[] = [];
  let complete = true;
  for (const item of items) {
    const group = referencedBlocks(module, item).find((ref) => ref.block.kind === "resource" && ref.block.type === "aws_security_group");
    if (group) groups.push(group.block);
    else complete = false;
  }
  return { groups, complete };
}

function databasePortOf(target: SecretTarget, db: TfBlock): number | null {
  const port = numberValue(db.module, attributeOf(db, "port")?.expr);
  if (port !== null) return port;
  const engine = stringValue(db.module, attributeOf(db, "engine")?.expr) ?? (db.type.startsWith("aws_redshift") ? "redshift" : db.type.startsWith("aws_docdb") ? "docdb" : null);
  const fromSecret = target.fields.get("port")?.value;
  if (typeof fromSecret === "number") return fromSecret;
  if (typeof fromSecret === "string" && /^\d+$/.test(fromSecret)) return Number(fromSecret);
  if (engine === null) return null;
  return DATABASE_ENGINE_PORTS.find(([pattern]) => pattern.test(engine))?.[1] ?? null;
}

interface RuleSide {
  /** The rule admits the other group (or an address range). */
  peer: (module: ModuleDir, other: TfBlock[]) => boolean;
  covers: (port: number) => boolean;
}

function portRange(module: ModuleDir, from: Expr | undefined, to: Expr | undefined, protocol: Expr | undefined): (port: number) => boolean {
  const proto = protocol ? stringValue(module, protocol) : "tcp";
  if (proto === "-1" || proto === "all") return () => true;
  if (proto !== null && proto !== "tcp" && proto !== "6") return () => false;
  const low = from ? numberValue(module, from) : null;
  const high = to ? numberValue(module, to) : low;
  return (port) => (low === null || low <= port) && (high === null || port <= high);
}

/** Rules of a security group in one direction, from inline blocks and separate rule resources. */
function rulesOf(ctx: Context, group: TfBlock, direction: "ingress" | "egress"): RuleSide[] {
  const rules: RuleSide[] = [];
  const peerFrom = (module: ModuleDir, groupsExpr: Expr | undefined, cidrs: Array<Expr | undefined>, self: boolean) => (_: ModuleDir, other: TfBlock[]) => {
    if (self && other.includes(group)) return true;
    if (cidrs.some((cidr) => cidr !== undefined)) return true;
    if (!groupsExpr) return false;
    const refs = referencedBlocks(module, groupsExpr).map((ref) => ref.block);
    // A peer we cannot resolve (each.value over a variable, a literal id) may be the other group.
    if (!refs.some((b) => b.type === "aws_security_group")) return true;
    return refs.some((b) => other.includes(b));
  };
  for (const block of nestedBlocks(group.body, direction)) {
    const get = (name: string) => block.body.attributes.find((a) => a.name === name)?.expr;
    rules.push({
      peer: peerFrom(group.module, get("security_groups"), [get("cidr_blocks"), get("ipv6_cidr_blocks"), get("prefix_list_ids")], boolValue(group.module, get("self")) === true),
      covers: portRange(group.module, get("from_port"), get("to_port"), get("protocol")),
    });
  }
  for (const rule of indexByReference(ctx.project, ["aws_security_group_rule"], "security_group_id").byBlock.get(group) ?? []) {
    const get = (name: string) => attributeOf(rule, name)?.expr;
    if (stringValue(rule.module, get("type")) !== direction) continue;
    rules.push({
      peer: peerFrom(rule.module, get("source_security_group_id"), [get("cidr_blocks"), get("ipv6_cidr_blocks"), get("prefix_list_ids")], boolValue(rule.module, get("self")) === true),
      covers: portRange(rule.module, get("from_port"), get("to_port"), get("protocol")),
    });
  }
  for (const rule of indexByReference(ctx.project, [direction === "ingress" ? "aws_vpc_security_group_ingress_rule" : "aws_vpc_security_group_egress_rule"], "security_group_id").byBlock.get(group) ?? []) {
    const get = (name: string) => attributeOf(rule, name)?.expr;
    rules.push({
      peer: peerFrom(rule.module, get("referenced_security_group_id"), [get("cidr_ipv4"), get("cidr_ipv6"), get("prefix_list_id")], false),
      covers: portRange(rule.module, get("from_port"), get("to_port"), get("ip_protocol")),
    });
  }
  return rules;
}

function databasePort(ctx: Context, target: SecretTarget, fn: TfBlock): Finding[] {
  const db = target.database;
  if (!db || db.opaque) return [];
  const vpc = vpcConfig(fn);
  if (!vpc) return [];
  const fnGroups = securityGroupsOf(fn.module, vpc.body.attributes.find((a) => a.name === "security_group_ids")?.expr);
  const dbGroups = securityGroupsOf(db.module, attributeOf(db, "vpc_security_group_ids")?.expr);
  if (!fnGroups.complete || !dbGroups.complete || fnGroups.groups.length === 0 || dbGroups.groups.length === 0) return [];
  if (hasOpaqueBlocks(ctx.project, "aws_security_group_rule") || hasOpaqueBlocks(ctx.project, "aws_vpc_security_group_ingress_rule")) return [];
  const port = databasePortOf(target, db);
  if (port === null) return [];
  const ingress = dbGroups.groups.some((group) => rulesOf(ctx, group, "ingress").some((rule) => rule.covers(port) && rule.peer(db.module, fnGroups.groups)));
  const egress = fnGroups.groups.some((group) => rulesOf(ctx, group, "egress").some((rule) => rule.covers(port) && rule.peer(fn.module, dbGroups.groups)));
  if (ingress && egress) return [];
  const dbGroup = dbGroups.groups[0]!;
  const fnGroup = fnGroups.groups[0]!;
  const missing = [!ingress && `${dbGroup.address} admits nothing from ${fnGroup.address} on port ${port}`, !egress && `${fnGroup.address} lets nothing out to the database on port ${port} (a security group Terraform creates has no outbound rule unless you write one)`].filter(Boolean);
  const snippets = [
    !ingress &&
      resourceBlock("resource", "aws_vpc_security_group_ingress_rule", "database_from_rotation", [
        ["security_group_id", `${dbGroup.address}.id`],
        ["referenced_security_group_id", `${fnGroup.address}.id`],
        ["ip_protocol", quoted("tcp")],
        ["from_port", String(port)],
        ["to_port", String(port)],
      ]),
    !egress &&
      resourceBlock("resource", "aws_vpc_security_group_egress_rule", "rotation_to_database", [
        ["security_group_id", `${fnGroup.address}.id`],
        ["referenced_security_group_id", `${dbGroup.address}.id`],
        ["ip_protocol", quoted("tcp")],
        ["from_port", String(port)],
        ["to_port", String(port)],
      ]),
  ].filter((s): s is string => typeof s === "string");
  return [
    finding(
      "db-port-closed",
      "error",
      at(ingress ? fnGroup : dbGroup),
      `${fn.address} cannot reach ${db.address} on port ${port}`,
      `Security groups drop what no rule allows: ${missing.join("; ")}. setSecret cannot connect to the database, so every rotation fails.`,
      `Open the database port between the two groups:\n\n${hcl(snippets.join("\n\n"))}`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------
// runtime-deprecated

function runtimeOf(ctx: Context, fn: TfBlock): Finding[] {
  const attribute = attributeOf(fn, "runtime");
  const runtime = stringValue(fn.module, attribute?.expr);
  if (runtime === null) return [];
  const status = runtimeStatus(runtime, ctx.now);
  if (status.kind === "deprecated") {
    return [
      finding(
        "runtime-deprecated",
        "warning",
        at(fn, attribute?.line),
        `${fn.address} uses ${runtime}, which Lambda deprecated on ${status.since}`,
        "Lambda still runs functions on a deprecated runtime, but no longer patches it, then blocks creating and later updating functions that use it: a later apply that changes the function fails, in the middle of a fix.",
        `Move to a supported runtime (and rebuild the package for it):\n\n${hcl(`runtime = "${SUGGESTED_RUNTIME}"`)}`,
      ),
    ];
  }
  if (status.kind === "soon") {
    return [
      finding(
        "runtime-deprecated",
        "info",
        at(fn, attribute?.line),
        `${fn.address} uses ${runtime}, which Lambda deprecates on ${status.on}`,
        "After that date Lambda stops patching the runtime, then blocks creating and updating functions that use it.",
        `Plan the move to a newer runtime:\n\n${hcl(`runtime = "${SUGGESTED_RUNTIME}"`)}`,
      ),
    ];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------
// schedule-invalid

function scheduleOf(_ctx: Context, rotation: RotationInfo): Finding[] {
  const block = rotation.block;
  if (block.opaque) return [];
  if (block.body.blocks.some((b) => b.type === "dynamic")) return [];
  const rules = nestedBlocks(block.body, "rotation_rules")[0];
  const fail = (line: number, title: string, why: string, fix: string) => [finding("schedule-invalid", "error", at(block, line), title, why, fix)];
  const example = hcl(renderBlock("rotation_rules", [["automatically_after_days", "30"]]));
  if (!rules) {
    if (rotation.legacy) return [];
    return fail(block.line, `${block.address} has no rotation_rules`, "A rotation needs a schedule: rotation_rules with automatically_after_days or schedule_expression. Without it Terraform refuses the resource and rotation is never turned on.", `Add a schedule:\n\n${example}`);
  }
  const get = (name: string) => rules.body.attributes.find((a) => a.name === name);
  const days = get("automatically_after_days");
  const expression = get("schedule_expression");
  const duration = get("duration");
  if (days && expression) {
    return fail(rules.line, `${block.address} sets both automatically_after_days and schedule_expression`, "Secrets Manager takes one schedule: a number of days or an expression. RotateSecret rejects rules with both, so the apply fails.", `Keep one of them, for example:\n\n${example}`);
  }
  if (!days && !expression) {
    return fail(rules.line, `${block.address} has rotation_rules without a schedule`, "rotation_rules needs automatically_after_days or schedule_expression; with neither, Secrets Manager has no schedule and rejects the rules.", `Give it one:\n\n${example}`);
  }
  let shape = null;
  if (days) {
    const value = numberValue(block.module, days.expr);
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > 1000)) {
      return fail(days.line, `${block.address} rotates every ${value} days; AWS allows 1 to 1000`, "Secrets Manager accepts automatically_after_days from 1 to 1000 only, so the apply fails.", `Use a whole number of days from 1 to 1000:\n\n${example}`);
    }
    if (value !== null) shape = checkScheduleExpression(`rate(${value} ${value === 1 ? "day" : "days"})`);
  }
  if (expression) {
    const text = stringValue(block.module, expression.expr);
    if (text !== null) {
      const check = checkScheduleExpression(text.trim());
      if (!check.ok) {
        return fail(expression.line, `${block.address} has a schedule AWS rejects: ${text}`, `The schedule expression ${check.message}. RotateSecret rejects it, so rotation is never turned on.`, `Use rate(N days), rate(N hours) (4 to 23) or cron(0 H DOM MON DOW *), for example:\n\n${hcl(renderBlock("rotation_rules", [["schedule_expression", quoted("cron(0 4 ? * SUN *)")]]))}`);
      }
      shape = check;
    }
  }
  if (duration) {
    const text = stringValue(block.module, duration.expr);
    if (text !== null) {
      const match = /^([1-9]|1\d|2[0-4])h$/.exec(text.trim());
      if (!match) {
        return fail(duration.line, `${block.address} has a rotation window AWS rejects: ${text}`, "duration is a number of hours from 1h to 24h, like 3h. RotateSecret rejects any other value.", `For example:\n\n${hcl(`duration = "3h"`)}`);
      }
      if (shape?.ok) {
        const problem = checkWindowFits(Number(match[1]), shape.shape);
        if (problem) return fail(duration.line, `${block.address}: ${problem}`, `Secrets Manager requires the rotation window to end before the next one opens and before the end of the UTC day; ${problem}.`, "Shorten the window or space the rotations further apart.");
      }
    }
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------
// rotation-reverted (per secret), password-in-state and no-failure-alert (project)

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

function secretValue(ctx: Context, target: SecretTarget): Finding[] {
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

function passwordsInState(ctx: Context): Finding[] {
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

function failureAlerts(ctx: Context): Finding[] {
  const rotations = ctx.secrets.flatMap((target) => target.rotations);
  if (rotations.length === 0) return [];
  const project = ctx.project;
  const eventRule = resourcesOf(project, "aws_cloudwatch_event_rule").some((rule) => {
    if (rule.opaque) return true;
    const pattern = attributeOf(rule, "event_pattern");
    return pattern !== undefined && literalStrings(rule.module, pattern.expr).some((text) => /RotationFailed|aws\.secretsmanager/.test(text));
  });
  const alarm = resourcesOf(project, "aws_cloudwatch_metric_alarm").some((a) => a.opaque || stringValue(a.module, attributeOf(a, "namespace")?.expr) === "AWS/Lambda");
  if (eventRule || alarm) return [];
  const first = rotations[0]!;
  const snippet = [
    resourceBlock("resource", "aws_cloudwatch_event_rule", "rotation_failed", [
      ["name", quoted("secret-rotation-failed")],
      ["event_pattern", 'jsonencode({\n  source        = ["aws.secretsmanager"]\n  "detail-type" = ["AWS Service Event via CloudTrail"]\n  detail        = { eventName = ["RotationFailed"] }\n})'],
    ]),
    resourceBlock("resource", "aws_cloudwatch_event_target", "rotation_failed", [
      ["rule", "aws_cloudwatch_event_rule.rotation_failed.name"],
      ["arn", "aws_sns_topic.alerts.arn"],
    ]),
  ].join("\n\n");
  return [
    finding(
      "no-failure-alert",
      "info",
      at(first.block),
      "Nothing alerts you when a rotation fails",
      "Secrets Manager records every failed rotation (RotationFailed), and Lambda counts the function's errors, but nothing here watches either: a broken rotation goes unnoticed until an audit finds an old password.",
      `Send RotationFailed events to a topic you read (and alarm on the function's Errors):\n\n${hcl(snippet)}`,
    ),
  ];
}

/** Findings for a database secret that has no function at all: its role and permission are missing too. */
function noFunctionFindings(ctx: Context): Finding[] {
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
