import type { Attribute, Block, Body, Comment, Expr, Step } from "../hcl/ast";
import { walkExpr } from "../hcl/ast";
import { HclSyntaxError, parseHcl } from "../hcl/parser";

/**
 * A Terraform project as the diagnosis reads it: every file parsed, every block with its address, file
 * and line, grouped by module directory (a directory is a module; `module` blocks with a local `source`
 * connect them). References are resolved by address, never by evaluating Terraform.
 */

export interface SourceFile {
  path: string;
  text: string;
}

export interface TfBlock {
  /** `resource`, `data`, `module`, `variable`, `output`, `ephemeral`, `locals`, `terraform`, `provider`… */
  kind: string;
  /** Resource or data source type; empty for other kinds. */
  type: string;
  name: string;
  /** `aws_x.n`, `data.aws_x.n`, `module.n`, `var.n`, `output.n`, `ephemeral.x.n`. */
  address: string;
  module: ModuleDir;
  file: string;
  line: number;
  endLine: number;
  body: Body;
  /** From a file that does not parse: its header was found, its body is unknown. */
  opaque: boolean;
}

export interface Assignment {
  expr: Expr;
  file: string;
  line: number;
}

export class ModuleDir {
  readonly blocks = new Map<string, TfBlock>();
  readonly locals = new Map<string, Assignment>();
  readonly tfvars = new Map<string, Assignment>();
  /** `module` blocks elsewhere whose local source is this directory. */
  readonly callers: TfBlock[] = [];
  constructor(readonly path: string) {}
}

export interface ParseProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface FileComment extends Comment {
  file: string;
}

export interface Project {
  modules: Map<string, ModuleDir>;
  /** The directory each local `module` block calls. */
  moduleTargets: Map<TfBlock, ModuleDir>;
  blocks: TfBlock[];
  byType: Map<string, TfBlock[]>;
  comments: FileComment[];
  parseProblems: ParseProblem[];
  /** Terraform files read (.tf and .tfvars). */
  files: string[];
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

export function isTerraformFile(path: string): boolean {
  return path.endsWith(".tf") || path.endsWith(".tfvars");
}

/** Resource, data and module headers of a file that does not parse, so that rules still know they exist. */
const HEADER = /^\s*(resource|data|module|ephemeral)\s+"([^"\n]+)"(?:\s+"([^"\n]+)")?\s*\{/;

function scanHeaders(text: string): Array<{ kind: string; type: string; name: string; line: number }> {
  const found: Array<{ kind: string; type: string; name: string; line: number }> = [];
  let inBlockComment = false;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (inBlockComment) {
      if (line.includes("*/")) inBlockComment = false;
      continue;
    }
    if (/^\s*\/\*/.test(line) && !line.includes("*/")) {
      inBlockComment = true;
      continue;
    }
    const match = HEADER.exec(line);
    if (!match) continue;
    const [, kind, first, second] = match;
    if (kind === "module") found.push({ kind, type: "", name: first!, line: i + 1 });
    else if (second !== undefined) found.push({ kind: kind!, type: first!, name: second, line: i + 1 });
  }
  return found;
}

function addressFor(kind: string, type: string, name: string): string {
  switch (kind) {
    case "resource":
      return `${type}.${name}`;
    case "data":
      return `data.${type}.${name}`;
    case "ephemeral":
      return `ephemeral.${type}.${name}`;
    case "module":
      return `module.${name}`;
    case "variable":
      return `var.${name}`;
    case "output":
      return `output.${name}`;
    default:
      return `${kind}${type ? `.${type}` : ""}${name ? `.${name}` : ""}`;
  }
}

export function buildProject(sources: readonly SourceFile[]): Project {
  const modules = new Map<string, ModuleDir>();
  const blocks: TfBlock[] = [];
  const comments: FileComment[] = [];
  const parseProblems: ParseProblem[] = [];
  const moduleAt = (path: string) => {
    let dir = modules.get(path);
    if (!dir) {
      dir = new ModuleDir(path);
      modules.set(path, dir);
    }
    return dir;
  };
  const add = (block: TfBlock) => {
    blocks.push(block);
    if (!block.module.blocks.has(block.address)) block.module.blocks.set(block.address, block);
  };

  // terraform.tfvars before *.auto.tfvars before other .tfvars: later files win, as with -var-file.
  const ordered = [...sources].sort((a, b) => tfvarsRank(a.path) - tfvarsRank(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const source of ordered) {
    const dir = moduleAt(dirOf(source.path));
    let file;
    try {
      file = parseHcl(source.path, source.text);
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
      parseProblems.push({ file: source.path, line: error.line, column: error.column, message: error.message });
      if (source.path.endsWith(".tf")) {
        for (const header of scanHeaders(source.text)) {
          add({
            kind: header.kind,
            type: header.type,
            name: header.name,
            address: addressFor(header.kind, header.type, header.name),
            module: dir,
            file: source.path,
            line: header.line,
            endLine: header.line,
            body: { attributes: [], blocks: [] },
            opaque: true,
          });
        }
      }
      continue;
    }
    for (const comment of file.comments) comments.push({ ...comment, file: source.path });
    if (source.path.endsWith(".tfvars")) {
      for (const attribute of file.body.attributes) dir.tfvars.set(attribute.name, { expr: attribute.expr, file: source.path, line: attribute.line });
      continue;
    }
    for (const block of file.body.blocks) {
      if (block.type === "locals") {
        for (const attribute of block.body.attributes) {
          if (!dir.locals.has(attribute.name)) dir.locals.set(attribute.name, { expr: attribute.expr, file: source.path, line: attribute.line });
        }
      }
      add(toTfBlock(block, dir, source.path));
    }
  }

  const moduleTargets = new Map<TfBlock, ModuleDir>();
  for (const block of blocks) {
    if (block.kind !== "module") continue;
    const source = attributeOf(block, "source");
    if (source?.expr.kind !== "template" || source.expr.parts.length !== 1 || typeof source.expr.parts[0] !== "string") continue;
    const text = source.expr.parts[0];
    if (!text.startsWith("./") && !text.startsWith("../")) continue;
    const target = modules.get(normalizePath(`${block.module.path}/${text}`));
    if (target && target !== block.module) {
      target.callers.push(block);
      moduleTargets.set(block, target);
    }
  }

  const byType = new Map<string, TfBlock[]>();
  for (const block of blocks) {
    if (block.kind !== "resource" && block.kind !== "data") continue;
    const key = block.kind === "data" ? `data.${block.type}` : block.type;
    const list = byType.get(key);
    if (list) list.push(block);
    else byType.set(key, [block]);
  }
  return { modules, moduleTargets, blocks, byType, comments, parseProblems, files: sources.map((s) => s.path) };
}

function tfvarsRank(path: string): number {
  if (!path.endsWith(".tfvars")) return 0;
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name === "terraform.tfvars") return 1;
  if (name.endsWith(".auto.tfvars")) return 2;
  return 3;
}

function toTfBlock(block: Block, module: ModuleDir, file: string): TfBlock {
  const [first = "", second = ""] = block.labels;
  const twoLabels = block.type === "resource" || block.type === "data" || block.type === "ephemeral";
  const type = twoLabels ? first : "";
  const name = twoLabels ? second : first;
  return {
    kind: block.type,
    type,
    name,
    address: addressFor(block.type, type, name),
    module,
    file,
    line: block.line,
    endLine: block.endLine,
    body: block.body,
    opaque: false,
  };
}

export function resourcesOf(project: Project, type: string): TfBlock[] {
  return project.byType.get(type) ?? [];
}

export function dataOf(project: Project, type: string): TfBlock[] {
  return project.byType.get(`data.${type}`) ?? [];
}

export function attributeOf(block: TfBlock | { body: Body }, name: string): Attribute | undefined {
  return block.body.attributes.find((a) => a.name === name);
}

/** Nested blocks of a type inside a block body (e.g. `vpc_config`, `lifecycle`). */
export function nestedBlocks(body: Body, type: string): Block[] {
  return body.blocks.filter((b) => b.type === type);
}

/** Every expression of a body, nested blocks included. */
export function* bodyExprs(body: Body): Generator<Expr> {
  for (const attribute of body.attributes) yield attribute.expr;
  for (const block of body.blocks) yield* bodyExprs(block.body);
}

/** A stable identity for a block across modules. */
export function blockKey(block: TfBlock): string {
  return `${block.module.path}::${block.address}`;
}

// ---------------------------------------------------------------------------------------------------
// References

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

/** The line of a top-level attribute, or the block's own line. */
export function lineOf(block: TfBlock, name?: string): number {
  if (name === undefined) return block.line;
  return attributeOf(block, name)?.line ?? block.line;
}

const memos = new WeakMap<Project, Map<string, unknown>>();

/** A value computed once per project: the indexes that keep rules linear in the number of blocks. */
export function memo<T>(project: Project, key: string, compute: () => T): T {
  let map = memos.get(project);
  if (!map) {
    map = new Map();
    memos.set(project, map);
  }
  if (!map.has(key)) map.set(key, compute());
  return map.get(key) as T;
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
