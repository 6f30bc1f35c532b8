import type { Comment } from "./ast";

/**
 * Tokens of HCL's native syntax. Quoted strings and heredocs are templates: the lexer splits them into
 * literal text and `${…}` / `%{…}` sequences, whose insides are ordinary tokens again. Which tokens a
 * character starts depends only on the lexer's own stack of open strings, heredocs and braces, so the
 * whole file is tokenized before parsing.
 */
export type TokenType =
  | "nl"
  | "ident"
  | "number"
  | "punct"
  | "oquote"
  | "cquote"
  | "lit"
  | "interp"
  | "control"
  | "tend"
  | "oheredoc"
  | "cheredoc"
  | "eof";

export interface Token {
  type: TokenType;
  value: string;
  line: number;
  column: number;
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "HclSyntaxError";
  }
}

type Mode =
  | { kind: "normal" }
  | { kind: "brace" }
  | { kind: "interp" }
  | { kind: "string" }
  | { kind: "heredoc"; marker: string; atLineStart: boolean; openLine: number };

const PUNCT3 = new Set(["..."]);
const PUNCT2 = new Set(["==", "!=", "<=", ">=", "&&", "||", "=>"]);
const PUNCT1 = new Set(["=", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]"]);

const ID_START = /[\p{L}\p{Nl}_]/u;
const ID_CONTINUE = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_-]/u;

function isAsciiIdStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isAsciiIdContinue(code: number): boolean {
  return isAsciiIdStart(code) || (code >= 48 && code <= 57) || code === 45;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function tokenize(source: string): { tokens: Token[]; comments: Comment[] } {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const stack: Mode[] = [{ kind: "normal" }];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const length = text.length;

  const col = (at: number) => at - lineStart + 1;
  const push = (type: TokenType, value: string, at: number, atLine = line, atLineStartOffset = lineStart) =>
    tokens.push({ type, value, line: atLine, column: at - atLineStartOffset + 1 });
  const fail = (message: string, at = pos): never => {
    throw new HclSyntaxError(message, line, col(at));
  };
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };

  while (true) {
    const mode = stack[stack.length - 1]!;
    if (mode.kind === "string") {
      pos = scanQuoted(pos);
      continue;
    }
    if (mode.kind === "heredoc") {
      pos = scanHeredoc(pos, mode);
      continue;
    }
    if (pos >= length) break;
    const code = text.charCodeAt(pos);
    const ch = text[pos]!;
    if (code === 32 || code === 9 || code === 13) {
      pos++;
      continue;
    }
    if (code === 10) {
      push("nl", "\n", pos);
      newline(pos);
      pos++;
      continue;
    }
    if (ch === "#" || (ch === "/" && text[pos + 1] === "/")) {
      let end = text.indexOf("\n", pos);
      if (end === -1) end = length;
      comments.push({ text: text.slice(pos, end), line });
      pos = end;
      continue;
    }
    if (ch === "/" && text[pos + 1] === "*") {
      const end = text.indexOf("*/", pos + 2);
      if (end === -1) fail("Unterminated comment: a /* comment needs its closing */");
      const startLine = line;
      const startColumn = col(pos);
      const body = text.slice(pos, end + 2);
      comments.push({ text: body, line: startLine });
      let spansLines = false;
      for (let i = pos; i < end; i++) {
        if (text.charCodeAt(i) === 10) {
          newline(i);
          spansLines = true;
        }
      }
      // A comment that spans lines ends the line it started on, as a newline would.
      if (spansLines) tokens.push({ type: "nl", value: "\n", line: startLine, column: startColumn });
      pos = end + 2;
      continue;
    }
    if (ch === '"') {
      push("oquote", '"', pos);
      stack.push({ kind: "string" });
      pos++;
      continue;
    }
    if (ch === "<" && text[pos + 1] === "<") {
      const heredoc = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(text.slice(pos, pos + 300));
      if (heredoc) {
        push("oheredoc", heredoc[2]!, pos);
        const openLine = line;
        pos += heredoc[0].length;
        newline(pos - 1);
        stack.push({ kind: "heredoc", marker: heredoc[2]!, atLineStart: true, openLine });
        continue;
      }
    }
    if (ch === "{") {
      push("punct", "{", pos);
      stack.push({ kind: "brace" });
      pos++;
      continue;
    }
    if (ch === "~" && text[pos + 1] === "}" && mode.kind === "interp") {
      pos++;
      continue;
    }
    if (ch === "}") {
      if (mode.kind === "interp") {
        push("tend", "}", pos);
        stack.pop();
      } else {
        push("punct", "}", pos);
        if (mode.kind === "brace") stack.pop();
      }
      pos++;
      continue;
    }
    if (isDigit(code)) {
      const start = pos;
      while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
      if (text[pos] === "." && isDigit(text.charCodeAt(pos + 1))) {
        pos++;
        while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
      }
      if ((text[pos] === "e" || text[pos] === "E") && (isDigit(text.charCodeAt(pos + 1)) || ((text[pos + 1] === "+" || text[pos + 1] === "-") && isDigit(text.charCodeAt(pos + 2))))) {
        pos += 2;
        while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
      }
      push("number", text.slice(start, pos), start);
      continue;
    }
    if (isAsciiIdStart(code) || (code > 127 && ID_START.test(ch))) {
      const start = pos;
      pos++;
      while (pos < length) {
        const c = text.charCodeAt(pos);
        if (isAsciiIdContinue(c) || (c > 127 && ID_CONTINUE.test(text[pos]!))) pos++;
        // Provider functions: provider::aws::arn_parse.
        else if (c === 58 && text.charCodeAt(pos + 1) === 58 && pos + 2 < length && isAsciiIdStart(text.charCodeAt(pos + 2))) pos += 2;
        else break;
      }
      push("ident", text.slice(start, pos), start);
      continue;
    }
    const three = text.slice(pos, pos + 3);
    if (PUNCT3.has(three)) {
      push("punct", three, pos);
      pos += 3;
      continue;
    }
    const two = text.slice(pos, pos + 2);
    if (PUNCT2.has(two)) {
      push("punct", two, pos);
      pos += 2;
      continue;
    }
    if (PUNCT1.has(ch)) {
      push("punct", ch, pos);
      pos++;
      continue;
    }
    fail(`Invalid character ${JSON.stringify(ch)}: this character is not used in Terraform's language`);
  }
  const open = stack[stack.length - 1]!;
  if (open.kind === "interp") fail("Unterminated template interpolation: a ${ needs its closing }");
  tokens.push({ type: "eof", value: "", line, column: col(pos) });
  return { tokens, comments };

  /** Scans a quoted string from `at` up to and including its end, or up to an interpolation. */
  function scanQuoted(at: number): number {
    let literal = "";
    const startLine = line;
    const startOffset = lineStart;
    const literalStart = at;
    let i = at;
    while (true) {
      if (i >= length) fail("Unterminated string: a quoted string needs its closing quote", i);
      const ch = text[i]!;
      if (ch === "\n") {
        fail("Invalid multi-line string: quoted strings may not be split over lines; use \\n or a heredoc", i);
      }
      if (ch === '"') {
        if (literal !== "") tokens.push({ type: "lit", value: literal, line: startLine, column: literalStart - startOffset + 1 });
        push("cquote", '"', i);
        stack.pop();
        return i + 1;
      }
      if (ch === "\\") {
        const next = text[i + 1];
        const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
        if (next !== undefined && next in simple) {
          literal += simple[next];
          i += 2;
          continue;
        }
        if (next === "u" || next === "U") {
          const digits = next === "u" ? 4 : 8;
          const hex = text.slice(i + 2, i + 2 + digits);
          if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) fail("Invalid escape sequence: \\u needs four hex digits, \\U eight", i);
          const point = Number.parseInt(hex, 16);
          if (point > 0x10ffff) fail("Invalid escape sequence: no such Unicode character", i);
          literal += String.fromCodePoint(point);
          i += 2 + digits;
          continue;
        }
        fail("Invalid escape sequence: use \\n, \\r, \\t, \\\", \\\\, \\u or \\U", i);
      }
      if ((ch === "$" || ch === "%") && text[i + 1] === "{") {
        if (literal !== "") tokens.push({ type: "lit", value: literal, line: startLine, column: literalStart - startOffset + 1 });
        push(ch === "$" ? "interp" : "control", `${ch}{`, i);
        stack.push({ kind: "interp" });
        i += 2;
        if (text[i] === "~") i++;
        return i;
      }
      if ((ch === "$" || ch === "%") && text[i + 1] === ch && text[i + 2] === "{") {
        literal += `${ch}{`;
        i += 3;
        continue;
      }
      literal += ch;
      i++;
    }
  }

  /** Scans heredoc text from `at`: up to an interpolation, or through the closing marker. */
  function scanHeredoc(at: number, mode: Extract<Mode, { kind: "heredoc" }>): number {
    let literal = "";
    const startLine = line;
    const startOffset = lineStart;
    const literalStart = at;
    let i = at;
    const flush = () => {
      if (literal !== "") tokens.push({ type: "lit", value: literal, line: startLine, column: literalStart - startOffset + 1 });
      literal = "";
    };
    while (true) {
      if (mode.atLineStart) {
        let end = text.indexOf("\n", i);
        if (end === -1) end = length;
        if (text.slice(i, end).replace(/\r$/, "").trim() === mode.marker) {
          flush();
          tokens.push({ type: "cheredoc", value: mode.marker, line, column: i - lineStart + 1 });
          stack.pop();
          return end;
        }
        mode.atLineStart = false;
      }
      if (i >= length) {
        throw new HclSyntaxError(`Unterminated heredoc: no line ${mode.marker} closes the heredoc opened on line ${mode.openLine}`, mode.openLine, 1);
      }
      const ch = text[i]!;
      if ((ch === "$" || ch === "%") && text[i + 1] === "{") {
        flush();
        push(ch === "$" ? "interp" : "control", `${ch}{`, i);
        stack.push({ kind: "interp" });
        i += 2;
        if (text[i] === "~") i++;
        return i;
      }
      if ((ch === "$" || ch === "%") && text[i + 1] === ch && text[i + 2] === "{") {
        literal += `${ch}{`;
        i += 3;
        continue;
      }
      literal += ch;
      if (ch === "\n") {
        newline(i);
        mode.atLineStart = true;
      }
      i++;
    }
  }
}
