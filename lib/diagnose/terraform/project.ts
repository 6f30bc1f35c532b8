import type { Attribute, Block, Body, Comment, Expr } from "../hcl/ast";
import { HclSyntaxError, parseHcl } from "../hcl/parser";

/**
 * A Terraform project as the diagnosis reads it: every file parsed, every block with its address, file
 * and line, grouped by module directory (a directory is a module; `module` blocks with a local `source`
 * connect them), and the lookups every rule uses. What blocks refer to is references.ts.
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
