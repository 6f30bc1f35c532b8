/**
 * The one HCL printer. Generators describe Terraform as blocks, attributes and values; this module owns
 * quoting, escaping and layout, and writes what `terraform fmt` writes (two-space indents, `=` aligned
 * across consecutive single-line attributes, one blank line between top-level blocks).
 */

/** A Terraform expression written as is: a reference (`var.name`) or a keyword. Never user text. */
export class HclRaw {
  constructor(readonly text: string) {}
}

/** A function call whose arguments are values, e.g. `jsonencode({ ... })`. */
export class HclCall {
  constructor(
    readonly name: string,
    readonly args: readonly HclValue[],
  ) {}
}

export type HclValue =
  | string
  | number
  | boolean
  | null
  | HclRaw
  | HclCall
  | readonly HclValue[]
  | { readonly [key: string]: HclValue };

export interface HclAttribute {
  kind: "attribute";
  name: string;
  value: HclValue;
}

export interface HclBlock {
  kind: "block";
  type: string;
  labels: readonly string[];
  /** Why this block exists; printed as `#` lines above it. */
  comment: readonly string[];
  body: readonly HclNode[];
}

export interface HclBlankLine {
  kind: "blank";
}

export interface HclComment {
  kind: "comment";
  lines: readonly string[];
}

export type HclNode = HclAttribute | HclBlock | HclBlankLine | HclComment;

/** Body entries may be left out with `false`, `null` or `undefined`, so optional arguments read inline. */
export type HclBody = ReadonlyArray<HclNode | false | null | undefined>;

export const raw = (text: string) => new HclRaw(text);
export const call = (name: string, ...args: HclValue[]) => new HclCall(name, args);
export const attr = (name: string, value: HclValue): HclAttribute => ({ kind: "attribute", name, value });
export const blank: HclBlankLine = { kind: "blank" };
export const comment = (...lines: string[]): HclComment => ({ kind: "comment", lines });

export function block(type: string, labels: readonly string[], body: HclBody, why: string | readonly string[] = []): HclBlock {
  return {
    kind: "block",
    type,
    labels,
    comment: typeof why === "string" ? [why] : why,
    body: body.filter((node): node is HclNode => Boolean(node)),
  };
}

export const resource = (type: string, name: string, body: HclBody, why?: string | readonly string[]) =>
  block("resource", [type, name], body, why);
export const data = (type: string, name: string, body: HclBody, why?: string | readonly string[]) =>
  block("data", [type, name], body, why);

const NEEDS_ESCAPE = /[\\"\u0000-\u001f\u007f]|[$%]\{/;

/** A quoted HCL string literal: escapes quotes, backslashes, control characters and template openers. */
export function quote(text: string): string {
  // Most strings need no escape at all; checking first keeps the printer from rebuilding them char by char.
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    // `${` and `%{` would start interpolation or a template directive; doubling the sigil escapes them.
    else if ((ch === "$" || ch === "%") && next === "{") out += ch + ch;
    else if (ch < " " || ch === "\u007f") out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

// Keys with hyphens are quoted: `detail-type` would read as a subtraction to a human, if not to HCL.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function objectKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

function isObject(value: HclValue): value is { readonly [key: string]: HclValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof HclRaw) && !(value instanceof HclCall);
}

/** Renders a value; `indent` is the indentation of the line the value starts on. */
export function renderValue(value: HclValue, indent: string): string {
  if (value === null) return "null";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`HCL numbers must be finite, got ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (value instanceof HclRaw) return value.text;
  if (value instanceof HclCall) return `${value.name}(${value.args.map((arg) => renderValue(arg, indent)).join(", ")})`;
  if (Array.isArray(value)) return renderList(value, indent);
  if (isObject(value)) return renderObject(value, indent);
  throw new Error("unknown HCL value");
}

/** Lists longer than this are written one item per line, as a reader would. */
const LINE_WIDTH = 100;

function renderList(items: readonly HclValue[], indent: string): string {
  if (items.length === 0) return "[]";
  // Short lists of plain values stay on one line; long ones (depends_on) get a line per item.
  if (items.every((item) => !isObject(item))) {
    const inline = `[${items.map((item) => renderValue(item, indent)).join(", ")}]`;
    if (!inline.includes("\n") && indent.length + inline.length <= LINE_WIDTH) return inline;
  }
  const inner = indent + "  ";
  return `[\n${items.map((item) => `${inner}${renderValue(item, inner)},\n`).join("")}${indent}]`;
}

function renderObject(object: { readonly [key: string]: HclValue }, indent: string): string {
  const entries = Object.entries(object);
  if (entries.length === 0) return "{}";
  const inner = indent + "  ";
  const lines: string[] = [];
  alignEquals(entries.map(([key, value]) => ({ name: objectKey(key), text: renderValue(value, inner) })), inner, lines);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

interface Assignment {
  name: string;
  text: string;
}

/*
 * The layout functions below append lines to one `out` array that the whole file shares, rather than each
 * returning its own array for its caller to spread into another: every line used to be copied once per
 * level of nesting it sits in.
 */

/**
 * `terraform fmt` aligns the `=` of consecutive single-line assignments; an assignment whose value spans
 * lines stands alone, unaligned, and ends the run.
 */
function alignEquals(assignments: readonly Assignment[], indent: string, out: string[]): void {
  let run: Assignment[] = [];
  for (const assignment of assignments) {
    if (!assignment.text.includes("\n")) {
      run.push(assignment);
      continue;
    }
    pushAligned(run, indent, out);
    run = [];
    out.push(`${indent}${assignment.name} = ${assignment.text}`);
  }
  pushAligned(run, indent, out);
}

/** A run of single-line assignments, their `=` in one column. */
function pushAligned(run: readonly Assignment[], indent: string, out: string[]): void {
  let width = 0;
  for (const assignment of run) width = Math.max(width, assignment.name.length);
  for (const assignment of run) out.push(`${indent}${assignment.name.padEnd(width)} = ${assignment.text}`);
}

const LINE_BREAK = /\r\n|\r|\n/;

function renderComment(lines: readonly string[], indent: string, out: string[]): void {
  for (const text of lines) {
    // Comments are ours, but a stray newline in one must never turn the rest of a line into code.
    const split = text.includes("\n") || text.includes("\r") ? text.split(LINE_BREAK) : [text];
    for (const line of split) out.push(line === "" ? `${indent}#` : `${indent}# ${line}`);
  }
}

function renderBody(body: readonly HclNode[], indent: string, out: string[]): void {
  let run: Assignment[] = [];
  for (const node of body) {
    if (node.kind === "attribute") {
      run.push({ name: node.name, text: renderValue(node.value, indent) });
      continue;
    }
    if (run.length > 0) alignEquals(run, indent, out);
    run = [];
    if (node.kind === "blank") out.push("");
    else if (node.kind === "comment") renderComment(node.lines, indent, out);
    else renderBlock(node, indent, out);
  }
  if (run.length > 0) alignEquals(run, indent, out);
}

function renderBlock(node: HclBlock, indent: string, out: string[]): void {
  let header = node.type;
  for (const label of node.labels) header += ` ${quote(label)}`;
  renderComment(node.comment, indent, out);
  if (node.body.length === 0) {
    out.push(`${indent}${header} {}`);
    return;
  }
  out.push(`${indent}${header} {`);
  renderBody(node.body, indent + "  ", out);
  out.push(`${indent}}`);
}

/** A whole `.tf` file: top-level blocks (and comments) separated by one blank line, ending in a newline. */
export function renderHclFile(nodes: ReadonlyArray<HclNode | false | null | undefined>): string {
  const lines: string[] = [];
  for (const node of nodes) {
    if (typeof node !== "object" || node === null || node.kind === "blank") continue;
    if (lines.length > 0) lines.push("");
    const before = lines.length;
    renderBody([node], "", lines);
    // A node that prints nothing (a comment without lines) still takes its place between the blank lines.
    if (lines.length === before) lines.push("");
  }
  return lines.join("\n") + "\n";
}

/** `terraform.tfvars`: top-level assignments, aligned as fmt aligns them. */
export function renderHclAssignments(assignments: ReadonlyArray<HclAttribute | HclComment | HclBlankLine>): string {
  const lines: string[] = [];
  renderBody(assignments, "", lines);
  return lines.join("\n") + "\n";
}
