import type { Expr, Step } from "../hcl/ast";
import { walkExpr } from "../hcl/ast";
import { attributeOf, bodyExprs, memo, resourcesOf, type ModuleDir, type Project, type TfBlock } from "./project";

/**
 * References between the blocks of a project (project.ts): what a traversal names, the blocks an
 * expression refers to through locals, variables and module arguments, addresses declared nowhere, the
 * order Terraform gives blocks (DependencyGraph), and indexes of blocks by what they refer to. Resolved by
 * address, never by evaluating Terraform (values.ts evaluates, on top of this). Kept apart from the
 * project's loading, which this module only reads.
 */

export type Target =
  | { kind: "block"; block: TfBlock; steps: readonly Step[] }
  | { kind: "missing"; address: string }
  | { kind: "var"; module: ModuleDir; name: string; steps: readonly Step[] }
  | { kind: "local"; module: ModuleDir; name: string; steps: readonly Step[] }
  | { kind: "other" };

const SPECIAL_ROOTS = new Set(["path", "terraform", "each", "count", "self"]);
const RESOURCE_TYPE = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;

/** What a traversal names, in a module. */
export function targetOf(module: ModuleDir, expr: Extract<Expr, { kind: "traversal" }>): Target {
  const { root, steps } = expr;
  const attr = (i: number) => {
    const step = steps[i];
    return step && "attr" in step ? step.attr : undefined;
  };
  if (root === "var" || root === "local") {
    const name = attr(0);
    if (name === undefined) return { kind: "other" };
    return { kind: root, module, name, steps: steps.slice(1) };
  }
  if (SPECIAL_ROOTS.has(root)) return { kind: "other" };
  let address: string | undefined;
  let rest = 0;
  if (root === "data" || root === "ephemeral") {
    const type = attr(0);
    const name = attr(1);
    if (type !== undefined && name !== undefined) {
      address = `${root}.${type}.${name}`;
      rest = 2;
    }
  } else if (root === "module") {
    const name = attr(0);
    if (name !== undefined) {
      address = `module.${name}`;
      rest = 1;
    }
  } else {
    const name = attr(0);
    if (name !== undefined) {
      address = `${root}.${name}`;
      rest = 1;
    }
  }
  if (address === undefined) return { kind: "other" };
  const block = module.blocks.get(address);
  if (block) return { kind: "block", block, steps: steps.slice(rest) };
  if (root === "data" || root === "module" || root === "ephemeral" || RESOURCE_TYPE.test(root)) return { kind: "missing", address };
  return { kind: "other" };
}

/** The expression a variable has in a module: the caller's argument, or its tfvars value, or its default. */
export function variableValue(module: ModuleDir, name: string): { expr: Expr; module: ModuleDir } | null {
  if (module.callers.length === 1) {
    const caller = module.callers[0]!;
    const argument = attributeOf(caller, name);
    if (argument) return { expr: argument.expr, module: caller.module };
  }
  const assigned = module.tfvars.get(name);
  if (assigned) return { expr: assigned.expr, module };
  const declaration = module.blocks.get(`var.${name}`);
  const fallback = declaration ? attributeOf(declaration, "default") : undefined;
  return fallback ? { expr: fallback.expr, module } : null;
}

/**
 * The blocks an expression refers to, through locals and variables (and module arguments), each with the
 * steps after its address (so `aws_lambda_function.x.arn` gives the function and `[arn]`).
 */
export function referencedBlocks(module: ModuleDir, expr: Expr, seen = new Set<string>()): Array<{ block: TfBlock; steps: readonly Step[] }> {
  const found: Array<{ block: TfBlock; steps: readonly Step[] }> = [];
  for (const node of walkExpr(expr)) {
    if (node.kind !== "traversal") continue;
    const target = targetOf(module, node);
    if (target.kind === "block") {
      found.push({ block: target.block, steps: target.steps });
    } else if (target.kind === "local" || target.kind === "var") {
      const key = `${target.kind}:${target.module.path}:${target.name}`;
      if (seen.has(key) || seen.size > 200) continue;
      seen.add(key);
      const value = target.kind === "local" ? localValue(target.module, target.name) : variableValue(target.module, target.name);
      if (value) found.push(...referencedBlocks(value.module, value.expr, seen));
    }
  }
  return found;
}

export function localValue(module: ModuleDir, name: string): { expr: Expr; module: ModuleDir } | null {
  const local = module.locals.get(name);
  return local ? { expr: local.expr, module } : null;
}

/** Does the expression refer to this block (directly, or through locals and variables)? */
export function refersTo(module: ModuleDir, expr: Expr, block: TfBlock): boolean {
  return referencedBlocks(module, expr).some((ref) => ref.block === block);
}

/** Addresses an expression names that are declared nowhere (a typo, or a resource left out). */
export function missingReferences(module: ModuleDir, expr: Expr): string[] {
  const missing: string[] = [];
  for (const node of walkExpr(expr)) {
    if (node.kind !== "traversal") continue;
    const target = targetOf(module, node);
    if (target.kind === "missing") missing.push(target.address);
  }
  return missing;
}

/**
 * The blocks a block depends on, directly or transitively: every reference in its body and its
 * `depends_on`, through locals and variables, as Terraform orders them. Waiting for a local module waits
 * for every resource in it.
 */
export class DependencyGraph {
  private readonly direct = new Map<TfBlock, TfBlock[]>();

  constructor(private readonly project: Project) {}

  private edges(block: TfBlock): TfBlock[] {
    let list = this.direct.get(block);
    if (list) return list;
    const set = new Set<TfBlock>();
    for (const expr of bodyExprs(block.body)) for (const ref of referencedBlocks(block.module, expr)) if (ref.block !== block) set.add(ref.block);
    const inner = block.kind === "module" ? this.project.moduleTargets.get(block) : undefined;
    if (inner) for (const child of inner.blocks.values()) if (child.kind === "resource" || child.kind === "data" || child.kind === "module") set.add(child);
    list = [...set];
    this.direct.set(block, list);
    return list;
  }

  /** Whether `from` waits for `to`. */
  dependsOn(from: TfBlock, to: TfBlock): boolean {
    const seen = new Set<TfBlock>([from]);
    const queue = [from];
    while (queue.length > 0) {
      const current = queue.pop()!;
      for (const next of this.edges(current)) {
        if (next === to) return true;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return false;
  }
}

/** Blocks of some types by the blocks one of their attributes refers to, and by that attribute's literal value. */
export function indexByReference(project: Project, types: readonly string[], attribute: string): { byBlock: Map<TfBlock, TfBlock[]>; byText: Map<string, TfBlock[]> } {
  return memo(project, `index:${types.join(",")}:${attribute}`, () => {
    const byBlock = new Map<TfBlock, TfBlock[]>();
    const byText = new Map<string, TfBlock[]>();
    const add = <K>(map: Map<K, TfBlock[]>, key: K, block: TfBlock) => {
      const list = map.get(key);
      if (!list) map.set(key, [block]);
      else if (!list.includes(block)) list.push(block);
    };
    for (const type of types) {
      for (const block of resourcesOf(project, type)) {
        const expr = attributeOf(block, attribute)?.expr;
        if (!expr) continue;
        const items = expr.kind === "tuple" ? expr.items : [expr];
        for (const item of items) {
          for (const ref of referencedBlocks(block.module, item)) add(byBlock, ref.block, block);
          const value = literalOf(block.module, item);
          if (value !== null) add(byText, value, block);
        }
      }
    }
    return { byBlock, byText };
  });
}

/** A plain string literal, or a variable or local that is one (no full evaluation: values.ts builds on this module). */
function literalOf(module: ModuleDir, expr: Expr, depth = 0): string | null {
  if (depth > 10) return null;
  if (expr.kind === "literal") return typeof expr.value === "string" ? expr.value : null;
  if (expr.kind === "template") {
    if (expr.parts.every((part) => typeof part === "string")) return expr.parts.join("");
    if (expr.parts.length === 1 && typeof expr.parts[0] === "object" && !("directive" in expr.parts[0])) return literalOf(module, expr.parts[0], depth + 1);
    return null;
  }
  if (expr.kind === "traversal") {
    const target = targetOf(module, expr);
    if ((target.kind === "var" || target.kind === "local") && target.steps.length === 0) {
      const value = target.kind === "var" ? variableValue(target.module, target.name) : localValue(target.module, target.name);
      return value ? literalOf(value.module, value.expr, depth + 1) : null;
    }
  }
  return null;
}
