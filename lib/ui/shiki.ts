import { createHighlighterCore, type GrammarState, type HighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import type { ThemedToken } from "shiki/core";
import type { CodeHighlighter, CodeLanguage, HighlightedLine } from "./highlight";
import { changedLineCount, tokenizeLines, tokenizeLinesInSteps, type LineGrammar, type TokenizedLine } from "./line-tokens";

/**
 * Shiki, loaded only by `loadHighlighter()`: the core, the JavaScript regular-expression engine (the
 * Content-Security-Policy allows no WebAssembly compilation, which the Oniguruma engine needs), the
 * grammars of the languages the bundle uses and one light and one dark theme. Both themes' colours go
 * into every token as CSS variables, so switching themes re-colours without highlighting again.
 */

const THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;

/** Tokenized contents, newest last: re-selecting a file or typing back a value costs nothing. */
const CACHE_SIZE = 48;

type GrammarLanguage = Exclude<CodeLanguage, "text">;

/** Shiki as a line grammar (see line-tokens.ts): one call per line, carrying the grammar's state across. */
function lineGrammar(highlighter: HighlighterCore, language: GrammarLanguage): LineGrammar<ThemedToken, GrammarState> {
  const options = { lang: language, themes: THEMES, defaultColor: false } as const;
  return {
    initial: highlighter.codeToTokens("", options).grammarState!,
    tokenizeLine(text, start) {
      const { tokens, grammarState } = highlighter.codeToTokens(text, { ...options, grammarState: start });
      return { tokens: tokens[0] ?? [], end: grammarState ?? start };
    },
    // The state holds one stack per theme (both read the same grammar): equal when every theme's is.
    sameState: (a, b) => a.themes.every((theme) => b.getInternalStack(theme)?.equals(a.getInternalStack(theme)!) ?? false),
  };
}

export async function createCodeHighlighter(): Promise<CodeHighlighter> {
  const highlighter = await createHighlighterCore({
    engine: createJavaScriptRegexEngine(),
    langs: [
      import("shiki/langs/hcl.mjs"),
      import("shiki/langs/python.mjs"),
      import("shiki/langs/shellscript.mjs"),
      import("shiki/langs/markdown.mjs"),
      import("shiki/langs/json.mjs"),
    ],
    themes: [import("shiki/themes/github-light-default.mjs"), import("shiki/themes/github-dark-default.mjs")],
  });
  const grammars = new Map<GrammarLanguage, LineGrammar<ThemedToken, GrammarState>>();
  const grammarOf = (language: GrammarLanguage) => {
    if (!grammars.has(language)) grammars.set(language, lineGrammar(highlighter, language));
    return grammars.get(language)!;
  };
  const keyOf = (code: string, language: CodeLanguage) => `${language}\u0000${code}`;
  const cache = new Map<string, TokenizedLine<ThemedToken, GrammarState>[]>();
  /** The last version of each file, whose unchanged lines the next version reuses. */
  const latest = new Map<string, TokenizedLine<ThemedToken, GrammarState>[]>();
  const latestOf = (path: string, language: CodeLanguage) => latest.get(keyOf(path, language)) ?? [];
  /** Keeps a version's lines: newest last, so the least recently shown content leaves the cache first. */
  const remember = (path: string, key: string, language: CodeLanguage, lines: TokenizedLine<ThemedToken, GrammarState>[]) => {
    cache.delete(key);
    cache.set(key, lines);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    latest.set(keyOf(path, language), lines);
  };
  /** Versions being tokenized ahead of time, by path: the version's key and where its tokenizing stopped. */
  const ahead = new Map<string, { key: string; steps: Generator<void, TokenizedLine<ThemedToken, GrammarState>[], void> }>();
  return {
    cached(code, language) {
      return language === "text" ? plainLines(code) : cache.get(keyOf(code, language));
    },
    linesToTokenize(path, code, language) {
      if (language === "text" || cache.has(keyOf(code, language))) return 0;
      return changedLineCount(code.split("\n"), latestOf(path, language));
    },
    tokenize(path, code, language) {
      if (language === "text") return plainLines(code);
      const key = keyOf(code, language);
      const lines = cache.get(key) ?? tokenizeLines(code.split("\n"), latestOf(path, language), grammarOf(language));
      remember(path, key, language, lines);
      return lines;
    },
    tokenizeAhead(path, code, language, goOn) {
      const key = keyOf(code, language);
      if (language === "text" || cache.has(key)) {
        // Already shown (and so tokenized) since: what was left of an earlier version is not needed.
        ahead.delete(path);
        return true;
      }
      let pending = ahead.get(path);
      if (pending?.key !== key) {
        pending = { key, steps: tokenizeLinesInSteps(code.split("\n"), latestOf(path, language), grammarOf(language)) };
        ahead.set(path, pending);
      }
      while (goOn()) {
        const step = pending.steps.next();
        if (step.done) {
          ahead.delete(path);
          remember(path, key, language, step.value);
          return true;
        }
      }
      return false;
    },
  };
}

/** A file with no grammar: each line one uncoloured token. */
function plainLines(code: string): HighlightedLine[] {
  return code.split("\n").map((text) => ({ text, tokens: text === "" ? [] : [{ content: text, offset: 0 }] }));
}
