import type { Expr, Step } from "../hcl/ast";
import { isDirective, walkExpr } from "../hcl/ast";
import type { ModuleDir } from "./project";
import { localValue, targetOf, variableValue } from "./references";

/**
 * What the diagnosis can know of an expression without running Terraform: literals, and what variables
 * (their tfvars values or defaults) and locals make of them. Anything else (a resource attribute, a data
 * source, a function we do not model) is Unknown, which keeps the expression so that a rule can still
 * ask what it refers to.
 */
export class Unknown {
  constructor(
    readonly expr: Expr,
    readonly module: ModuleDir,
  ) {}
}

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | Unknown;

const MAX_DEPTH = 40;

export function evaluate(module: ModuleDir, expr: Expr, depth = 0): Value {
  if (depth > MAX_DEPTH) return new Unknown(expr, module);
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "template": {
      const parts = expr.parts;
      // "${x}" alone is x itself, whatever its type.
      if (parts.length === 1 && typeof parts[0] !== "string" && !isDirective(parts[0]!)) return evaluate(module, parts[0]!, depth + 1);
      let text = "";
      for (const part of parts) {
        if (typeof part === "string") {
          text += part;
          continue;
        }
        if (isDirective(part)) return new Unknown(expr, module);
        const value = evaluate(module, part, depth + 1);
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") text += String(value);
        else return new Unknown(expr, module);
      }
      return text;
    }
    case "tuple":
      return expr.items.map((item) => evaluate(module, item, depth + 1));
    case "object": {
      const object: Record<string, Value> = Object.create(null);
      for (const item of expr.items) {
        const key = objectKey(module, item.key, depth);
        if (key === null) return new Unknown(expr, module);
        object[key] = evaluate(module, item.value, depth + 1);
      }
      return object;
    }
    case "traversal": {
      const target = targetOf(module, expr);
      if (target.kind === "var" || target.kind === "local") {
        const value = target.kind === "var" ? variableValue(target.module, target.name) : localValue(target.module, target.name);
        if (!value) return new Unknown(expr, module);
        return applySteps(evaluate(value.module, value.expr, depth + 1), target.steps, module, expr, depth);
      }
      return new Unknown(expr, module);
    }
    case "access":
      return applySteps(evaluate(module, expr.target, depth + 1), expr.steps, module, expr, depth);
    case "call":
      return callFunction(module, expr, depth);
    case "compound":
      if (expr.op === "()") return evaluate(module, expr.operands[0]!, depth + 1);
      return new Unknown(expr, module);
  }
}

function objectKey(module: ModuleDir, key: Expr, depth: number): string | null {
  if (key.kind === "traversal" && key.steps.length === 0) return key.root;
  const value = evaluate(module, key, depth + 1);
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : null;
}

function applySteps(value: Value, steps: readonly Step[], module: ModuleDir, expr: Expr, depth: number): Value {
  let current = value;
  for (const step of steps) {
    if (current instanceof Unknown) return new Unknown(expr, module);
    if ("splat" in step) return new Unknown(expr, module);
    const key = "attr" in step ? step.attr : evaluate(module, step.index, depth + 1);
    if (Array.isArray(current) && typeof key === "number") current = current[key] ?? new Unknown(expr, module);
    else if (isObject(current) && (typeof key === "string" || typeof key === "number") && Object.hasOwn(current, String(key))) current = current[String(key)]!;
    else return new Unknown(expr, module);
  }
  return current;
}

export function isObject(value: Value | undefined): value is { [key: string]: Value } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}

export function isKnown(value: Value): boolean {
  if (value instanceof Unknown) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (isObject(value)) return Object.values(value).every(isKnown);
  return true;
}

function toJson(value: Value): unknown {
  if (Array.isArray(value)) return value.map(toJson);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

function fromJson(json: unknown, module: ModuleDir, expr: Expr): Value {
  if (json === null || typeof json === "string" || typeof json === "number" || typeof json === "boolean") return json;
  if (Array.isArray(json)) return json.map((item) => fromJson(item, module, expr));
  if (typeof json === "object") {
    const object: Record<string, Value> = Object.create(null);
    for (const [key, item] of Object.entries(json as Record<string, unknown>)) object[key] = fromJson(item, module, expr);
    return object;
  }
  return new Unknown(expr, module);
}

const LIST_FUNCTIONS = new Set(["tolist", "toset", "concat", "flatten", "compact", "distinct"]);

function callFunction(module: ModuleDir, expr: Extract<Expr, { kind: "call" }>, depth: number): Value {
  const args = expr.args.map((arg) => evaluate(module, arg, depth + 1));
  const unknown = () => new Unknown(expr, module);
  const name = expr.name;
  if (LIST_FUNCTIONS.has(name)) {
    const lists: Value[][] = [];
    for (const arg of args) {
      if (!Array.isArray(arg)) return unknown();
      lists.push(arg);
    }
    if (name === "tolist" || name === "toset") return lists[0] ?? unknown();
    let items = name === "flatten" ? flattenAll(lists[0] ?? []) : lists.flat();
    if (name === "compact") items = items.filter((item) => item !== "" && item !== null);
    if (name === "distinct" || name === "toset") items = items.filter((item, i) => items.findIndex((other) => other === item) === i);
    return items;
  }
  switch (name) {
    case "jsonencode": {
      const [value] = args;
      return value !== undefined && isKnown(value) ? JSON.stringify(toJson(value)) : unknown();
    }
    case "jsondecode": {
      const [value] = args;
      if (typeof value !== "string") return unknown();
      try {
        return fromJson(JSON.parse(value), module, expr);
      } catch {
        return unknown();
      }
    }
    case "tostring":
    case "trimspace":
    case "lower":
    case "upper": {
      const [value] = args;
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return unknown();
      const text = String(value);
      return name === "trimspace" ? text.trim() : name === "lower" ? text.toLowerCase() : name === "upper" ? text.toUpperCase() : text;
    }
    case "tonumber": {
      const [value] = args;
      const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
      return Number.isFinite(number) ? number : unknown();
    }
    case "join": {
      const [separator, ...lists] = args;
      if (typeof separator !== "string" || !lists.every(Array.isArray)) return unknown();
      const items = (lists as Value[][]).flat();
      return items.every((item) => typeof item === "string" || typeof item === "number") ? items.join(separator) : unknown();
    }
    case "merge": {
      const merged: Record<string, Value> = Object.create(null);
      for (const arg of args) {
        if (!isObject(arg)) return unknown();
        Object.assign(merged, arg);
      }
      return merged;
    }
    case "coalesce": {
      for (const arg of args) {
        if (arg instanceof Unknown) return unknown();
        if (arg !== null && arg !== "") return arg;
      }
      return unknown();
    }
    default:
      return unknown();
  }
}

function flattenAll(items: Value[]): Value[] {
  return items.flatMap((item) => (Array.isArray(item) ? flattenAll(item) : [item]));
}

/** A string the expression certainly is, or null. */
export function stringValue(module: ModuleDir, expr: Expr | undefined): string | null {
  if (!expr) return null;
  const value = evaluate(module, expr);
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : null;
}

export function numberValue(module: ModuleDir, expr: Expr | undefined): number | null {
  if (!expr) return null;
  const value = evaluate(module, expr);
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

export function boolValue(module: ModuleDir, expr: Expr | undefined): boolean | null {
  if (!expr) return null;
  const value = evaluate(module, expr);
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return null;
}

/** The strings of a list the expression certainly is (unknown items skipped), or null when it is not a list. */
export function stringList(module: ModuleDir, expr: Expr | undefined): { items: string[]; complete: boolean } | null {
  if (!expr) return null;
  const value = evaluate(module, expr);
  if (typeof value === "string") return { items: [value], complete: true };
  if (!Array.isArray(value)) return null;
  const items = value.filter((item): item is string => typeof item === "string");
  return { items, complete: items.length === value.length };
}

/**
 * Every string literal an expression holds, through the locals and variables it names (whole, whatever
 * steps follow them): the names it spells out, such as an application id chosen from a map by partition.
 */
export function literalStrings(module: ModuleDir, expr: Expr, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  const found: string[] = [];
  for (const node of walkExpr(expr)) {
    if (node.kind === "literal" && typeof node.value === "string") {
      found.push(node.value);
    } else if (node.kind === "template") {
      for (const part of node.parts) if (typeof part === "string") found.push(part);
    } else if (node.kind === "traversal") {
      const target = targetOf(module, node);
      if (target.kind !== "var" && target.kind !== "local") continue;
      const value = target.kind === "var" ? variableValue(target.module, target.name) : localValue(target.module, target.name);
      if (value) found.push(...literalStrings(value.module, value.expr, depth + 1));
    }
  }
  return found;
}
