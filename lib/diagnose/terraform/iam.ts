import type { Expr } from "../hcl/ast";
import { attributeOf, memo, nestedBlocks, resourcesOf, type ModuleDir, type Project, type TfBlock } from "./project";
import { indexByReference, referencedBlocks } from "./references";
import { evaluate, isObject, stringValue, Unknown, type Value } from "./values";

/**
 * What a role may do, as its policies in the Terraform say: statements read from
 * `data "aws_iam_policy_document"`, `jsonencode(…)` and heredoc JSON, attached inline, as role policies,
 * as policy attachments or as AWS managed policies we know. A policy we cannot read (a file(), a policy ARN
 * from elsewhere) is listed, so that a missing permission is reported as "unless that policy grants it".
 */

export type ResourceEntry = { literal: string } | { expr: Expr; module: ModuleDir };

export interface PolicyStatement {
  effect: "Allow" | "Deny";
  /** null: the statement's actions could not be read. */
  actions: string[] | null;
  notActions: string[] | null;
  resources: ResourceEntry[] | null;
  notResources: ResourceEntry[] | null;
  conditional: boolean;
}

export interface RoleGrants {
  statements: PolicyStatement[];
  /** Policies attached to the role that could not be read, described for the user. */
  unreadable: string[];
}

export type Match = "yes" | "no" | "maybe";

/** AWS managed policies whose grants matter for rotation, reduced to those grants. */
const MANAGED_POLICIES: Record<string, PolicyStatement[]> = {
  AdministratorAccess: [allow(["*"])],
  PowerUserAccess: [{ effect: "Allow", actions: null, notActions: ["iam:*", "organizations:*", "account:*"], resources: [{ literal: "*" }], notResources: null, conditional: false }],
  SecretsManagerReadWrite: [allow(["secretsmanager:*"])],
  AWSLambdaBasicExecutionRole: [allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"])],
  AWSLambdaVPCAccessExecutionRole: [
    allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]),
  ],
  AWSXRayDaemonWriteAccess: [allow(["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"])],
};

function allow(actions: string[]): PolicyStatement {
  return { effect: "Allow", actions, notActions: null, resources: [{ literal: "*" }], notResources: null, conditional: false };
}

const MANAGED_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::aws:policy\/(?:service-role\/)?([A-Za-z0-9+=,.@_-]+)$/;

export function roleGrants(project: Project, role: TfBlock): RoleGrants {
  return memo(project, `grants:${role.module.path}::${role.address}`, () => readRoleGrants(project, role));
}

function readRoleGrants(project: Project, role: TfBlock): RoleGrants {
  const grants: RoleGrants = { statements: [], unreadable: [] };
  const roleName = stringValue(role.module, attributeOf(role, "name")?.expr);
  const addPolicyArn = (module: ModuleDir, expr: Expr, label: string) => {
    const policy = referencedBlocks(module, expr).find((ref) => ref.block.kind === "resource" && ref.block.type === "aws_iam_policy");
    if (policy) {
      addPolicy(policy.block.module, attributeOf(policy.block, "policy")?.expr, policy.block.address);
      return;
    }
    const arn = stringValue(module, expr);
    const managed = arn ? MANAGED_ARN.exec(arn) : null;
    if (managed && MANAGED_POLICIES[managed[1]!]) grants.statements.push(...MANAGED_POLICIES[managed[1]!]!);
    else if (!(managed && /ReadOnly|Basic|VPCAccess|XRay|Insights/.test(managed[1]!))) grants.unreadable.push(arn ?? label);
  };
  const addPolicy = (module: ModuleDir, expr: Expr | undefined, label: string) => {
    if (!expr) return;
    const statements = readPolicy(project, module, expr, 0);
    if (statements === null) grants.unreadable.push(label);
    else grants.statements.push(...statements);
  };

  for (const inline of nestedBlocks(role.body, "inline_policy")) {
    const policy = inline.body.attributes.find((a) => a.name === "policy");
    addPolicy(role.module, policy?.expr, `${role.address} inline_policy`);
  }
  const managedArns = attributeOf(role, "managed_policy_arns");
  if (managedArns) for (const item of listItems(managedArns.expr)) addPolicyArn(role.module, item, `${role.address} managed_policy_arns`);

  // Policies and attachments that name this role, found through an index (by reference, or by the role's name).
  const naming = (types: string[], attribute: string) => {
    const { byBlock, byText } = indexByReference(project, types, attribute);
    const found = [...(byBlock.get(role) ?? [])];
    if (roleName !== null) for (const [text, list] of byText) if (text === roleName || text.endsWith(`:role/${roleName}`)) found.push(...list);
    return [...new Set(found)];
  };
  for (const policy of naming(["aws_iam_role_policy"], "role")) {
    addPolicy(policy.module, attributeOf(policy, "policy")?.expr, policy.address);
  }
  for (const attachment of naming(["aws_iam_role_policy_attachment"], "role")) {
    const arn = attributeOf(attachment, "policy_arn")?.expr;
    if (arn) addPolicyArn(attachment.module, arn, attachment.address);
  }
  for (const attachment of naming(["aws_iam_policy_attachment"], "roles")) {
    const arn = attributeOf(attachment, "policy_arn")?.expr;
    if (arn) addPolicyArn(attachment.module, arn, attachment.address);
  }
  for (const exclusive of naming(["aws_iam_role_policy_attachments_exclusive"], "role_name")) {
    const arns = attributeOf(exclusive, "policy_arns")?.expr;
    if (arns) for (const item of listItems(arns)) addPolicyArn(exclusive.module, item, exclusive.address);
  }
  // A policy in a file that does not parse may name the role.
  for (const type of ["aws_iam_role_policy", "aws_iam_role_policy_attachment"]) for (const block of resourcesOf(project, type)) if (block.opaque) grants.unreadable.push(block.address);
  return grants;
}

function listItems(expr: Expr): Expr[] {
  return expr.kind === "tuple" ? expr.items : [expr];
}

/** The statements of a policy expression, or null when it cannot be read. */
export function readPolicy(project: Project, module: ModuleDir, expr: Expr, depth: number): PolicyStatement[] | null {
  if (depth > 10) return null;
  const unwrapped = unwrapTemplate(expr);
  if (unwrapped.kind === "traversal") {
    const refs = referencedBlocks(module, unwrapped);
    const document = refs.find((ref) => ref.block.kind === "data" && ref.block.type === "aws_iam_policy_document");
    if (document) return readPolicyDocument(project, document.block, depth + 1);
    const policy = refs.find((ref) => ref.block.kind === "resource" && ref.block.type === "aws_iam_policy");
    if (policy) {
      const inner = attributeOf(policy.block, "policy")?.expr;
      return inner ? readPolicy(project, policy.block.module, inner, depth + 1) : null;
    }
    const value = evaluate(module, unwrapped);
    if (typeof value === "string") return statementsFromText(value, [], module);
    return null;
  }
  if (unwrapped.kind === "call" && unwrapped.name === "jsonencode" && unwrapped.args.length === 1) {
    return statementsFromValue(evaluate(module, unwrapped.args[0]!));
  }
  if (unwrapped.kind === "template" || unwrapped.kind === "literal") return statementsFromTemplate(module, unwrapped);
  const value = evaluate(module, unwrapped);
  return typeof value === "string" ? statementsFromText(value, [], module) : null;
}

function unwrapTemplate(expr: Expr): Expr {
  if (expr.kind === "template" && expr.parts.length === 1 && typeof expr.parts[0] === "object" && !("directive" in expr.parts[0])) return expr.parts[0];
  return expr;
}

function readPolicyDocument(project: Project, document: TfBlock, depth: number): PolicyStatement[] | null {
  if (document.opaque) return null;
  const statements: PolicyStatement[] = [];
  const dir = document.module;
  for (const name of ["source_policy_documents", "override_policy_documents"]) {
    const list = attributeOf(document, name)?.expr;
    if (!list) continue;
    for (const item of listItems(list)) {
      const inner = readPolicy(project, dir, item, depth + 1);
      if (inner === null) return null;
      statements.push(...inner);
    }
  }
  for (const name of ["source_json", "override_json"]) {
    const inner = attributeOf(document, name)?.expr;
    if (!inner) continue;
    const read = readPolicy(project, dir, inner, depth + 1);
    if (read === null) return null;
    statements.push(...read);
  }
  if (document.body.blocks.some((b) => b.type === "dynamic")) return null;
  for (const statement of nestedBlocks(document.body, "statement")) {
    const get = (name: string) => statement.body.attributes.find((a) => a.name === name)?.expr;
    const effect = stringValue(dir, get("effect")) ?? "Allow";
    statements.push({
      effect: effect === "Deny" ? "Deny" : "Allow",
      actions: get("actions") ? actionList(evaluate(dir, get("actions")!)) : get("not_actions") ? null : [],
      notActions: get("not_actions") ? actionList(evaluate(dir, get("not_actions")!)) : null,
      resources: get("resources") ? resourceEntries(dir, get("resources")!) : get("not_resources") ? null : [{ literal: "*" }],
      notResources: get("not_resources") ? resourceEntries(dir, get("not_resources")!) : null,
      conditional: statement.body.blocks.some((b) => b.type === "condition"),
    });
    // An Allow with not_actions is modelled by actions null and notActions set.
    const last = statements[statements.length - 1]!;
    if (get("not_actions") && !get("actions")) last.actions = null;
  }
  return statements;
}

function actionList(value: Value): string[] | null {
  const items = Array.isArray(value) ? value : [value];
  const actions: string[] = [];
  for (const item of items) {
    if (typeof item !== "string") return null;
    actions.push(item);
  }
  return actions;
}

function resourceEntries(module: ModuleDir, expr: Expr): ResourceEntry[] {
  if (expr.kind === "tuple") {
    return expr.items.map((item) => {
      const value = evaluate(module, item);
      return typeof value === "string" ? { literal: value } : { expr: item, module };
    });
  }
  const value = evaluate(module, expr);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return (value as string[]).map((literal) => ({ literal }));
  if (typeof value === "string") return [{ literal: value }];
  return [{ expr, module }];
}

/** A policy from jsonencode(…): an object whose parts may be unknown (references). */
function statementsFromValue(value: Value): PolicyStatement[] | null {
  if (!isObject(value)) return null;
  const raw = value.Statement;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const statements: PolicyStatement[] = [];
  for (const item of list) {
    if (!isObject(item)) return null;
    const effect = item.Effect === "Deny" ? "Deny" : "Allow";
    const entries = (field: Value | undefined): ResourceEntry[] | null => {
      if (field === undefined) return null;
      const values = Array.isArray(field) ? field : [field];
      return values.map((entry) => (typeof entry === "string" ? { literal: entry } : entry instanceof Unknown ? { expr: entry.expr, module: entry.module } : { literal: "" }));
    };
    statements.push({
      effect,
      actions: item.Action !== undefined ? actionList(item.Action) : item.NotAction !== undefined ? null : [],
      notActions: item.NotAction !== undefined ? actionList(item.NotAction) : null,
      resources: item.Resource !== undefined ? entries(item.Resource) : item.NotResource !== undefined ? null : [],
      notResources: entries(item.NotResource),
      conditional: item.Condition !== undefined,
    });
  }
  return statements;
}

const PLACEHOLDER = "__diagnose_ref_";

/** A policy written as JSON text, possibly with ${…} references, as in a heredoc. */
function statementsFromTemplate(module: ModuleDir, expr: Expr): PolicyStatement[] | null {
  const parts = expr.kind === "template" ? expr.parts : [String(expr.kind === "literal" ? expr.value : "")];
  let text = "";
  let inString = false;
  const references: Expr[] = [];
  for (const part of parts) {
    if (typeof part === "string") {
      for (let i = 0; i < part.length; i++) {
        const ch = part[i];
        if (ch === "\\" && inString) {
          i++;
          continue;
        }
        if (ch === '"') inString = !inString;
      }
      text += part;
      continue;
    }
    if ("directive" in part) return null;
    const value = evaluate(module, part);
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      text += inString ? JSON.stringify(String(value)).slice(1, -1) : String(value);
      continue;
    }
    const token = `${PLACEHOLDER}${references.length}__`;
    references.push(part);
    text += inString ? token : `"${token}"`;
  }
  return statementsFromText(text, references, module);
}

function statementsFromText(text: string, references: Expr[], module: ModuleDir): PolicyStatement[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const toValue = (item: unknown): Value => {
    if (typeof item === "string") {
      const match = new RegExp(`${PLACEHOLDER}(\\d+)__`).exec(item);
      if (match) return new Unknown(references[Number(match[1])]!, module);
      return item;
    }
    if (item === null || typeof item === "number" || typeof item === "boolean") return item;
    if (Array.isArray(item)) return item.map(toValue);
    if (typeof item === "object") {
      const object: Record<string, Value> = Object.create(null);
      for (const [key, value] of Object.entries(item as Record<string, unknown>)) object[key] = toValue(value);
      return object;
    }
    return null;
  };
  return statementsFromValue(toValue(json));
}

/** IAM's wildcard match, case-insensitive as IAM compares actions. */
export function wildcardMatch(pattern: string, text: string, caseInsensitive = true): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "").test(text);
}

/**
 * Whether the statements grant an action on a resource. `resource` says whether one resource entry covers
 * the resource in question. An unconditional Deny that covers both wins; anything unreadable makes "maybe".
 */
export function grants(grantsOfRole: RoleGrants, action: string, resource: (entry: ResourceEntry) => Match): Match {
  let allowed: Match = "no";
  for (const statement of grantsOfRole.statements) {
    const actionMatch: Match =
      statement.actions !== null
        ? statement.actions.some((pattern) => wildcardMatch(pattern, action))
          ? "yes"
          : "no"
        : statement.notActions !== null
          ? statement.notActions.some((pattern) => wildcardMatch(pattern, action))
            ? "no"
            : "yes"
          : "maybe";
    if (actionMatch === "no") continue;
    let resourceMatch: Match;
    if (statement.resources !== null) {
      const matches = statement.resources.map(resource);
      resourceMatch = matches.includes("yes") ? "yes" : matches.includes("maybe") ? "maybe" : "no";
    } else if (statement.notResources !== null) {
      const matches = statement.notResources.map(resource);
      resourceMatch = matches.includes("yes") ? "no" : matches.includes("maybe") ? "maybe" : "yes";
    } else {
      resourceMatch = "maybe";
    }
    const match: Match = actionMatch === "yes" && resourceMatch === "yes" ? "yes" : resourceMatch === "no" ? "no" : "maybe";
    if (statement.effect === "Deny") {
      if (match === "yes" && !statement.conditional) return "no";
      continue;
    }
    if (match === "yes") allowed = "yes";
    else if (match === "maybe" && allowed === "no") allowed = "maybe";
  }
  if (allowed === "no" && grantsOfRole.unreadable.length > 0) return "maybe";
  return allowed;
}
