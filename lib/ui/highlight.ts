import type { ThemedToken } from "shiki/core";

/**
 * Syntax highlighting for the preview. Shiki and its grammars load with `import()` the first time the
 * preview shows a file (see `shiki.ts`); until then, and for files too large to colour between two
 * keystrokes, the preview shows plain text. Both show the same characters.
 */

/** The languages the bundle is written in; `text` needs no grammar. */
export type CodeLanguage = "hcl" | "python" | "shellscript" | "markdown" | "json" | "text";

export function languageOf(path: string): CodeLanguage {
  if (/\.(tf|tfvars|hcl)$/.test(path)) return "hcl";
  if (path.endsWith(".py")) return "python";
  if (path.endsWith(".sh")) return "shellscript";
  if (path.endsWith(".md")) return "markdown";
  if (path.endsWith(".json")) return "json";
  return "text";
}

export interface CodeHighlighter {
  /** Lines of tokens; each token's style holds its colour in both themes (`--shiki-light`, `--shiki-dark`). */
  tokenize(code: string, language: CodeLanguage): ThemedToken[][];
  /** The tokens of a file tokenized before, without tokenizing it again. */
  cached(code: string, language: CodeLanguage): ThemedToken[][] | undefined;
}

let loading: Promise<CodeHighlighter> | null = null;

export function loadHighlighter(): Promise<CodeHighlighter> {
  loading ??= import("./shiki")
    .then((module) => module.createCodeHighlighter())
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}
