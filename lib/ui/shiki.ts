import { createHighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import type { ThemedToken } from "shiki/core";
import type { CodeHighlighter, CodeLanguage } from "./highlight";

/**
 * Shiki, loaded only by `loadHighlighter()`: the core, the JavaScript regular-expression engine (the
 * Content-Security-Policy allows no WebAssembly compilation, which the Oniguruma engine needs), the
 * grammars of the languages the bundle uses and one light and one dark theme. Both themes' colours go
 * into every token as CSS variables, so switching themes re-colours without highlighting again.
 */

const THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;

/** Tokenized files, newest last: re-selecting a file or typing back a value costs nothing. */
const CACHE_SIZE = 48;

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
  const cache = new Map<string, ThemedToken[][]>();
  const keyOf = (code: string, language: CodeLanguage) => `${language}\u0000${code}`;
  return {
    cached(code: string, language: CodeLanguage): ThemedToken[][] | undefined {
      return cache.get(keyOf(code, language));
    },
    tokenize(code: string, language: CodeLanguage): ThemedToken[][] {
      const key = keyOf(code, language);
      const cached = cache.get(key);
      if (cached) {
        cache.delete(key);
        cache.set(key, cached);
        return cached;
      }
      const { tokens } = highlighter.codeToTokens(code, { lang: language, themes: THEMES, defaultColor: false });
      cache.set(key, tokens);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return tokens;
    },
  };
}
