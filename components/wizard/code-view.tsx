import { memo, useEffect, useMemo, useState, type CSSProperties } from "react";
import type { ThemedToken } from "shiki/core";
import { languageOf, type CodeHighlighter, type CodeLanguage } from "@/lib/ui/highlight";

/**
 * Files up to this size are coloured in the same render that shows them (a few milliseconds), so typing
 * never flashes plain text; larger ones (the rotation function) are coloured just after, once, and cached.
 */
const SYNC_LIMIT = 8_000;

interface CodeViewProps {
  path: string;
  content: string;
  /** Null until shiki has loaded: the text shows plain meanwhile. */
  highlighter: CodeHighlighter | null;
}

interface LateTokens {
  content: string;
  language: CodeLanguage;
  tokens: ThemedToken[][];
}

/** A file's text, highlighted when possible; its text content is always exactly the file's. */
export function CodeView({ path, content, highlighter }: CodeViewProps) {
  const language = languageOf(path);
  const immediate = useMemo(() => {
    if (!highlighter) return undefined;
    return highlighter.cached(content, language) ?? (content.length <= SYNC_LIMIT ? highlighter.tokenize(content, language) : undefined);
  }, [highlighter, content, language]);

  const [late, setLate] = useState<LateTokens | null>(null);
  useEffect(() => {
    if (!highlighter || immediate) return;
    // After the plain text has painted; a later file or keystroke cancels it.
    const timer = setTimeout(() => setLate({ content, language, tokens: highlighter.tokenize(content, language) }), 30);
    return () => clearTimeout(timer);
  }, [highlighter, immediate, content, language]);

  const tokens = immediate ?? (late !== null && late.content === content && late.language === language ? late.tokens : undefined);
  return (
    <pre
      className="code"
      tabIndex={0}
      role="region"
      aria-label={`Content of ${path}`}
      data-testid="preview-content"
      data-language={language}
      data-highlighted={tokens ? "true" : undefined}
    >
      <code>{tokens ? <Lines tokens={tokens} /> : content}</code>
    </pre>
  );
}

const Lines = memo(function Lines({ tokens }: { tokens: ThemedToken[][] }) {
  return tokens.map((line, index) => (
    <span key={index} className="line">
      {line.map((token, column) => (
        <span key={column} style={token.htmlStyle as CSSProperties | undefined}>
          {token.content}
        </span>
      ))}
      {index < tokens.length - 1 && "\n"}
    </span>
  ));
});
