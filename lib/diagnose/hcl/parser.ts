import type { Attribute, Block, Body, HclFile } from "./ast";
import { ExpressionParser } from "./expressions";
import { tokenize, type Token } from "./lexer";
import { describe } from "./token-stream";

export { HclSyntaxError } from "./lexer";

/**
 * A recursive-descent parser for Terraform's native syntax (HCL 2): bodies of attributes and blocks, and
 * the whole expression language (templates and heredocs, operators, conditionals, `for` expressions,
 * splats, function calls). It keeps what the diagnosis needs, lines included; it never evaluates.
 * Hostile input gets an HclSyntaxError with a line, never a crash: nesting is limited.
 * This module is the entry and the body grammar; expressions are expressions.ts, the token cursor
 * token-stream.ts.
 */

export function parseHcl(path: string, source: string): HclFile {
  const { tokens, comments } = tokenize(source);
  const parser = new Parser(tokens);
  const body = parser.parseBody(null);
  return { path, body, comments };
}

/** The body grammar: attributes and blocks, one per line; expressions.ts parses the values. */
class Parser extends ExpressionParser {
  /** A body up to `}` (a block's) or the end of the file (`closer` null). */
  parseBody(opened: Token | null): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    const names = new Map<string, number>();
    while (true) {
      this.skipBlankLines();
      const token = this.peek();
      if (opened !== null && this.isPunct(token, "}")) return { attributes, blocks };
      if (token.type === "eof") {
        if (opened !== null) this.fail(`Unclosed configuration block: the block opened on line ${opened.line} has no closing }`, token);
        return { attributes, blocks };
      }
      if (token.type !== "ident") this.fail(`Argument or block definition required: expected a name, found ${describe(token)}`);
      const name = this.next();
      const after = this.peek();
      if (this.isPunct(after, "=")) {
        this.next();
        const expr = this.parseExpression();
        const previous = names.get(name.value);
        if (previous !== undefined) this.fail(`Attribute redefined: ${name.value} was already set on line ${previous}`, name);
        names.set(name.value, name.line);
        attributes.push({ name: name.value, expr, line: name.line });
        this.endOfItem(opened, `after the value of ${name.value}`);
        continue;
      }
      const labels: string[] = [];
      while (true) {
        const label = this.peek();
        if (label.type === "ident") {
          labels.push(this.next().value);
        } else if (label.type === "oquote") {
          this.next();
          let text = "";
          while (this.peek().type === "lit") text += this.next().value;
          if (this.peek().type !== "cquote") this.fail("Invalid block label: a label is a plain quoted string, without ${…}");
          this.next();
          labels.push(text);
        } else {
          break;
        }
      }
      const open = this.peek();
      if (!this.isPunct(open, "{")) {
        this.fail(labels.length === 0 && !this.isPunct(open, "{") ? `Invalid argument or block: expected "=" or "{" after ${name.value}, found ${describe(open)}` : `Invalid block definition: expected "{" after the labels of ${name.value}, found ${describe(open)}`);
      }
      this.next();
      this.enter(open);
      const body = this.parseBody(open);
      this.depth--;
      const close = this.next();
      blocks.push({ type: name.value, labels, body, line: name.line, endLine: close.line });
      this.endOfItem(opened, `after the block ${name.value}`);
    }
  }

  /** An attribute or block ends its line (or the single-line block it is in, or the file). */
  private endOfItem(opened: Token | null, where: string) {
    const token = this.peek();
    if (token.type === "nl" || token.type === "eof") return;
    if (opened !== null && this.isPunct(token, "}")) return;
    this.fail(`Missing newline ${where}: found ${describe(token)}; each argument and block goes on its own line`);
  }
}

/** Attribute by name, or undefined. */
export function attribute(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

/** Blocks of a type. */
export function blocksOf(body: Body, type: string): Block[] {
  return body.blocks.filter((b) => b.type === type);
}
