/**
 * The parsed shape of one Terraform module directory, as `@cdktf/hcl2json` gives it, flattened into a
 * list of top-level blocks that the checks walk.
 *
 * What hcl2json produces (learned by experiment, the checks rely on it):
 * - a block body is a plain object; a nested block is an array of bodies (one per occurrence), so
 *   `vpc_config { … }` becomes `vpc_config: [{ … }]`, `timeouts {}` becomes `timeouts: [{}]`;
 * - block labels become nested keys: `resource "t" "n" {}` → `resource.t.n: [body]`, and labelled nested
 *   blocks likewise (`dynamic "x" {}` → `dynamic.x: [body]`, `provisioner "local-exec"` …);
 * - `locals` and `terraform` are arrays of bodies, one per block;
 * - a literal value keeps its JSON type; any expression that is not a literal stays a string holding
 *   its source text wrapped in `${…}` (`jsonencode({…})` → `"${jsonencode({…})}"`, `var.x` → `"${var.x}"`,
 *   `string` in a variable type → `"${string}"`); a string template keeps its source text between the
 *   quotes (escapes like `\"` untouched); a heredoc becomes its (indent-stripped) text with real newlines;
 *   a literal `$${` stays `$${`;
 * - an attribute whose value is a list of objects (`x = [{ a = 1 }]`) looks exactly like a nested block,
 *   so the two can only be told apart with the provider schema;
 * - an object key that is an expression becomes `"${(expr)}"`.
 */
import { parse } from "@cdktf/hcl2json";

export interface TerraformProblem {
  file: string;
  /** e.g. `aws_lambda_function.this`, `data.aws_region.current`, `variable.x`, `output.y`, `local.z`. */
  address: string;
  message: string;
}

/** A block body, or an object value, as hcl2json gives it. */
export type HclObject = Record<string, unknown>;

export type BlockKind =
  | "terraform"
  | "provider"
  | "variable"
  | "local"
  | "output"
  | "resource"
  | "data"
  | "ephemeral"
  | "module"
  | "check"
  | "import"
  | "moved"
  | "removed";

/** One top-level block of the module. A `locals` block yields one `local` per value it defines. */
export interface ModuleBlock {
  kind: BlockKind;
  /** Resource / data source / ephemeral resource type; provider name for `provider`; "" otherwise. */
  type: string;
  /** The block's name label; the local's name; "" for unlabelled blocks. */
  name: string;
  /** How Terraform names it; used in every problem about it. */
  address: string;
  file: string;
  /** The block body. For a `local` it is `{ [name]: value }`, so it can be walked like any body. */
  body: HclObject;
}

export interface ParsedFile {
  file: string;
  content: string;
  json: HclObject;
}

export interface TerraformModule {
  /** Every `.tf` file that parsed. */
  files: ParsedFile[];
  /** Every `.tfvars` file that parsed (variable assignments). */
  tfvars: ParsedFile[];
  blocks: ModuleBlock[];
}

export function isTerraformFile(file: string): boolean {
  return file.endsWith(".tf");
}

export function isTfvarsFile(file: string): boolean {
  return file.endsWith(".tfvars");
}

export function isHclObject(value: unknown): value is HclObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The bodies of a nested block as hcl2json writes it (an array of objects), or undefined if not that shape. */
export function blockBodies(value: unknown): HclObject[] | undefined {
  if (!Array.isArray(value) || !value.every(isHclObject)) return undefined;
  return value;
}

/**
 * Parses every `.tf` and `.tfvars` file with hcl2json. Other files are ignored, so a whole bundle
 * directory can be passed. A file that does not parse yields a problem and is left out of the module.
 */
export async function parseModule(
  files: Record<string, string>,
): Promise<{ module: TerraformModule; problems: TerraformProblem[] }> {
  const parsed: TerraformModule = { files: [], tfvars: [], blocks: [] };
  const problems: TerraformProblem[] = [];
  for (const [file, content] of Object.entries(files)) {
    if (!isTerraformFile(file) && !isTfvarsFile(file)) continue;
    let json: HclObject;
    try {
      json = await parse(file, content);
    } catch (error) {
      problems.push(parseProblem(file, content, error));
      continue;
    }
    if (isTfvarsFile(file)) {
      parsed.tfvars.push({ file, content, json });
    } else {
      parsed.files.push({ file, content, json });
      parsed.blocks.push(...topLevelBlocks(file, json, problems));
    }
  }
  return { module: parsed, problems };
}

function parseProblem(file: string, content: string, error: unknown): TerraformProblem {
  // hcl2json reports "parse config: [file:3,7-4,1: Summary; Detail]"; the line tells us which block.
  const message = String(error instanceof Error ? error.message : error).replace(/^Error: /, "");
  const line = /:(\d+),\d+/.exec(message)?.[1];
  return {
    file,
    address: line ? blockAddressAtLine(content, Number(line)) : "",
    message: `Parse error: ${message}`,
  };
}

const BLOCK_HEADER =
  /^(?:(resource|data|ephemeral)\s+"([^"]+)"\s+"([^"]+)"|(variable|output|module|provider|check)\s+"([^"]+)"|(terraform|locals|moved|import|removed))\s*\{/;

/**
 * The address of the top-level block that contains a 1-based line, found from the block headers
 * (which `terraform fmt` always puts in column 0). "" when the line is outside any block.
 */
export function blockAddressAtLine(content: string, line: number): string {
  const lines = content.split("\n");
  for (let index = Math.min(line, lines.length) - 1; index >= 0; index--) {
    const header = BLOCK_HEADER.exec(lines[index] ?? "");
    if (!header) continue;
    const [, twoLabelKind, type, name, oneLabelKind, label, unlabelled] = header;
    if (twoLabelKind === "resource") return `${type}.${name}`;
    if (twoLabelKind) return `${twoLabelKind}.${type}.${name}`;
    if (oneLabelKind) return `${oneLabelKind}.${label}`;
    return unlabelled ?? "";
  }
  return "";
}

/** Flattens one file's hcl2json output into its top-level blocks. */
function topLevelBlocks(file: string, json: HclObject, problems: TerraformProblem[]): ModuleBlock[] {
  const blocks: ModuleBlock[] = [];
  const add = (kind: BlockKind, type: string, name: string, body: HclObject) =>
    blocks.push({ kind, type, name, body, file, address: addressOf(kind, type, name, body) });

  for (const [key, value] of Object.entries(json)) {
    switch (key) {
      case "resource":
      case "data":
      case "ephemeral":
        for (const [type, byName] of entriesOf(value))
          for (const [name, bodies] of entriesOf(byName))
            for (const body of blockBodies(bodies) ?? []) add(key, type, name, body);
        break;
      case "variable":
      case "output":
      case "module":
      case "provider":
      case "check":
        for (const [name, bodies] of entriesOf(value))
          for (const body of blockBodies(bodies) ?? []) add(key, key === "provider" ? name : "", name, body);
        break;
      case "locals":
        for (const body of blockBodies(value) ?? [])
          for (const [name, local] of Object.entries(body)) add("local", "", name, { [name]: local });
        break;
      case "terraform":
      case "import":
      case "moved":
      case "removed":
        for (const body of blockBodies(value) ?? []) add(key, "", "", body);
        break;
      default:
        problems.push({
          file,
          address: key,
          message: `Unsupported block type: "${key}" is not a Terraform top-level block (a top-level argument, or a typo)`,
        });
    }
  }
  return blocks;
}

function entriesOf(value: unknown): [string, unknown][] {
  return isHclObject(value) ? Object.entries(value) : [];
}

function addressOf(kind: BlockKind, type: string, name: string, body: HclObject): string {
  switch (kind) {
    case "resource":
      return `${type}.${name}`;
    case "data":
    case "ephemeral":
      return `${kind}.${type}.${name}`;
    case "provider":
      return typeof body.alias === "string" ? `provider.${name}.${body.alias}` : `provider.${name}`;
    case "terraform":
    case "import":
    case "moved":
    case "removed":
      return kind;
    default:
      return `${kind}.${name}`;
  }
}
