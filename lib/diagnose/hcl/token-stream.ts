import { HclSyntaxError, type Token } from "./lexer";

/**
 * The parser's footing: a cursor over the lexer's tokens that knows where newlines matter, fails with a
 * line and column (HclSyntaxError), and limits nesting so that hostile input cannot overflow the stack.
 * The expression grammar (expressions.ts) and the body grammar (parser.ts) build on it; kept apart so
 * that each grammar reads as grammar.
 */

const MAX_DEPTH = 100;

export class TokenStream {
  protected index = 0;
  protected depth = 0;
  /** Whether newlines are insignificant here: inside (), [], ${} and for expressions, but not in objects or bodies. */
  protected readonly skipNewlines: boolean[] = [false];

  constructor(protected readonly tokens: readonly Token[]) {}

  protected peek(): Token {
    if (this.skipNewlines[this.skipNewlines.length - 1]) {
      while (this.tokens[this.index]!.type === "nl") this.index++;
    }
    return this.tokens[this.index]!;
  }

  protected peekAt(offset: number): Token {
    this.peek();
    let i = this.index;
    let seen = 0;
    while (i < this.tokens.length - 1) {
      i++;
      if (this.skipNewlines[this.skipNewlines.length - 1] && this.tokens[i]!.type === "nl") continue;
      if (++seen === offset) break;
    }
    return this.tokens[Math.min(i, this.tokens.length - 1)]!;
  }

  protected next(): Token {
    const token = this.peek();
    if (token.type !== "eof") this.index++;
    return token;
  }

  protected isPunct(token: Token, value: string): boolean {
    return token.type === "punct" && token.value === value;
  }

  protected fail(message: string, token: Token = this.peek()): never {
    throw new HclSyntaxError(message, token.line, token.column);
  }

  protected expectPunct(value: string, context: string): Token {
    const token = this.peek();
    if (!this.isPunct(token, value)) this.fail(`${context}: expected "${value}", found ${describe(token)}`);
    return this.next();
  }

  protected enter(token: Token) {
    if (++this.depth > MAX_DEPTH) this.fail(`Nesting too deep: more than ${MAX_DEPTH} levels of blocks or expressions`, token);
  }

  protected withNewlines<T>(skip: boolean, parse: () => T): T {
    this.skipNewlines.push(skip);
    try {
      return parse();
    } finally {
      this.skipNewlines.pop();
    }
  }

  protected skipBlankLines() {
    while (this.tokens[this.index]!.type === "nl") this.index++;
  }
}

/** A token as an error message names it. */
export function describe(token: Token): string {
  switch (token.type) {
    case "nl":
      return "the end of the line";
    case "eof":
      return "the end of the file";
    case "oquote":
    case "cquote":
      return "a quote";
    case "lit":
      return "text";
    case "oheredoc":
      return "a heredoc";
    case "interp":
    case "control":
      return `"${token.value}"`;
    default:
      return `"${token.value.length > 40 ? `${token.value.slice(0, 40)}…` : token.value}"`;
  }
}
