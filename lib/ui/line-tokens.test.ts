import { beforeAll, describe, expect, it } from "vitest";
import { createHighlighterCore, type HighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import { bundleOf, testPlan } from "@/tests/support/plans";
import type { PlanValues } from "@/lib/config";
import { languageOf, type CodeHighlighter, type HighlightedLine } from "./highlight";
import { changedLineCount, tokenizeLines, type LineGrammar } from "./line-tokens";
import { createCodeHighlighter } from "./shiki";

/**
 * The preview colours a new version of a file by reusing the lines of the last one. Whatever it reuses,
 * the result must be what shiki gives for the whole file at once: checked on real bundle files (Terraform,
 * Markdown with fenced blocks, Python, shell) across edits a user makes.
 */

const THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;

let shiki: HighlighterCore;
let highlighter: CodeHighlighter;

beforeAll(async () => {
  shiki = await createHighlighterCore({
    engine: createJavaScriptRegexEngine(),
    langs: [import("shiki/langs/hcl.mjs"), import("shiki/langs/python.mjs"), import("shiki/langs/shellscript.mjs"), import("shiki/langs/markdown.mjs"), import("shiki/langs/json.mjs")],
    themes: [import("shiki/themes/github-light-default.mjs"), import("shiki/themes/github-dark-default.mjs")],
  });
  highlighter = await createCodeHighlighter();
});

/** What the page shows of a line: each token's text and colours. */
const shown = (lines: readonly { tokens: readonly { content: string; htmlStyle?: unknown }[] }[]) =>
  lines.map((line) => line.tokens.map((token) => [token.content, token.htmlStyle]));

/** Shiki's tokens of the whole file in one call: the reference. */
function wholeFile(path: string, code: string) {
  const { tokens } = shiki.codeToTokens(code, { lang: languageOf(path), themes: THEMES, defaultColor: false });
  return shown(tokens.map((lineTokens) => ({ tokens: lineTokens })));
}

const EDITS: Array<[string, Partial<PlanValues>, Partial<PlanValues>]> = [
  ["a name typed", { name: "orders" }, { name: "orders-db" }],
  ["a schedule given", {}, { schedule: "cron(0 4 ? * SUN *)" }],
  ["an alarm added", {}, { alarm: "ops@example.com" }],
  ["another engine", { engine: "postgres" }, { engine: "mysql" }],
  ["alternating users", {}, { strategy: "alternating", master: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin-AbCdEf" }],
];

describe("colouring a new version of a file from the last one", () => {
  it.each(EDITS)("gives what shiki gives for the whole file, after %s", (_edit, before, after) => {
    const last = bundleOf(testPlan(before));
    for (const file of bundleOf(testPlan(after))) {
      const language = languageOf(file.path);
      if (language === "text") continue;
      const previous = last.find(({ path }) => path === file.path);
      // Through the preview's own highlighter: the last version first, then this one.
      const path = `${_edit}/${file.path}`;
      if (previous) highlighter.tokenize(path, previous.content, language);
      const lines: readonly HighlightedLine[] = highlighter.tokenize(path, file.content, language);
      expect(lines.map((line) => line.text).join("\n"), file.path).toBe(file.content);
      expect(shown(lines), file.path).toEqual(wholeFile(file.path, file.content));
    }
  });

  it("reuses the lines a keystroke left as they were, in every file of the bundle", () => {
    const before = bundleOf(testPlan({ name: "orders" }));
    for (const file of bundleOf(testPlan({ name: "orders-" }))) {
      const language = languageOf(file.path);
      if (language === "text") continue; // no grammar: its lines cost nothing to split again
      const last = highlighter.tokenize(`keystroke/${file.path}`, before.find(({ path }) => path === file.path)!.content, language);
      const lines = highlighter.tokenize(`keystroke/${file.path}`, file.content, language);
      const reused = lines.filter((line) => last.includes(line)).length;
      const sameText = lines.filter((line, index) => last[index]?.text === line.text).length;
      expect(reused, file.path).toBe(sameText);
    }
  });

  it("reads with the grammar only the lines an edit changed, and reuses the others as they were", () => {
    let calls = 0;
    // A grammar that counts its calls and carries a state (inside a fenced block or not), like Markdown's.
    const fences: LineGrammar<string, boolean> = {
      initial: false,
      tokenizeLine(text, inside) {
        calls++;
        return { tokens: [inside ? `code:${text}` : text], end: text.startsWith("```") ? !inside : inside };
      },
      sameState: (a, b) => a === b,
    };
    const first = tokenizeLines(["# Title", "text", "```", "code", "```", "after", "end"], [], fences);
    expect(calls).toBe(7);

    calls = 0;
    const edited = tokenizeLines(["# Title", "text!", "```", "code", "```", "after", "end"], first, fences);
    expect(calls).toBe(1);
    expect(edited[0]).toBe(first[0]);
    expect(edited[2]).toBe(first[2]);
    expect(edited.map((line) => line.tokens[0])).toEqual(["# Title", "text!", "```", "code:code", "code:```", "after", "end"]);

    // A line added before the fence: the lines after it keep their place from the end and are reused.
    calls = 0;
    const added = tokenizeLines(["# Title", "new", "text", "```", "code", "```", "after", "end"], first, fences);
    expect(calls).toBe(1);
    expect(added.slice(2)).toEqual(first.slice(1));

    // An opening fence removed: the lines after it start in another state and are read again.
    calls = 0;
    const unfenced = tokenizeLines(["# Title", "text", "code", "```", "after", "end"], first, fences);
    expect(unfenced.map((line) => line.tokens[0])).toEqual(["# Title", "text", "code", "```", "code:after", "code:end"]);
    expect(calls).toBeGreaterThan(1);
    expect(changedLineCount(["# Title", "text", "code", "```", "after", "end"], first)).toBeLessThan(calls);
  });
});

describe("colouring ahead of time, a line at a time", () => {
  it("stops when asked, goes on where it stopped, and ends with what tokenize gives", () => {
    const readme = bundleOf(testPlan({ name: "ahead" })).find(({ path }) => path === "README.md")!;
    const path = "ahead/README.md";
    // Allowed one grammar line per call: the most a keystroke would wait for.
    const oneLine = () => {
      let left = 1;
      return () => left-- > 0;
    };
    let calls = 0;
    while (!highlighter.tokenizeAhead(path, readme.content, "markdown", oneLine())) {
      calls++;
      expect(highlighter.cached(readme.content, "markdown"), "not cached before it is done").toBeUndefined();
    }
    expect(calls).toBeGreaterThan(10);
    const ahead = highlighter.cached(readme.content, "markdown")!;
    expect(shown(ahead)).toEqual(wholeFile(readme.path, readme.content));
    // Opening the file now reads nothing again: the very lines tokenized ahead.
    expect(highlighter.linesToTokenize(path, readme.content, "markdown")).toBe(0);
    expect(highlighter.tokenize(path, readme.content, "markdown")).toBe(ahead);
  });

  it("starts over when the file has changed since it stopped", () => {
    const [before, after] = [testPlan({ name: "first" }), testPlan({ name: "second" })].map((plan) => bundleOf(plan).find(({ path }) => path === "secret.tf")!);
    const path = "ahead/secret.tf";
    expect(highlighter.tokenizeAhead(path, before!.content, "hcl", () => false)).toBe(false);
    expect(highlighter.tokenizeAhead(path, after!.content, "hcl", () => true)).toBe(true);
    expect(shown(highlighter.cached(after!.content, "hcl")!)).toEqual(wholeFile("secret.tf", after!.content));
    expect(highlighter.cached(before!.content, "hcl")).toBeUndefined();
  });
});
