/**
 * Vendors the provider schemas that the offline `terraform validate` of the tests checks against
 * (tests/support/terraform-schema.ts), so that a clone tests with nothing beside it.
 *
 *   npm run schemas:vendor -- <path>/shared/terraform/provider-schemas.json           writes the file
 *   npm run schemas:vendor -- <path>/shared/terraform/provider-schemas.json --check   exit 1 if it is stale
 *
 * The source is the team's `terraform providers schema -json` subset (see its README). What is kept:
 * every type of the providers and services in KEPT_TYPES below, which is what the generators emit, what
 * the test fixtures use, and the neighbouring types of the same services that the generators may use
 * next. What is dropped: `description` and `description_kind` (documentation the checker never reads),
 * and any other type. The source's `_provenance` is copied unchanged; `_vendored` says how this copy was
 * made. Keys are sorted and short values kept on one line, so the same source always gives the same
 * bytes and a provider upgrade reads as a diff of arguments.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const VENDORED_FILE = "tests/support/provider-schemas/provider-schemas.json";
export const VENDORED_PATH = fileURLToPath(new URL(`../${VENDORED_FILE}`, import.meta.url));
export const VENDOR_COMMAND = "npm run schemas:vendor -- <path to shared/terraform/provider-schemas.json>";

const AWS = "registry.terraform.io/hashicorp/aws";
const RANDOM = "registry.terraform.io/hashicorp/random";
const ARCHIVE = "registry.terraform.io/hashicorp/archive";

/** The types kept, by provider: a type is kept when one pattern matches its name. */
export const KEPT_TYPES: Readonly<Record<string, readonly RegExp[]>> = {
  [AWS]: [
    /^aws_secretsmanager_/,
    /^aws_lambda_/,
    /^aws_iam_/,
    /^aws_kms_/,
    /^aws_sns_/,
    /^aws_cloudwatch_log_/,
    /^aws_cloudwatch_metric_alarm$/,
    /^aws_cloudwatch_event_/,
    /^aws_vpc$/,
    /^aws_vpc_endpoint/,
    /^aws_subnets?$/,
    /^aws_security_group/,
    /^aws_vpc_security_group_/,
    /^aws_db_/,
    /^aws_rds_/,
    /^aws_redshift_/,
    /^aws_docdb_/,
    /^aws_cloudformation_/,
    /^aws_serverlessapplicationrepository_/,
    /^aws_sqs_/,
    /^aws_signer_/,
    /^aws_ssm_/,
    /^aws_caller_identity$/,
    /^aws_region$/,
    /^aws_partition$/,
  ],
  [RANDOM]: [/^random_/],
  [ARCHIVE]: [/^archive_/],
};

const SECTIONS = ["resource_schemas", "data_source_schemas", "ephemeral_resource_schemas"] as const;
const DROPPED_FIELDS: ReadonlySet<string> = new Set(["description", "description_kind"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function omitDocumentation(value: { [key: string]: Json }): { [key: string]: Json } {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !DROPPED_FIELDS.has(key)));
}

function mapValues(value: Json | undefined, change: (item: { [key: string]: Json }) => Json): Json | undefined {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, isObject(item) ? change(item) : item]));
}

/**
 * A type's schema without its documentation. Only the fields of schema objects (a block, an attribute,
 * a nested block type) are dropped, never an argument or block that happens to be named `description`.
 */
function withoutDocumentation(typeSchema: Json): Json {
  if (!isObject(typeSchema)) return typeSchema;
  return { ...typeSchema, ...(isObject(typeSchema.block) ? { block: blockWithoutDocumentation(typeSchema.block) } : {}) };
}

function blockWithoutDocumentation(block: { [key: string]: Json }): Json {
  const result = omitDocumentation(block);
  const attributes = mapValues(block.attributes, attributeWithoutDocumentation);
  const blockTypes = mapValues(block.block_types, (blockType) => ({
    ...omitDocumentation(blockType),
    ...(isObject(blockType.block) ? { block: blockWithoutDocumentation(blockType.block) } : {}),
  }));
  if (attributes !== undefined) result.attributes = attributes;
  if (blockTypes !== undefined) result.block_types = blockTypes;
  return result;
}

/** An attribute's flags; a nested-type attribute (protocol 6) holds attributes of its own. */
function attributeWithoutDocumentation(attribute: { [key: string]: Json }): Json {
  const result = omitDocumentation(attribute);
  if (isObject(attribute.nested_type)) {
    result.nested_type = { ...attribute.nested_type, attributes: mapValues(attribute.nested_type.attributes, attributeWithoutDocumentation) ?? null };
  }
  return result;
}

export interface VendorResult {
  schemas: { [key: string]: Json };
  /** `address section type` of every type the source has and KEPT_TYPES leaves out. */
  dropped: string[];
}

/** The vendored subset of a source file's text. Throws, naming what is wrong, on a source of another shape. */
export function vendorSchemas(sourceText: string): VendorResult {
  const source: unknown = JSON.parse(sourceText);
  if (!isObject(source) || !isObject(source.provider_schemas) || typeof source.format_version !== "string") {
    throw new Error("the source must be `terraform providers schema -json` output: an object with format_version and provider_schemas");
  }
  if (!isObject(source._provenance)) throw new Error("the source has no _provenance: where its schemas come from must travel with them");
  const providers: { [key: string]: Json } = {};
  const counts: { [key: string]: Json } = {};
  const dropped: string[] = [];
  for (const [address, provider] of Object.entries(source.provider_schemas)) {
    if (!isObject(provider)) throw new Error(`provider_schemas["${address}"] must be an object`);
    const patterns = KEPT_TYPES[address];
    const kept: { [key: string]: Json } = {};
    const count: { [key: string]: Json } = {};
    for (const section of SECTIONS) {
      const types = provider[section] ?? {};
      if (!isObject(types)) throw new Error(`provider_schemas["${address}"].${section} must be an object`);
      const keptTypes: { [key: string]: Json } = {};
      for (const [type, schema] of Object.entries(types)) {
        if (patterns?.some((pattern) => pattern.test(type))) keptTypes[type] = withoutDocumentation(schema);
        else dropped.push(`${address} ${section} ${type}`);
      }
      if (Object.keys(keptTypes).length > 0) {
        kept[section] = keptTypes;
        count[section] = Object.keys(keptTypes).length;
      }
    }
    if (Object.keys(kept).length > 0) {
      providers[address] = kept;
      counts[address] = count;
    }
  }
  for (const address of Object.keys(KEPT_TYPES)) {
    if (!providers[address]) throw new Error(`the source has no types of ${address}, which the tests need`);
  }
  const schemas = {
    _provenance: source._provenance,
    _vendored: {
      note:
        "Subset of the _provenance source (the team's shared/terraform/provider-schemas.json), made by scripts/vendor-provider-schemas.ts: " +
        "the types of the services in its KEPT_TYPES, without description and description_kind; every other field unchanged. Regenerate it, do not edit it.",
      command: VENDOR_COMMAND,
      source_sha256: createHash("sha256").update(sourceText).digest("hex"),
      types: counts,
    },
    format_version: source.format_version,
    provider_schemas: providers,
  };
  return { schemas: sortKeys(schemas) as { [key: string]: Json }, dropped };
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key]!)]));
}

const LINE_WIDTH = 120;

/**
 * JSON, two-space indented, with every object or array that fits on one line (an attribute's flags, a
 * type expression) written on one line: half the lines of JSON.stringify(…, 2) and diffs by argument.
 */
export function formatJson(value: unknown): string {
  return `${format(value as Json, "", 0)}\n`;
}

/** One line: `{"a": 1, "b": ["c", "d"]}`. */
function inline(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (!isObject(value)) return JSON.stringify(value);
  return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`).join(", ")}}`;
}

function format(value: Json, indent: string, prefixLength: number): string {
  const oneLine = inline(value);
  if (typeof value !== "object" || value === null || indent.length + prefixLength + oneLine.length <= LINE_WIDTH) return oneLine;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${format(item, inner, 0)}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries
    .map(([key, item]) => {
      const label = `${JSON.stringify(key)}: `;
      return `${inner}${label}${format(item, inner, label.length)}`;
    })
    .join(",\n")}\n${indent}}`;
}

function main(args: string[]): number {
  const check = args.includes("--check");
  const paths = args.filter((arg) => arg !== "--check");
  if (paths.length !== 1 || paths[0]!.startsWith("--")) {
    console.error(`usage: ${VENDOR_COMMAND} [--check]`);
    return 2;
  }
  const { schemas, dropped } = vendorSchemas(readFileSync(paths[0]!, "utf8"));
  const text = formatJson(schemas);
  for (const type of dropped) console.log(`left out (not a service in KEPT_TYPES): ${type}`);
  if (check) {
    let current = "";
    try {
      current = readFileSync(VENDORED_PATH, "utf8");
    } catch {
      // missing: stale
    }
    if (current !== text) {
      console.error(`${VENDORED_FILE} is not what ${paths[0]} gives; run ${VENDOR_COMMAND}`);
      return 1;
    }
    console.log(`${VENDORED_FILE} is up to date`);
    return 0;
  }
  mkdirSync(dirname(VENDORED_PATH), { recursive: true });
  writeFileSync(VENDORED_PATH, text);
  console.log(`wrote ${VENDORED_FILE} (${Buffer.byteLength(text)} bytes)`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
