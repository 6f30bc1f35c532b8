/**
 * The small Python printer of the rotation function: contributors hand in import lists and
 * top-level blocks; this file alone decides how they are laid out (PEP 8: imports grouped and
 * sorted, two blank lines between top-level blocks, one final newline).
 */

export interface PythonImports {
  /** Standard library modules, as full statements: "import json", "from os import path". */
  readonly standard?: readonly string[];
  /** Third-party modules (boto3 and the database driver). */
  readonly thirdParty?: readonly string[];
}

export interface PythonPart {
  readonly imports?: PythonImports;
  /** Top-level blocks (functions, classes, constants), each already indented as Python needs. */
  readonly blocks: readonly string[];
}

function importGroup(statements: readonly string[]): string {
  const unique = [...new Set(statements)];
  // "import x" lines before "from x import y" lines, each sorted by module: isort's default.
  const key = (s: string) => `${s.startsWith("from ") ? 1 : 0} ${s.replace(/^(from|import) /, "")}`;
  return unique.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).join("\n");
}

/** Renders one Python module: docstring, grouped imports, then every part's blocks in order. */
export function pythonModule(docstring: string, parts: readonly PythonPart[]): string {
  const standard = parts.flatMap((p) => p.imports?.standard ?? []);
  const thirdParty = parts.flatMap((p) => p.imports?.thirdParty ?? []);
  const head = [`"""${docstring.trim()}\n"""`, [importGroup(standard), importGroup(thirdParty)].filter(Boolean).join("\n\n")];
  const blocks = parts.flatMap((p) => p.blocks).map((b) => b.trim()).filter((b) => b.length > 0);
  return `${[...head, ...blocks].join("\n\n\n")}\n`;
}
