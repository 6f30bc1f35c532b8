/**
 * How lambda/rotation.py is made from the Python files in ./python (embedded byte for byte in
 * python-sources.generated.ts): keep the regions that apply, take each file's imports out, and
 * print one module. Nothing here writes Python; it only selects and orders the files' own lines.
 *
 * A region is a pair of comment lines, `# [tag]` ... `# [/tag]` (any indentation); its lines are
 * kept only when the tag is active. Regions may nest; every tag must be a known one.
 */

export interface PythonSource {
  /** The file's docstring, quotes included, or null. */
  readonly docstring: string | null;
  /** Import statements of the standard library, then of third-party packages. */
  readonly standard: readonly string[];
  readonly thirdParty: readonly string[];
  /** Everything after the imports, without leading or trailing blank lines. */
  readonly body: string;
}

const REGION = /^\s*# \[(\/?)([a-z0-9_-]+)\]\s*$/;
const IMPORT = /^(?:import|from) ([A-Za-z_][\w]*)/;
/** The third-party packages the function imports: boto3 comes with the Lambda runtime; the drivers are in requirements.ts. */
const THIRD_PARTY = new Set(["boto3", "botocore", "psycopg2", "pymysql"]);

/** The source without the regions whose tag is not active, and without the region markers. */
export function selectRegions(source: string, active: ReadonlySet<string>, known: ReadonlySet<string>, name: string): string {
  const kept: string[] = [];
  const open: { tag: string; line: number }[] = [];
  source.split("\n").forEach((line, index) => {
    const marker = REGION.exec(line);
    if (!marker) {
      if (open.every((region) => active.has(region.tag))) kept.push(line);
      return;
    }
    const [, closing, tag = ""] = marker;
    if (!known.has(tag)) throw new Error(`${name}:${index + 1}: unknown region tag [${tag}]; known: ${[...known].join(", ")}`);
    if (!closing) {
      open.push({ tag, line: index + 1 });
      return;
    }
    const region = open.pop();
    if (region?.tag !== tag) {
      throw new Error(`${name}:${index + 1}: [/${tag}] closes ${region ? `[${region.tag}] of line ${region.line}` : "no region"}`);
    }
  });
  const unclosed = open.pop();
  if (unclosed) throw new Error(`${name}:${unclosed.line}: region [${unclosed.tag}] is never closed`);
  return kept.join("\n");
}

/** A file's docstring, its imports and the rest. Imports must be single-line statements right after the docstring. */
export function splitModule(source: string, name: string): PythonSource {
  const lines = source.split("\n");
  let at = 0;
  let docstring: string | null = null;
  if (lines[0]?.startsWith('"""')) {
    const end = lines.findIndex((line, index) => line.endsWith('"""') && (index > 0 || line.length >= 6));
    if (end < 0) throw new Error(`${name}: the docstring is never closed`);
    docstring = lines.slice(0, end + 1).join("\n");
    at = end + 1;
  }
  const standard: string[] = [];
  const thirdParty: string[] = [];
  for (; at < lines.length; at++) {
    const line = lines[at]!;
    if (line.trim() === "") continue;
    const imported = IMPORT.exec(line)?.[1];
    if (imported === undefined) break;
    if (/[(\\]$/.test(line)) throw new Error(`${name}:${at + 1}: write each import on one line`);
    (THIRD_PARTY.has(imported) ? thirdParty : standard).push(line);
  }
  return { docstring, standard, thirdParty, body: lines.slice(at).join("\n").trim() };
}

function importGroup(statements: readonly string[]): string {
  const unique = [...new Set(statements)];
  // "import x" lines before "from x import y" lines, each sorted by module: isort's default.
  const key = (s: string) => `${s.startsWith("from ") ? 1 : 0} ${s.replace(/^(from|import) /, "")}`;
  return unique.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).join("\n");
}

/** One module: the docstring, every file's imports merged and grouped (PEP 8), then the files' bodies in order. */
export function pythonModule(docstring: string, sources: readonly PythonSource[]): string {
  const imports = [importGroup(sources.flatMap((s) => s.standard)), importGroup(sources.flatMap((s) => s.thirdParty))].filter(Boolean).join("\n\n");
  const parts = [docstring, imports, ...sources.map((s) => s.body)].filter((part) => part.length > 0);
  return `${parts.join("\n\n\n")}\n`;
}
