import type { Expr, Step, TemplatePart } from "./ast";
import type { Token } from "./lexer";
import { describe, TokenStream } from "./token-stream";

/**
 * HCL 2's expression language, as the diagnosis reads it: operators by precedence, conditionals,
 * traversals, index and splat steps, function calls, tuples, objects, `for` expressions, and templates
 * and heredocs with their interpolations and directives. Kept apart from the body grammar (parser.ts),
 * which calls parseExpression for every attribute value.
 */

const BINARY_LEVELS: ReadonlyArray<ReadonlySet<string>> = [
  new Set(["||"]),
  new Set(["&&"]),
  new Set(["==", "!="]),
  new Set(["<", ">", "<=", ">="]),
  new Set(["+", "-"]),
  new Set(["*", "/", "%"]),
];

export class ExpressionParser extends TokenStream {
  parseExpression(): Expr {
    const start = this.peek();
    this.enter(start);
    try {
      const condition = this.parseBinary(0);
      if (this.isPunct(this.peek(), "?")) {
        this.next();
        const whenTrue = this.parseExpression();
        this.expectPunct(":", "Invalid conditional");
        const whenFalse = this.parseExpression();
        return { kind: "compound", op: "?:", operands: [condition, whenTrue, whenFalse], line: start.line };
      }
      return condition;
    } finally {
      this.depth--;
    }
  }

  protected parseBinary(level: number): Expr {
    let left = level === BINARY_LEVELS.length ? this.parseUnary() : this.parseBinary(level + 1);
    if (level === BINARY_LEVELS.length) return left;
    const operators = BINARY_LEVELS[level]!;
    while (true) {
      const token = this.peek();
      if (token.type !== "punct" || !operators.has(token.value)) return left;
      this.next();
      const right = this.parseBinary(level + 1);
      left = { kind: "compound", op: token.value, operands: [left, right], line: left.line };
    }
  }

  protected parseUnary(): Expr {
    const token = this.peek();
    if (this.isPunct(token, "!") || this.isPunct(token, "-")) {
      this.next();
      this.enter(token);
      try {
        return { kind: "compound", op: `unary${token.value}`, operands: [this.parseUnary()], line: token.line };
      } finally {
        this.depth--;
      }
    }
    return this.parsePostfix(this.parseTerm());
  }

  protected parsePostfix(base: Expr): Expr {
    const steps: Step[] = [];
    while (true) {
      const token = this.peek();
      if (this.isPunct(token, ".")) {
        this.next();
        const name = this.next();
        if (name.type === "ident") steps.push({ attr: name.value });
        else if (name.type === "number") steps.push({ index: { kind: "literal", value: Number(name.value), line: name.line } });
        else if (this.isPunct(name, "*")) steps.push({ splat: true });
        else this.fail(`Invalid attribute name: expected a name after ".", found ${describe(name)}`, name);
        continue;
      }
      if (this.isPunct(token, "[")) {
        this.next();
        if (this.isPunct(this.peek(), "*")) {
          this.next();
          this.expectPunct("]", "Invalid splat");
          steps.push({ splat: true });
          continue;
        }
        const index = this.withNewlines(true, () => this.parseExpression());
        this.withNewlines(true, () => this.expectPunct("]", "Invalid index"));
        steps.push({ index });
        continue;
      }
      break;
    }
    if (steps.length === 0) return base;
    if (base.kind === "traversal") return { ...base, steps: [...base.steps, ...steps] };
    return { kind: "access", target: base, steps, line: base.line };
  }

  protected parseTerm(): Expr {
    const token = this.peek();
    switch (token.type) {
      case "number":
        this.next();
        return { kind: "literal", value: Number(token.value), line: token.line };
      case "ident": {
        this.next();
        if (token.value === "true" || token.value === "false") return { kind: "literal", value: token.value === "true", line: token.line };
        if (token.value === "null") return { kind: "literal", value: null, line: token.line };
        if (this.isPunct(this.tokens[this.index]!, "(")) return this.parseCall(token);
        return { kind: "traversal", root: token.value, steps: [], line: token.line };
      }
      case "oquote":
        this.next();
        return this.parseTemplate("cquote", token, false);
      case "oheredoc":
        this.next();
        return this.parseTemplate("cheredoc", token, true);
      case "punct":
        if (token.value === "(") {
          this.next();
          return this.withNewlines(true, () => {
            const inner = this.parseExpression();
            this.expectPunct(")", "Unbalanced parentheses");
            return { kind: "compound", op: "()", operands: [inner], line: token.line } as Expr;
          });
        }
        if (token.value === "[") {
          this.next();
          return this.withNewlines(true, () => this.parseTuple(token));
        }
        if (token.value === "{") {
          this.next();
          return this.withNewlines(false, () => this.parseObject(token));
        }
        break;
      default:
        break;
    }
    return this.fail(`Invalid expression: expected a value, found ${describe(token)}`);
  }

  protected parseCall(name: Token): Expr {
    this.next(); // (
    this.enter(name);
    try {
      return this.withNewlines(true, () => {
        const args: Expr[] = [];
        while (!this.isPunct(this.peek(), ")")) {
          args.push(this.parseExpression());
          if (this.isPunct(this.peek(), "...")) this.next();
          if (this.isPunct(this.peek(), ",")) {
            this.next();
            continue;
          }
          if (!this.isPunct(this.peek(), ")")) this.fail(`Missing argument separator in the call to ${name.value}: expected "," or ")", found ${describe(this.peek())}`);
        }
        this.next();
        return { kind: "call", name: name.value, args, line: name.line } as Expr;
      });
    } finally {
      this.depth--;
    }
  }

  protected isForStart(): boolean {
    const first = this.peek();
    return first.type === "ident" && first.value === "for" && this.peekAt(1).type === "ident";
  }

  protected parseTuple(open: Token): Expr {
    this.enter(open);
    try {
      if (this.isForStart()) return this.parseFor(open, "]");
      const items: Expr[] = [];
      while (!this.isPunct(this.peek(), "]")) {
        if (this.peek().type === "eof") this.fail(`Unclosed list: the [ on line ${open.line} has no closing ]`);
        items.push(this.parseExpression());
        if (this.isPunct(this.peek(), ",")) {
          this.next();
          continue;
        }
        if (!this.isPunct(this.peek(), "]")) this.fail(`Missing item separator in a list: expected "," or "]", found ${describe(this.peek())}`);
      }
      this.next();
      return { kind: "tuple", items, line: open.line };
    } finally {
      this.depth--;
    }
  }

  protected parseObject(open: Token): Expr {
    this.enter(open);
    try {
      this.skipBlankLines();
      if (this.isForStart()) return this.withNewlines(true, () => this.parseFor(open, "}"));
      const items: Array<{ key: Expr; value: Expr }> = [];
      while (true) {
        this.skipBlankLines();
        const token = this.peek();
        if (this.isPunct(token, "}")) break;
        if (token.type === "eof") this.fail(`Unclosed object: the { on line ${open.line} has no closing }`);
        const key = this.parseExpression();
        const separator = this.peek();
        if (!this.isPunct(separator, "=") && !this.isPunct(separator, ":")) {
          this.fail(`Missing key/value separator in an object: expected "=" or ":", found ${describe(separator)}`);
        }
        this.next();
        const value = this.parseExpression();
        items.push({ key, value });
        const after = this.peek();
        if (this.isPunct(after, ",")) this.next();
        else if (after.type !== "nl" && !this.isPunct(after, "}")) {
          this.fail(`Missing item separator in an object: expected a comma or a new line, found ${describe(after)}`);
        }
      }
      this.next();
      return { kind: "object", items, line: open.line };
    } finally {
      this.depth--;
    }
  }

  protected parseFor(open: Token, closer: "]" | "}"): Expr {
    this.next(); // for
    const names = [this.next()];
    if (this.isPunct(this.peek(), ",")) {
      this.next();
      names.push(this.next());
    }
    for (const name of names) if (name.type !== "ident") this.fail(`Invalid for expression: expected a variable name, found ${describe(name)}`, name);
    const keyword = this.next();
    if (keyword.type !== "ident" || keyword.value !== "in") this.fail(`Invalid for expression: expected "in", found ${describe(keyword)}`, keyword);
    const collection = this.parseExpression();
    this.expectPunct(":", "Invalid for expression");
    const operands = [collection, this.parseExpression()];
    if (closer === "}") {
      this.expectPunct("=>", "Invalid for expression: an object for needs key => value");
      operands.push(this.parseExpression());
      if (this.isPunct(this.peek(), "...")) this.next();
    }
    const condition = this.peek();
    if (condition.type === "ident" && condition.value === "if") {
      this.next();
      operands.push(this.parseExpression());
    }
    this.expectPunct(closer, "Invalid for expression");
    return { kind: "compound", op: closer === "]" ? "for[]" : "for{}", operands, line: open.line };
  }

  protected parseTemplate(end: "cquote" | "cheredoc", open: Token, heredoc: boolean): Expr {
    this.enter(open);
    try {
      return this.withNewlines(false, () => {
        const parts: TemplatePart[] = [];
        while (true) {
          const token = this.tokens[this.index]!;
          if (token.type === end) {
            this.index++;
            break;
          }
          if (token.type === "lit") {
            this.index++;
            parts.push(token.value);
            continue;
          }
          if (token.type === "interp") {
            this.index++;
            parts.push(this.withNewlines(true, () => this.parseExpression()));
            this.withNewlines(true, () => this.expectTemplateEnd());
            continue;
          }
          if (token.type === "control") {
            this.index++;
            parts.push(this.withNewlines(true, () => this.parseDirective()));
            continue;
          }
          this.fail(`Invalid template: found ${describe(token)}`, token);
        }
        return { kind: "template", parts, heredoc, line: open.line } as Expr;
      });
    } finally {
      this.depth--;
    }
  }

  protected expectTemplateEnd() {
    const token = this.peek();
    if (token.type !== "tend") this.fail(`Invalid template interpolation: expected "}", found ${describe(token)}`);
    this.next();
  }

  protected parseDirective(): TemplatePart {
    const keyword = this.next();
    if (keyword.type !== "ident") this.fail(`Invalid template directive: expected if, else, endif, for or endfor, found ${describe(keyword)}`, keyword);
    let result: TemplatePart;
    switch (keyword.value) {
      case "if":
        result = { directive: "if", exprs: [this.parseExpression()] };
        break;
      case "for": {
        this.next();
        if (this.isPunct(this.peek(), ",")) {
          this.next();
          this.next();
        }
        const keywordIn = this.next();
        if (keywordIn.type !== "ident" || keywordIn.value !== "in") this.fail(`Invalid template for: expected "in", found ${describe(keywordIn)}`, keywordIn);
        result = { directive: "for", exprs: [this.parseExpression()] };
        break;
      }
      case "else":
      case "endif":
      case "endfor":
        result = { directive: keyword.value, exprs: [] };
        break;
      default:
        return this.fail(`Invalid template directive %{${keyword.value}}: expected if, else, endif, for or endfor`, keyword);
    }
    this.expectTemplateEnd();
    return result;
  }
}
