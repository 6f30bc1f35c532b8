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

/** A line of a file and its tokens; each token's style holds its colour in both themes (`--shiki-light`, `--shiki-dark`). */
export interface HighlightedLine {
  readonly text: string;
  readonly tokens: readonly ThemedToken[];
}

export interface CodeHighlighter {
  /**
   * The lines of a file's content, tokenized. The lines of the last version of the same file (`path`) are
   * reused where an edit left them as they were: the same objects, so the view renders them only once.
   */
  tokenize(path: string, code: string, language: CodeLanguage): readonly HighlightedLine[];
  /** The tokens of a content tokenized before, without tokenizing it again. */
  cached(code: string, language: CodeLanguage): readonly HighlightedLine[] | undefined;
  /** About how many lines `tokenize` would have to read with the grammar: the cost of colouring this version now. */
  linesToTokenize(path: string, code: string, language: CodeLanguage): number;
  /**
   * `tokenize` ahead of time, a line at a time for as long as `goOn()` says, picking up where the last call
   * for the same version stopped. True once the version is tokenized (and cached, as `tokenize` caches it).
   */
  tokenizeAhead(path: string, code: string, language: CodeLanguage, goOn: () => boolean): boolean;
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
