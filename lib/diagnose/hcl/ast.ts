/**
 * The syntax tree of Terraform's native HCL syntax, as the diagnosis needs it: every block and attribute
 * with its line, and expressions kept as structure (literals, templates, references, calls) so that rules
 * can follow references and read policies without evaluating Terraform.
 */

export interface HclFile {
  path: string;
  body: Body;
  comments: Comment[];
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
  endLine: number;
}

export interface Comment {
  text: string;
  line: number;
}

/** A step after a variable: `.name`, `[expr]` (also `.0`), or a splat (`.*`, `[*]`). */
export type Step = { attr: string } | { index: Expr } | { splat: true };

export interface TemplateDirective {
  directive: "if" | "else" | "endif" | "for" | "endfor";
  exprs: Expr[];
}

export type TemplatePart = string | Expr | TemplateDirective;

export type Expr =
  | { kind: "literal"; value: string | number | boolean | null; line: number }
  | { kind: "template"; parts: TemplatePart[]; heredoc: boolean; line: number }
  | { kind: "tuple"; items: Expr[]; line: number }
  | { kind: "object"; items: Array<{ key: Expr; value: Expr }>; line: number }
  /** `root.step.step…`: a variable (`var`, `local`, a resource type, `data`, `module`…) and its steps. */
  | { kind: "traversal"; root: string; steps: Step[]; line: number }
  /** Steps after something that is not a variable: `f(x).a`, `(x)[0]`, `[1, 2][0]`. */
  | { kind: "access"; target: Expr; steps: Step[]; line: number }
  | { kind: "call"; name: string; args: Expr[]; line: number }
  /** Operators, conditionals, `for` expressions and parentheses: only their operands matter here. */
  | { kind: "compound"; op: string; operands: Expr[]; line: number };

export function isDirective(part: TemplatePart): part is TemplateDirective {
  return typeof part === "object" && "directive" in part;
}

/** Every expression inside this one, itself first (depth first). */
export function* walkExpr(expr: Expr): Generator<Expr> {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const current = stack.pop()!;
    yield current;
    switch (current.kind) {
      case "template":
        for (const part of current.parts) {
          if (typeof part === "string") continue;
          if (isDirective(part)) stack.push(...part.exprs);
          else stack.push(part);
        }
        break;
      case "tuple":
        stack.push(...current.items);
        break;
      case "object":
        for (const item of current.items) stack.push(item.key, item.value);
        break;
      case "traversal":
        for (const step of current.steps) if ("index" in step) stack.push(step.index);
        break;
      case "access":
        stack.push(current.target);
        for (const step of current.steps) if ("index" in step) stack.push(step.index);
        break;
      case "call":
        stack.push(...current.args);
        break;
      case "compound":
        stack.push(...current.operands);
        break;
      default:
        break;
    }
  }
}
