import type { Expr, Step } from "../hcl/ast";
import { isDirective } from "../hcl/ast";

/** An expression as Terraform text, short, for messages and fix snippets. */
export function exprText(expr: Expr, limit = 120): string {
  const text = render(expr, 0);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function steps(list: readonly Step[], depth: number): string {
  return list.map((step) => ("attr" in step ? `.${step.attr}` : "splat" in step ? "[*]" : `[${render(step.index, depth + 1)}]`)).join("");
}

function render(expr: Expr, depth: number): string {
  if (depth > 8) return "…";
  switch (expr.kind) {
    case "literal":
      return typeof expr.value === "string" ? JSON.stringify(expr.value) : String(expr.value);
    case "template":
      if (expr.heredoc) return "<<EOT…EOT";
      return `"${expr.parts
        .map((part) => (typeof part === "string" ? part.replace(/["\\]/g, "\\$&").replace(/\n/g, "\\n") : isDirective(part) ? `%{${part.directive}}` : `\${${render(part, depth + 1)}}`))
        .join("")}"`;
    case "tuple":
      return `[${expr.items.map((item) => render(item, depth + 1)).join(", ")}]`;
    case "object":
      return "{ … }";
    case "traversal":
      return `${expr.root}${steps(expr.steps, depth)}`;
    case "access":
      return `${render(expr.target, depth + 1)}${steps(expr.steps, depth)}`;
    case "call":
      return `${expr.name}(${expr.args.map((arg) => render(arg, depth + 1)).join(", ")})`;
    case "compound":
      if (expr.op === "()") return `(${render(expr.operands[0]!, depth + 1)})`;
      if (expr.op === "?:") return `${render(expr.operands[0]!, depth + 1)} ? ${render(expr.operands[1]!, depth + 1)} : ${render(expr.operands[2]!, depth + 1)}`;
      if (expr.op.startsWith("unary")) return `${expr.op.slice(5)}${render(expr.operands[0]!, depth + 1)}`;
      if (expr.op.startsWith("for")) return expr.op === "for[]" ? "[for …]" : "{for …}";
      return expr.operands.map((operand) => render(operand, depth + 1)).join(` ${expr.op} `);
  }
}

/**
 * A resource block as terraform fmt writes it: `=` aligned across consecutive one-line arguments.
 * Values are Terraform text; a value with new lines (a nested block, a jsonencode) ends the alignment group.
 */
export function resourceBlock(kind: "resource" | "data", type: string, name: string, body: ReadonlyArray<[string, string] | string>, comment?: string): string {
  return renderBlock(`${kind} "${type}" "${name}"`, body, "", comment);
}

export function renderBlock(header: string, body: ReadonlyArray<[string, string] | string>, indent = "", comment?: string): string {
  const lines: string[] = [];
  if (comment) for (const line of comment.split("\n")) lines.push(`${indent}# ${line}`);
  if (body.length === 0) return [...lines, `${indent}${header} {}`].join("\n");
  lines.push(`${indent}${header} {`);
  let group: Array<[string, string]> = [];
  const flush = () => {
    const width = Math.max(0, ...group.map(([name]) => name.length));
    for (const [name, value] of group) lines.push(`${indent}  ${name.padEnd(width)} = ${value}`);
    group = [];
  };
  for (const item of body) {
    if (typeof item === "string") {
      flush();
      // A nested block or a comment, already indented relative to the body.
      for (const line of item.split("\n")) lines.push(line === "" ? "" : `${indent}  ${line}`);
      continue;
    }
    const [name, value] = item;
    if (value.includes("\n")) {
      flush();
      const [first, ...rest] = value.split("\n");
      lines.push(`${indent}  ${name} = ${first}`);
      for (const line of rest) lines.push(`${indent}  ${line}`);
      continue;
    }
    group.push(item);
  }
  flush();
  lines.push(`${indent}}`);
  return lines.join("\n");
}

/** A quoted HCL string. */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}
