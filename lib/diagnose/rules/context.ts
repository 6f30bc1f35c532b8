import type { Expr } from "../hcl/ast";
import type { DescribeInfo } from "../live-input";
import { attributeOf, dataOf, nestedBlocks, resourcesOf, type ModuleDir, type Project, type TfBlock } from "../terraform/project";
import { DependencyGraph, indexByReference, missingReferences, referencedBlocks } from "../terraform/references";
import { exprText } from "../terraform/text";
import { evaluate, isObject, stringValue, Unknown, type Value } from "../terraform/values";

/**
 * The rotation setups of a project, found once for every rule: each secret, the rotations that name it,
 * the function each rotation calls, the secret's JSON and KMS key, and the database it belongs to.
 */

export interface Where {
  file: string | null;
  line: number | null;
}

export type FunctionRef =
  | { kind: "none" }
  | { kind: "lambda"; block: TfBlock }
  /** AWS's template deployed as a stack (SAR or CloudFormation): the stack brings role and permission. */
  | { kind: "stack"; block: TfBlock }
  | { kind: "external"; label: string; arn: string | null }
  | { kind: "dangling"; address: string };

export interface RotationInfo {
  block: TfBlock;
  /** A legacy aws_secretsmanager_secret with rotation_lambda_arn set on itself. */
  legacy: boolean;
  fn: FunctionRef;
  lambdaArnLine: number | null;
}

export interface SecretField {
  value: Value;
  expr: Expr | null;
  module: ModuleDir;
}

export interface SecretTarget {
  key: string;
  /** The aws_secretsmanager_secret that Terraform creates, or null for a secret made elsewhere. */
  block: TfBlock | null;
  /** How to name it in messages and in HCL: `aws_secretsmanager_secret.x.arn` or the expression used. */
  label: string;
  refText: string;
  where: Where;
  rotations: RotationInfo[];
  versions: TfBlock[];
  fields: Map<string, SecretField>;
  kms: { expr: Expr; module: ModuleDir } | null;
  /** The expression rotations use for an external secret (to match IAM resources). */
  idExpr: { expr: Expr; module: ModuleDir } | null;
  literalArn: string | null;
  name: string | null;
  namePrefix: string | null;
  /** The database service that manages the secret, when certain. */
  managedBy: string | null;
  /** Terraform creates the secret, so no database service manages it. */
  createdHere: boolean;
  database: TfBlock | null;
  describe: DescribeInfo | null;
}

export interface Context {
  project: Project;
  graph: DependencyGraph;
  secrets: SecretTarget[];
  describe: DescribeInfo | null;
  now: Date;
}

const MANAGED_NAME = /:secret:(rds|redshift|docdb|documentdb)!/i;
const DATABASE_TYPES = ["aws_db_instance", "aws_rds_cluster", "aws_redshift_cluster", "aws_docdb_cluster", "aws_redshiftserverless_namespace"];

export function buildContext(project: Project, describe: DescribeInfo | null, now: Date): Context {
  const graph = new DependencyGraph(project);
  const targets = new Map<string, SecretTarget>();
  const databases = DATABASE_TYPES.flatMap((type) => resourcesOf(project, type));

  for (const block of resourcesOf(project, "aws_secretsmanager_secret")) {
    const key = `block:${block.module.path}::${block.address}`;
    targets.set(key, {
      key,
      block,
      label: block.address,
      refText: `${block.address}.arn`,
      where: { file: block.file, line: block.line },
      rotations: [],
      versions: [],
      fields: new Map(),
      kms: attributeOf(block, "kms_key_id") ? { expr: attributeOf(block, "kms_key_id")!.expr, module: block.module } : null,
      idExpr: null,
      literalArn: null,
      name: stringValue(block.module, attributeOf(block, "name")?.expr),
      namePrefix: stringValue(block.module, attributeOf(block, "name_prefix")?.expr),
      managedBy: null,
      createdHere: true,
      database: null,
      describe: null,
    });
    // Provider versions before 2.x rotated from the secret itself.
    const legacy = attributeOf(block, "rotation_lambda_arn");
    if (legacy) {
      targets.get(key)!.rotations.push({ block, legacy: true, fn: resolveFunction(project, block.module, legacy.expr, 0), lambdaArnLine: legacy.line });
    }
  }

  const targetFor = (module: ModuleDir, expr: Expr, where: Where): SecretTarget => {
    const refs = referencedBlocks(module, expr);
    const secret = refs.find((ref) => ref.block.kind === "resource" && ref.block.type === "aws_secretsmanager_secret");
    if (secret) {
      const found = targets.get(`block:${secret.block.module.path}::${secret.block.address}`);
      if (found) return found;
    }
    const database = refs.find((ref) => ref.block.kind === "resource" && DATABASE_TYPES.includes(ref.block.type));
    const dataSecret = refs.find((ref) => ref.block.kind === "data" && ref.block.type === "aws_secretsmanager_secret");
    const literal = stringValue(module, expr);
    const text = exprText(expr);
    const key = database ? `db:${database.block.address}` : dataSecret ? `data:${dataSecret.block.address}` : literal !== null ? `arn:${literal}` : `expr:${module.path}::${text}`;
    let target = targets.get(key);
    if (!target) {
      const managedByDatabase = database ? serviceOf(database.block.type) : null;
      target = {
        key,
        block: null,
        label: literal ?? text,
        refText: text,
        where,
        rotations: [],
        versions: [],
        fields: new Map(),
        kms: null,
        idExpr: { expr, module },
        literalArn: literal,
        name: dataSecret ? stringValue(dataSecret.block.module, attributeOf(dataSecret.block, "name")?.expr) : null,
        namePrefix: null,
        managedBy: managedByDatabase ?? (literal !== null ? (MANAGED_NAME.exec(literal)?.[1]?.toLowerCase() ?? null) : null),
        createdHere: false,
        database: database?.block ?? null,
        describe: null,
      };
      targets.set(key, target);
    }
    return target;
  };

  for (const rotation of resourcesOf(project, "aws_secretsmanager_secret_rotation")) {
    const secretId = attributeOf(rotation, "secret_id");
    const where = { file: rotation.file, line: rotation.line };
    if (!secretId) continue;
    const target = targetFor(rotation.module, secretId.expr, where);
    const lambdaArn = attributeOf(rotation, "rotation_lambda_arn");
    target.rotations.push({
      block: rotation,
      legacy: false,
      fn: lambdaArn ? resolveFunction(project, rotation.module, lambdaArn.expr, 0) : { kind: "none" },
      lambdaArnLine: lambdaArn?.line ?? null,
    });
  }
  for (const version of resourcesOf(project, "aws_secretsmanager_secret_version")) {
    const secretId = attributeOf(version, "secret_id");
    if (!secretId) continue;
    const target = targetFor(version.module, secretId.expr, { file: version.file, line: version.line });
    target.versions.push(version);
    for (const name of ["secret_string_wo", "secret_string"]) {
      const value = attributeOf(version, name);
      if (value) readSecretJson(version.module, value.expr, target.fields);
    }
  }

  for (const target of targets.values()) {
    target.database ??= databaseOf(target, databases);
  }
  const secrets = [...targets.values()];
  if (describe) {
    const matching = secrets.filter((target) => describesTarget(describe, target));
    const chosen = matching.length === 1 ? matching[0]! : secrets.length === 1 ? secrets[0]! : null;
    if (chosen) {
      chosen.describe = describe;
      if (describe.owningService) chosen.managedBy ??= describe.owningService;
    }
  }
  return { project, graph, secrets, describe, now };
}

function serviceOf(type: string): string {
  if (type.startsWith("aws_redshift")) return "redshift";
  if (type.startsWith("aws_docdb")) return "docdb";
  return "rds";
}

function describesTarget(describe: DescribeInfo, target: SecretTarget): boolean {
  if (describe.arn && target.literalArn) return describe.arn === target.literalArn || describe.arn.startsWith(`${target.literalArn}-`);
  if (describe.name && target.name) return describe.name === target.name;
  if (describe.name && target.namePrefix) return describe.name.startsWith(target.namePrefix);
  return false;
}

/** The secret's JSON keys, when Terraform writes it as jsonencode({...}) or as JSON text. */
function readSecretJson(module: ModuleDir, expr: Expr, fields: Map<string, SecretField>) {
  let inner = expr;
  if (inner.kind === "template" && inner.parts.length === 1 && typeof inner.parts[0] === "object" && !("directive" in inner.parts[0])) inner = inner.parts[0];
  if (inner.kind === "call" && inner.name === "jsonencode" && inner.args[0]?.kind === "object") {
    for (const item of inner.args[0].items) {
      const key = item.key.kind === "traversal" && item.key.steps.length === 0 ? item.key.root : stringValue(module, item.key);
      if (key !== null && !fields.has(key)) fields.set(key, { value: evaluate(module, item.value), expr: item.value, module });
    }
    return;
  }
  const value = evaluate(module, inner);
  let json: Value = value;
  if (typeof value === "string") {
    try {
      json = JSON.parse(value) as Value;
    } catch {
      return;
    }
  }
  if (isObject(json)) for (const [key, item] of Object.entries(json)) if (!fields.has(key)) fields.set(key, { value: item, expr: null, module });
}

function databaseOf(target: SecretTarget, databases: TfBlock[]): TfBlock | null {
  const host = target.fields.get("host");
  if (host?.expr) {
    const ref = referencedBlocks(host.module, host.expr).find((r) => DATABASE_TYPES.includes(r.block.type) || r.block.type === "aws_rds_cluster_instance");
    if (ref) return ref.block;
  }
  return databases.length === 1 ? databases[0]! : null;
}

const STACK_TYPES = new Set(["aws_serverlessapplicationrepository_cloudformation_stack", "aws_cloudformation_stack"]);

/** What a rotation_lambda_arn names: a function of this Terraform, AWS's template stack, or something else. */
export function resolveFunction(project: Project, module: ModuleDir, expr: Expr, depth: number): FunctionRef {
  const refs = referencedBlocks(module, expr);
  const lambda = refs.find((ref) => ref.block.kind === "resource" && ref.block.type === "aws_lambda_function");
  if (lambda) return { kind: "lambda", block: lambda.block };
  const alias = refs.find((ref) => ref.block.kind === "resource" && ref.block.type === "aws_lambda_alias");
  if (alias && depth < 5) {
    const name = attributeOf(alias.block, "function_name");
    if (name) {
      const inner = resolveFunction(project, alias.block.module, name.expr, depth + 1);
      if (inner.kind === "lambda") return inner;
    }
  }
  const stack = refs.find((ref) => ref.block.kind === "resource" && STACK_TYPES.has(ref.block.type));
  if (stack) return { kind: "stack", block: stack.block };
  const moduleRef = refs.find((ref) => ref.block.kind === "module");
  if (moduleRef && depth < 5) {
    const target = project.moduleTargets.get(moduleRef.block);
    const first = moduleRef.steps[0];
    const output = target && first && "attr" in first ? target.blocks.get(`output.${first.attr}`) : undefined;
    const value = output ? attributeOf(output, "value") : undefined;
    if (value && target) return resolveFunction(project, target, value.expr, depth + 1);
    return { kind: "external", label: exprText(expr), arn: null };
  }
  const missing = missingReferences(module, expr);
  if (missing.length > 0) return { kind: "dangling", address: missing[0]! };
  const value = evaluate(module, expr);
  return { kind: "external", label: exprText(expr), arn: typeof value === "string" ? value : null };
}

/** The function's role block, when the Terraform creates it. */
export function roleOf(fn: TfBlock): TfBlock | null {
  const role = attributeOf(fn, "role");
  if (!role) return null;
  return referencedBlocks(fn.module, role.expr).find((ref) => ref.block.kind === "resource" && ref.block.type === "aws_iam_role")?.block ?? null;
}

/** Lambda permissions that let Secrets Manager invoke this function. */
export function invokePermissions(project: Project, fn: TfBlock): TfBlock[] {
  const { byBlock, byText } = indexByReference(project, ["aws_lambda_permission"], "function_name");
  const functionName = stringValue(fn.module, attributeOf(fn, "function_name")?.expr);
  const candidates = [...(byBlock.get(fn) ?? []), ...(functionName !== null ? (byText.get(functionName) ?? []) : [])];
  if (functionName !== null) for (const [text, list] of byText) if (text.endsWith(`:function:${functionName}`)) candidates.push(...list);
  return [...new Set(candidates)].filter((permission) => {
    if (permission.opaque) return false;
    const principal = stringValue(permission.module, attributeOf(permission, "principal")?.expr);
    if (principal === null || !/^secretsmanager\.amazonaws\.com(\.cn)?$/.test(principal)) return false;
    const action = stringValue(permission.module, attributeOf(permission, "action")?.expr);
    return action === null || /^(lambda:InvokeFunction|lambda:\*|\*)$/i.test(action);
  });
}

/** Lambda functions that look like a rotation function without any rotation naming them. */
export function unclaimedRotationFunctions(project: Project): TfBlock[] {
  return resourcesOf(project, "aws_lambda_function").filter((fn) => !fn.opaque && invokePermissions(project, fn).length > 0);
}

export function hasOpaqueBlocks(project: Project, type: string): boolean {
  return resourcesOf(project, type).some((block) => block.opaque);
}

export function vpcConfig(fn: TfBlock) {
  return nestedBlocks(fn.body, "vpc_config")[0] ?? null;
}

export { dataOf, Unknown };
