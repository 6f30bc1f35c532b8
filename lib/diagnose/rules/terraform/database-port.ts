import type { Expr } from "../../hcl/ast";
import { attributeOf, nestedBlocks, type ModuleDir, type TfBlock } from "../../terraform/project";
import { indexByReference, referencedBlocks } from "../../terraform/references";
import { quoted, resourceBlock } from "../../terraform/text";
import { boolValue, numberValue, stringValue } from "../../terraform/values";
import { finding, hcl, type Finding } from "../../types";
import { hasOpaqueBlocks, vpcConfig, type Context, type SecretTarget } from "../context";
import { at } from "./shared";

/**
 * db-port-closed: whether the security groups of the function and of the database let the database port
 * through both ways (inline rules and separate rule resources).
 */

const DATABASE_ENGINE_PORTS: ReadonlyArray<[RegExp, number]> = [
  [/postgres/, 5432],
  [/mysql|maria/, 3306],
  [/sqlserver/, 1433],
  [/oracle/, 1521],
  [/db2/, 50000],
  [/redshift/, 5439],
  [/docdb|mongo/, 27017],
];

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

export function databasePort(ctx: Context, target: SecretTarget, fn: TfBlock): Finding[] {
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
