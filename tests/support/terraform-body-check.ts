/**
 * Checking one block body against a schema, recursively: known arguments, nested blocks and their counts,
 * `dynamic` blocks, required arguments, write-only arguments collected for the version check. Kept apart
 * from the module-level check (terraform-schema.ts), which decides which schema each block gets.
 */
import { DYNAMIC_BLOCK_SCHEMA, NOTHING_UNCHECKED } from "./terraform-language-schemas";
import { blockBodies, isHclObject, type HclObject } from "./terraform-model";
import type { SchemaAttribute, SchemaBlock, SchemaBlockType } from "./terraform-provider-schemas";

export interface BodyContext {
  /** Nested block names from the top-level block down, for messages. */
  path: string[];
  report: (message: string) => void;
  /** Collects `address.path.argument` of every write-only argument set (they need Terraform 1.11). */
  writeOnlyArguments: string[];
  address: string;
}

function inside(context: BodyContext, name: string): BodyContext {
  return { ...context, path: [...context.path, name] };
}

function where(context: BodyContext): string {
  return context.path.length > 0 ? ` (in ${context.path.join(".")})` : "";
}

/**
 * Checks every key of a body: a known argument, a known nested block (recursively), or a `dynamic`
 * block; then that required arguments are present and nested block counts are within bounds.
 */
export function checkBody(
  body: HclObject,
  schema: SchemaBlock,
  context: BodyContext,
  uncheckedKeys: ReadonlySet<string> = NOTHING_UNCHECKED,
): void {
  const blockCounts = new Map<string, number>();
  const dynamicBlocks = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (uncheckedKeys.has(key)) continue;
    const attribute = schema.attributes?.[key];
    const blockType = schema.block_types?.[key];
    if (attribute) {
      checkArgument(key, attribute, context);
      checkAttributeWrittenAsBlocks(key, attribute, blockBodies(value) ?? [], context);
    } else if (blockType) {
      blockCounts.set(key, checkNestedBlocks(key, value, blockType, context));
    } else if (key === "dynamic" && isHclObject(value)) {
      checkDynamicBlocks(value, schema, context, dynamicBlocks);
    } else if (blockBodies(value)) {
      context.report(`Unsupported block type: blocks of type "${key}" are not expected here${where(context)}`);
    } else {
      context.report(`Unsupported argument: an argument named "${key}" is not expected here${where(context)}`);
    }
  }
  checkRequiredArguments(body, schema, context);
  checkBlockCounts(schema, blockCounts, dynamicBlocks, context);
}

function checkArgument(name: string, attribute: SchemaAttribute, context: BodyContext): void {
  if (attribute.computed && !attribute.optional && !attribute.required) {
    context.report(
      `Value for unconfigurable attribute: "${name}" is computed by the provider and cannot be set${where(context)}`,
    );
  }
  if (attribute.deprecated) {
    context.report(`Deprecated argument: "${name}" is deprecated (terraform validate warns)${where(context)}`);
  }
  if (attribute.write_only) {
    context.writeOnlyArguments.push([context.address, ...context.path, name].join("."));
  }
}

/**
 * The AWS provider lets some list-of-object arguments be written as blocks (`aws_security_group`'s
 * `ingress { … }`); the schema only has their object type, so only the field names can be checked.
 */
function checkAttributeWrittenAsBlocks(name: string, attribute: SchemaAttribute, bodies: HclObject[], context: BodyContext) {
  const fields = objectFieldsOfListType(attribute.type);
  if (!fields) return;
  for (const body of bodies) {
    for (const key of Object.keys(body)) {
      if (!fields.has(key)) {
        context.report(`Unsupported argument: an argument named "${key}" is not expected here${where(inside(context, name))}`);
      }
    }
  }
}

/** `["set", ["object", { from_port: "number", … }]]` → its field names. */
function objectFieldsOfListType(type: unknown): Set<string> | undefined {
  if (!Array.isArray(type) || (type[0] !== "list" && type[0] !== "set")) return undefined;
  const element: unknown = type[1];
  if (!Array.isArray(element) || element[0] !== "object" || !isHclObject(element[1])) return undefined;
  return new Set(Object.keys(element[1]));
}

/** Checks the bodies of one nested block type and returns how many there are. */
function checkNestedBlocks(name: string, value: unknown, blockType: SchemaBlockType, context: BodyContext): number {
  const bodies = blockType.nesting_mode === "map" && isHclObject(value)
    ? Object.values(value).flatMap((labelled) => blockBodies(labelled) ?? [])
    : blockBodies(value);
  if (!bodies) {
    context.report(
      `Unsupported argument: "${name}" is a nested block; write it as ${name} { … }, not ${name} = …${where(context)}`,
    );
    return 0;
  }
  if (blockType.block.deprecated && bodies.length > 0) {
    context.report(`Deprecated block: "${name}" blocks are deprecated (terraform validate warns)${where(context)}`);
  }
  for (const body of bodies) checkBody(body, blockType.block, inside(context, name));
  return bodies.length;
}

/** `dynamic "x" { for_each = …; iterator = …; content { … } }`: x must be a block type of this body. */
function checkDynamicBlocks(dynamic: HclObject, schema: SchemaBlock, context: BodyContext, dynamicNames: Set<string>) {
  for (const [label, value] of Object.entries(dynamic)) {
    const blockType = schema.block_types?.[label];
    const attributeAsBlocks = schema.attributes?.[label];
    if (!blockType && !objectFieldsOfListType(attributeAsBlocks?.type)) {
      context.report(`Unsupported block type: blocks of type "${label}" are not expected here (dynamic "${label}")${where(context)}`);
      continue;
    }
    dynamicNames.add(label);
    for (const generator of blockBodies(value) ?? []) {
      const generatorContext = inside(context, `dynamic "${label}"`);
      checkBody(generator, DYNAMIC_BLOCK_SCHEMA, generatorContext, new Set(["content"]));
      const contents = blockBodies(generator.content) ?? [];
      if (contents.length !== 1) {
        generatorContext.report(`Invalid dynamic block: it needs exactly one content block${where(generatorContext)}`);
      }
      if (blockType) for (const content of contents) checkBody(content, blockType.block, inside(context, label));
      else if (attributeAsBlocks) checkAttributeWrittenAsBlocks(label, attributeAsBlocks, contents, context);
    }
  }
}

function checkRequiredArguments(body: HclObject, schema: SchemaBlock, context: BodyContext): void {
  for (const [name, attribute] of Object.entries(schema.attributes ?? {})) {
    if (attribute.required && !(name in body)) {
      context.report(`Missing required argument: the argument "${name}" is required, but no definition was found${where(context)}`);
    }
  }
}

function checkBlockCounts(schema: SchemaBlock, counts: Map<string, number>, dynamicBlocks: Set<string>, context: BodyContext) {
  for (const [name, blockType] of Object.entries(schema.block_types ?? {})) {
    // How many blocks a dynamic block makes is only known at plan time; terraform validate skips it too.
    if (dynamicBlocks.has(name)) continue;
    const count = counts.get(name) ?? 0;
    const min = blockType.min_items ?? 0;
    const max = blockType.nesting_mode === "single" || blockType.nesting_mode === "group" ? 1 : blockType.max_items;
    if (count < min) {
      context.report(`Insufficient ${name} blocks: at least ${min} "${name}" block(s) are required${where(context)}`);
    }
    if (max !== undefined && max > 0 && count > max) {
      context.report(`Too many ${name} blocks: no more than ${max} "${name}" block(s) are allowed${where(context)}`);
    }
  }
}
