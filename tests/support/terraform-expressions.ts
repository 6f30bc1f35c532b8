/**
 * Finding the references (`var.x`, `local.y`, `aws_iam_role.lambda.arn`, `data.t.n.attr` …) in the
 * expressions of a module.
 *
 * hcl2json leaves every non-literal expression as source text, so instead of guessing with regular
 * expressions we hand that text back to the real HCL parser (`getExpressionAst`, same WASM module) and read
 * the scope traversals from its syntax tree. That gets string literals (`"aws_fake.name"` inside
 * `jsonencode`), object keys, for-expression variables, splats and function names right for free.
 */
import { getExpressionAst } from "@cdktf/hcl2json";
import { blockBodies, isHclObject, type BlockKind, type ModuleBlock } from "./terraform-model";
import type { SchemaBlock } from "./terraform-provider-schemas";

export interface TraversalPart {
  kind: "name" | "index";
  value: string;
}

export interface Reference {
  /** As written, e.g. `aws_lambda_function.this[0].arn`. */
  text: string;
  /** The first name: `var`, `local`, `data`, `ephemeral`, a resource type, `each` … */
  root: string;
  /** Every step, the root included. */
  parts: TraversalPart[];
  /** Inside `ephemeralasnull(…)`, whose result is not ephemeral. */
  ephemeralStripped: boolean;
  /** Inside `nonsensitive(…)`, whose result is not sensitive. */
  sensitiveStripped: boolean;
}

/** What the functions around a reference take away from its value. */
interface Stripped {
  ephemeral: boolean;
  sensitive: boolean;
}

const NOTHING_STRIPPED: Stripped = { ephemeral: false, sensitive: false };

/** The subset of hcl2json's syntax tree that the walk below reads. */
interface AstNode {
  type: string;
  meta?: Record<string, unknown> | null;
  children?: (AstNode | null)[] | null;
}

/** Cheap pre-filter: only text with an interpolation or a directive can hold a reference. */
export function mayHaveReferences(text: string): boolean {
  return text.includes("${") || text.includes("%{");
}

const END_MARKER = "TERRAFORM_CHECK_END_OF_TEMPLATE";
const astCache = new Map<string, Promise<AstNode | null>>();

/**
 * Parses hcl2json's text of an expression as a heredoc template. A heredoc, not a quoted string, because
 * the text may come from a heredoc (raw quotes, backslashes and newlines) or from a quoted template (escapes
 * still written out); a heredoc template reads both with the same interpolations, where a quoted string
 * would choke on the former. Results are cached: generated modules repeat many expressions.
 */
function templateAst(text: string): Promise<AstNode | null> {
  let ast = astCache.get(text);
  if (!ast) {
    ast = getExpressionAst("expression.tf", `<<${END_MARKER}\n${text}\n${END_MARKER}\n`) as Promise<AstNode | null>;
    astCache.set(text, ast);
  }
  return ast;
}

/** The references in one expression as hcl2json gives it (`"${aws_x.y.arn}"`, `"prefix-${var.name}"` …). */
export async function referencesIn(text: string): Promise<Reference[]> {
  if (!mayHaveReferences(text)) return [];
  const found: Reference[] = [];
  collectReferences(await templateAst(text), new Set(), NOTHING_STRIPPED, found);
  return found;
}

function collectReferences(
  node: AstNode | null | undefined,
  localNames: ReadonlySet<string>,
  stripped: Stripped,
  found: Reference[],
): void {
  if (!node) return;
  const children = node.children ?? [];
  if (node.type === "scopeTraversal") {
    addReference(traversalParts(node), localNames, stripped, found);
    return;
  }
  if (node.type === "for") {
    // Children are: collection, [key], value, [condition]; the loop variables exist after the collection.
    const [collection, ...inLoop] = children;
    collectReferences(collection, localNames, stripped, found);
    const loopNames = new Set(localNames);
    for (const variable of [node.meta?.keyVar, node.meta?.valVar]) {
      if (typeof variable === "string" && variable) loopNames.add(variable);
    }
    for (const child of inLoop) collectReferences(child, loopNames, stripped, found);
    return;
  }
  const access = attributeAccessThroughIndex(node);
  if (access) {
    addReference(access.parts, localNames, stripped, found);
    for (const child of access.otherChildren) collectReferences(child, localNames, stripped, found);
    return;
  }
  const inner = node.type === "function" ? strippedBy(node.meta?.name, stripped) : stripped;
  for (const child of children) collectReferences(child, localNames, inner, found);
}

function strippedBy(functionName: unknown, outer: Stripped): Stripped {
  if (functionName === "ephemeralasnull") return { ...outer, ephemeral: true };
  if (functionName === "nonsensitive") return { ...outer, sensitive: true };
  return outer;
}

/**
 * `aws_x.y[*].arn` and `aws_x.y[var.i].arn` are not one traversal in HCL's tree (a splat, or a relative
 * traversal over an index expression); rejoin them so the attribute can still be checked against the type.
 */
function attributeAccessThroughIndex(node: AstNode): { parts: TraversalPart[]; otherChildren: (AstNode | null)[] } | undefined {
  const [first, second] = node.children ?? [];
  if (node.type === "splat" && first?.type === "scopeTraversal" && second?.type === "relativeTraversal") {
    return { parts: [...traversalParts(first), { kind: "index", value: "*" }, ...traversalParts(second)], otherChildren: [] };
  }
  if (node.type === "relativeTraversal" && first?.type === "index") {
    const [collection, key] = first.children ?? [];
    if (collection?.type === "scopeTraversal") {
      const index: TraversalPart = { kind: "index", value: "…" };
      return { parts: [...traversalParts(collection), index, ...traversalParts(node)], otherChildren: [key ?? null] };
    }
  }
  return undefined;
}

function traversalParts(node: AstNode): TraversalPart[] {
  const traversal = node.meta?.traversal;
  if (!Array.isArray(traversal)) return [];
  return traversal.map((step: { type?: string; segment?: string }) => ({
    kind: step.type === "indexTraversal" ? "index" : "name",
    value: step.segment ?? "",
  }));
}

function addReference(parts: TraversalPart[], localNames: ReadonlySet<string>, stripped: Stripped, found: Reference[]) {
  const root = parts[0]?.value;
  if (!root || localNames.has(root)) return;
  found.push({
    text: referenceText(parts),
    root,
    parts,
    ephemeralStripped: stripped.ephemeral,
    sensitiveStripped: stripped.sensitive,
  });
}

function referenceText(parts: TraversalPart[]): string {
  return parts.map((part, index) => (part.kind === "index" ? `[${part.value}]` : index === 0 ? part.value : `.${part.value}`)).join("");
}

// ---------------------------------------------------------------------------------------------------------
// Where the expressions are

export interface ExpressionSite {
  block: ModuleBlock;
  /** The expression as hcl2json gives it. */
  text: string;
  /** Nested block names and the argument it sits in, e.g. ["vpc_config", "subnet_ids"]. */
  argument: string[];
  /** Names bound around it: dynamic block iterators. */
  localNames: ReadonlySet<string>;
}

/**
 * Whether an argument holds an expression to read references from. Some hold names instead: the
 * `provider` meta-argument, lifecycle settings like `ignore_changes` (argument names), a variable's `type`
 * (a type constraint) and `description`, a provider's `alias`.
 */
function holdsExpressions(kind: BlockKind, argument: string[]): boolean {
  const [first, second] = argument;
  switch (kind) {
    case "resource":
    case "data":
    case "ephemeral":
      if (argument.length === 1 && first === "provider") return false;
      // lifecycle settings hold names or literals; its conditions and replace_triggered_by hold expressions.
      return !(first === "lifecycle" && argument.length === 2 && !["replace_triggered_by", "precondition", "postcondition"].includes(second ?? ""));
    case "variable":
      return first === "default" || first === "validation";
    case "provider":
      return first !== "alias";
    default:
      return true;
  }
}

/** `terraform` holds no expressions; `moved` and `removed` name addresses that no longer exist. */
const WITHOUT_EXPRESSIONS: ReadonlySet<BlockKind> = new Set(["terraform", "moved", "removed"]);

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * Every expression in a block, with the argument it belongs to. The schema, when known, tells nested
 * blocks from arguments holding a list of objects (hcl2json writes both as arrays of objects).
 */
export function expressionSites(block: ModuleBlock, schema?: SchemaBlock): ExpressionSite[] {
  if (WITHOUT_EXPRESSIONS.has(block.kind)) return [];
  const sites: ExpressionSite[] = [];

  const visitValue = (value: unknown, argument: string[], localNames: ReadonlySet<string>): void => {
    if (typeof value === "string") {
      if (mayHaveReferences(value)) sites.push({ block, text: value, argument, localNames });
    } else if (Array.isArray(value)) {
      for (const item of value) visitValue(item, argument, localNames);
    } else if (isHclObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        visitValue(key, argument, localNames); // a key may be an expression: `(var.k) = …` → "${(var.k)}"
        visitValue(item, argument, localNames);
      }
    }
  };

  const visitDynamic = (dynamic: Record<string, unknown>, blockSchema: SchemaBlock | undefined, path: string[], localNames: ReadonlySet<string>) => {
    for (const [label, generators] of Object.entries(dynamic)) {
      for (const generator of blockBodies(generators) ?? []) {
        const iterator = typeof generator.iterator === "string" ? generator.iterator.replace(/^\$\{(.*)\}$/, "$1") : label;
        const inner = new Set(localNames).add(iterator);
        visitValue(generator.for_each, [...path, "dynamic", label, "for_each"], localNames);
        visitValue(generator.labels, [...path, "dynamic", label, "labels"], inner);
        for (const content of blockBodies(generator.content) ?? []) {
          visitBody(content, blockSchema?.block_types?.[label]?.block, [...path, label], inner);
        }
      }
    }
  };

  const visitBody = (body: Record<string, unknown>, bodySchema: SchemaBlock | undefined, path: string[], localNames: ReadonlySet<string>): void => {
    for (const [key, value] of Object.entries(body)) {
      const argument = [...path, key];
      if (!holdsExpressions(block.kind, argument)) continue;
      if (key === "dynamic" && isHclObject(value) && !bodySchema?.attributes?.dynamic) {
        visitDynamic(value, bodySchema, path, localNames);
        continue;
      }
      const bodies = blockBodies(value);
      const isAttribute = Boolean(bodySchema?.attributes?.[key]);
      if (bodies && !isAttribute) {
        for (const nested of bodies) visitBody(nested, bodySchema?.block_types?.[key]?.block, argument, localNames);
      } else {
        visitValue(value, argument, localNames);
      }
    }
  };

  if (block.kind === "local") visitValue(block.body[block.name], [block.name], NO_NAMES);
  else visitBody(block.body, schema, [], NO_NAMES);
  return sites;
}
