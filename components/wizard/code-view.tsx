import { memo, useEffect, useMemo, useState, type CSSProperties } from "react";
import type { BundleFile } from "@/lib/generators/types";
import { languageOf, type CodeHighlighter, type CodeLanguage, type HighlightedLine } from "@/lib/ui/highlight";

/**
 * A version of a file with up to this many lines to colour (lines an edit changed, or all of a file shown
 * for the first time) is coloured in the same render that shows it, so typing never flashes plain text;
 * more (the rotation function, the first time) is coloured just after, once, and cached.
 */
const SYNC_LINES = 150;

interface CodeViewProps {
  path: string;
  content: string;
  /** Null until shiki has loaded: the text shows plain meanwhile. */
  highlighter: CodeHighlighter | null;
}

interface LateTokens {
  content: string;
  language: CodeLanguage;
  lines: readonly HighlightedLine[];
}

/**
 * Colours the bundle's other files while the page is idle, so that opening one (the preview follows an edit
 * to the file it changed) shows it coloured at once, instead of costing the keystroke that led there. Files
 * with more lines to colour than a render may take wait until they are opened, as before.
 */
export function useWarmHighlighting(highlighter: CodeHighlighter | null, files: readonly BundleFile[] | null) {
  useEffect(() => {
    if (!highlighter || !files || typeof requestIdleCallback !== "function") return;
    const waiting = files.filter((file) => {
      const lines = highlighter.linesToTokenize(file.path, file.content, languageOf(file.path));
      return lines > 0 && lines <= SYNC_LINES;
    });
    let handle = 0;
    const colourWhileIdle = (deadline: IdleDeadline) => {
      // A line at a time while the browser says it is idle: a keystroke that comes meanwhile waits for one
      // line, not for a whole file (which, on a slow device, took longer than the keystroke's own work).
      const idle = () => deadline.timeRemaining() > 1;
      while (waiting.length > 0 && idle()) {
        const file = waiting[0]!;
        if (highlighter.tokenizeAhead(file.path, file.content, languageOf(file.path), idle)) waiting.shift();
      }
      if (waiting.length > 0) handle = requestIdleCallback(colourWhileIdle);
    };
    handle = requestIdleCallback(colourWhileIdle);
    return () => cancelIdleCallback(handle);
  }, [highlighter, files]);
}

/** A file's text, highlighted when possible; its text content is always exactly the file's. */
export function CodeView({ path, content, highlighter }: CodeViewProps) {
  const language = languageOf(path);
  const immediate = useMemo(() => {
    if (!highlighter) return undefined;
    if (highlighter.linesToTokenize(path, content, language) > SYNC_LINES) return highlighter.cached(content, language);
    return highlighter.tokenize(path, content, language);
  }, [highlighter, path, content, language]);

  const [late, setLate] = useState<LateTokens | null>(null);
  useEffect(() => {
    if (!highlighter || immediate) return;
    // After the plain text has painted; a later file or keystroke cancels it.
    const timer = setTimeout(() => setLate({ content, language, lines: highlighter.tokenize(path, content, language) }), 30);
    return () => clearTimeout(timer);
  }, [highlighter, immediate, path, content, language]);

  const lines = immediate ?? (late !== null && late.content === content && late.language === language ? late.lines : undefined);
  return (
    <pre
      className="code"
      tabIndex={0}
      role="region"
      aria-label={`Content of ${path}`}
      data-testid="preview-content"
      data-language={language}
      data-highlighted={lines ? "true" : undefined}
    >
      <code>{lines ? lines.map((line, index) => <Line key={index} line={line} last={index === lines.length - 1} />) : content}</code>
    </pre>
  );
}

/** One line; memoised, so the lines an edit left as they were (the same objects) do not render again. */
const Line = memo(function Line({ line, last }: { line: HighlightedLine; last: boolean }) {
  return (
    <span className="line">
      {line.tokens.map((token, column) => (
        <span key={column} style={token.htmlStyle as CSSProperties | undefined}>
          {token.content}
        </span>
      ))}
      {!last && "\n"}
    </span>
  );
});
