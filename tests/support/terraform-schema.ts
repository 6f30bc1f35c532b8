/**
 * The schema half of an offline `terraform validate`: every block, argument and nested block of the module
 * is checked against `provider-schemas.json` (the `terraform providers schema -json` layout), and the
 * Terraform language blocks (`terraform`, `provider`, `variable`, `output`, meta-arguments) against what
 * Terraform itself accepts, expressed as small schemas of the same shape so one checker handles both.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { blockBodies, isHclObject, type HclObject, type ModuleBlock, type TerraformModule, type TerraformProblem } from "./terraform-model";
import { compareVersions, constraintAllows, constraintFloor, formatVersion, parseConstraint, parseVersion, type Version } from "./terraform-versions";

// ---------------------------------------------------------------------------------------------------------
// The schema file

export interface SchemaAttribute {
  type?: unknown;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
}

export interface SchemaBlockType {
  nesting_mode: "single" | "group" | "list" | "set" | "map";
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
  deprecated?: boolean;
}

export interface TypeSchema {
  version?: number;
  block: SchemaBlock;
}

export interface ProviderSchema {
  resource_schemas?: Record<string, TypeSchema>;
  data_source_schemas?: Record<string, TypeSchema>;
  ephemeral_resource_schemas?: Record<string, TypeSchema>;
}

export interface ProviderSchemas {
  format_version: string;
  provider_schemas: Record<string, ProviderSchema>;
  /** Per provider address: `{ provider_version }` among other notes. */
  _provenance?: Record<string, unknown>;
}

/** The vendored schemas, in the repository: tests/support/provider-schemas/README.md says where they come from. */
export const PROVIDER_SCHEMAS_FILE = "tests/support/provider-schemas/provider-schemas.json";
const REGENERATE = "see tests/support/provider-schemas/README.md (npm run schemas:vendor)";

/** Where the schemas live: beside this file, so a clone needs nothing outside the repository. */
export function providerSchemasPath(): string {
  return fileURLToPath(new URL("./provider-schemas/provider-schemas.json", import.meta.url));
}

let schemasOnce: Promise<ProviderSchemas> | undefined;

/** Reads and parses the 200 kB schema file once per process. */
export function loadProviderSchemas(): Promise<ProviderSchemas> {
  schemasOnce ??= readFile(providerSchemasPath(), "utf8").then(
    (text) => JSON.parse(text) as ProviderSchemas,
    (error: NodeJS.ErrnoException) => {
      throw new Error(`${PROVIDER_SCHEMAS_FILE} cannot be read (${error.code ?? error.message}); ${REGENERATE}`);
    },
  );
  return schemasOnce;
}

// ---------------------------------------------------------------------------------------------------------
// Which provider, and which schema, a block belongs to

export type ResourceKind = "resource" | "data" | "ephemeral";

const SCHEMA_SECTION = {
  resource: "resource_schemas",
  data: "data_source_schemas",
  ephemeral: "ephemeral_resource_schemas",
} as const;

const KIND_NOUN: Record<ResourceKind, string> = {
  resource: "resource",
  data: "data source",
  ephemeral: "ephemeral resource",
};

export function isResourceKind(kind: string): kind is ResourceKind {
  return Object.hasOwn(SCHEMA_SECTION, kind);
}

interface RequiredProvider {
  source?: string;
  version?: string;
}

const requiredProvidersCache = new WeakMap<TerraformModule, Map<string, RequiredProvider>>();

/** `terraform { required_providers { … } }` of every `terraform` block, by local name. */
export function requiredProviders(module: TerraformModule): Map<string, RequiredProvider> {
  const cached = requiredProvidersCache.get(module);
  if (cached) return cached;
  const providers = new Map<string, RequiredProvider>();
  requiredProvidersCache.set(module, providers);
  for (const block of module.blocks) {
    if (block.kind !== "terraform") continue;
    for (const body of blockBodies(block.body.required_providers) ?? []) {
      for (const [localName, entry] of Object.entries(body)) {
        const fields = isHclObject(entry) ? entry : {};
        providers.set(localName, {
          source: typeof fields.source === "string" ? fields.source : undefined,
          version: typeof fields.version === "string" ? fields.version : undefined,
        });
      }
    }
  }
  return providers;
}

/** "hashicorp/aws" → "registry.terraform.io/hashicorp/aws", the key used in provider-schemas.json. */
export function providerAddress(source: string): string {
  const parts = source.toLowerCase().split("/");
  return parts.length === 2 ? `registry.terraform.io/${parts.join("/")}` : parts.join("/");
}

/** The provider of a local name: its required_providers source, else Terraform's implicit `hashicorp/<name>`. */
function providerAddressOf(module: TerraformModule, localName: string): string {
  return providerAddress(requiredProviders(module).get(localName)?.source ?? `hashicorp/${localName}`);
}

/** A resource's provider local name: from its `provider = name.alias` meta-argument, else its type prefix. */
export function providerLocalNameOf(block: Pick<ModuleBlock, "type" | "body">): string {
  const explicit = typeof block.body.provider === "string" ? PROVIDER_REFERENCE.exec(block.body.provider) : null;
  return explicit?.[1] ?? block.type.split("_")[0] ?? block.type;
}

const PROVIDER_REFERENCE = /^\$\{([A-Za-z][\w-]*)(?:\.([A-Za-z][\w-]*))?\}$/;

export interface TypeSchemaLookup {
  schema?: TypeSchema;
  /** Why there is no schema, worded for a problem report. */
  missing?: string;
}

export function lookupTypeSchema(
  schemas: ProviderSchemas,
  module: TerraformModule,
  kind: ResourceKind,
  type: string,
  localName = type.split("_")[0] ?? type,
): TypeSchemaLookup {
  const address = providerAddressOf(module, localName);
  const provider = schemas.provider_schemas[address];
  const noun = KIND_NOUN[kind];
  if (!provider) {
    return {
      missing:
        `Invalid ${noun} type: "${type}" needs provider ${address}, which the vendored ${PROVIDER_SCHEMAS_FILE} does not describe ` +
        `(it has ${Object.keys(schemas.provider_schemas).map(shortAddress).join(", ")}); if the bundle really needs it, vendor its schema: ${REGENERATE}`,
    };
  }
  const section = SCHEMA_SECTION[kind];
  const schema = provider[section]?.[type];
  if (!schema) {
    const known = Object.keys(provider[section] ?? {}).length;
    return {
      missing:
        `Invalid ${noun} type: the provider ${shortAddress(address)} does not support ${noun} type "${type}": it is not among the ` +
        `${known} ${noun} types of ${shortAddress(address)}${versionNote(schemas, address)} in the vendored ${PROVIDER_SCHEMAS_FILE}; ` +
        `if it is a real type, add its service to KEPT_TYPES in scripts/vendor-provider-schemas.ts and regenerate: ${REGENERATE}`,
    };
  }
  return { schema };
}

function versionNote(schemas: ProviderSchemas, address: string): string {
  const version = providerVersionInSchemas(schemas, address);
  return version ? ` ${formatVersion(version)}` : "";
}

function shortAddress(address: string): string {
  return address.replace(/^registry\.terraform\.io\//, "");
}

function providerVersionInSchemas(schemas: ProviderSchemas, address: string): Version | undefined {
  const provenance = schemas._provenance?.[address];
  const version = isHclObject(provenance) ? provenance.provider_version : undefined;
  return typeof version === "string" ? parseVersion(version) : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// What Terraform itself accepts, written as schemas so that checkBody can check it too

const OPTIONAL: SchemaAttribute = { optional: true };
const REQUIRED: SchemaAttribute = { required: true };

const CONDITION_BLOCK: SchemaBlockType = {
  nesting_mode: "list",
  block: { attributes: { condition: REQUIRED, error_message: REQUIRED } },
};

const META_ARGUMENTS: Record<string, SchemaAttribute> = {
  count: OPTIONAL,
  for_each: OPTIONAL,
  depends_on: OPTIONAL,
  provider: OPTIONAL,
};

const RESOURCE_LIFECYCLE: SchemaBlockType = {
  nesting_mode: "single",
  block: {
    attributes: {
      create_before_destroy: OPTIONAL,
      prevent_destroy: OPTIONAL,
      ignore_changes: OPTIONAL,
      replace_triggered_by: OPTIONAL,
    },
    block_types: { precondition: CONDITION_BLOCK, postcondition: CONDITION_BLOCK },
  },
};

/** Data sources and ephemeral resources only take conditions in their lifecycle. */
const CONDITIONS_ONLY_LIFECYCLE: SchemaBlockType = {
  nesting_mode: "single",
  block: { block_types: { precondition: CONDITION_BLOCK, postcondition: CONDITION_BLOCK } },
};

/** Resource-only blocks with labels or free-form content that this checker does not look into. */
const UNCHECKED_RESOURCE_BLOCKS: ReadonlySet<string> = new Set(["provisioner", "connection"]);
const NOTHING_UNCHECKED: ReadonlySet<string> = new Set();

export const VARIABLE_SCHEMA: SchemaBlock = {
  attributes: {
    type: OPTIONAL,
    default: OPTIONAL,
    description: OPTIONAL,
    sensitive: OPTIONAL,
    nullable: OPTIONAL,
    ephemeral: OPTIONAL,
  },
  block_types: { validation: CONDITION_BLOCK },
};

export const OUTPUT_SCHEMA: SchemaBlock = {
  attributes: { value: REQUIRED, description: OPTIONAL, sensitive: OPTIONAL, ephemeral: OPTIONAL, depends_on: OPTIONAL },
  block_types: { precondition: CONDITION_BLOCK },
};

const DYNAMIC_BLOCK_SCHEMA: SchemaBlock = {
  attributes: { for_each: REQUIRED, iterator: OPTIONAL, labels: OPTIONAL },
};

const TERRAFORM_SETTINGS = new Set(["required_version", "required_providers", "backend", "cloud", "experiments", "provider_meta"]);
const REQUIRED_PROVIDER_FIELDS = new Set(["source", "version", "configuration_aliases"]);

const withMetaCache = new WeakMap<SchemaBlock, SchemaBlock>();

/** A resource-like block's schema plus the meta-arguments Terraform adds to every such block. */
export function withMetaArguments(kind: ResourceKind, block: SchemaBlock): SchemaBlock {
  let merged = withMetaCache.get(block);
  if (!merged) {
    merged = {
      ...block,
      attributes: { ...block.attributes, ...META_ARGUMENTS },
      block_types: {
        ...block.block_types,
        lifecycle: kind === "resource" ? RESOURCE_LIFECYCLE : CONDITIONS_ONLY_LIFECYCLE,
      },
    };
    withMetaCache.set(block, merged);
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------------------
// Checking one body against a schema, recursively

interface BodyContext {
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
function checkBody(
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

// ---------------------------------------------------------------------------------------------------------
// The module-level check

/**
 * Checks every block of the module against the provider schemas and Terraform's own block rules, plus:
 * duplicate declarations, providers used but not pinned in required_providers, provider versions the
 * schema file does not match, and a required_version too old for write-only arguments or ephemeral
 * resources.
 */
export async function checkSchema(module: TerraformModule, schemas?: ProviderSchemas): Promise<TerraformProblem[]> {
  const providerSchemas = schemas ?? (await loadProviderSchemas());
  const problems: TerraformProblem[] = [];
  const writeOnlyArguments: string[] = [];
  const contextFor = (block: ModuleBlock): BodyContext => ({
    path: [],
    address: block.address,
    writeOnlyArguments,
    report: (message) => problems.push({ file: block.file, address: block.address, message }),
  });

  checkDuplicateDeclarations(module, problems);
  for (const block of module.blocks) {
    const context = contextFor(block);
    if (isResourceKind(block.kind)) checkResourceLike(block, block.kind, module, providerSchemas, context);
    else if (block.kind === "variable") checkVariable(block, context);
    else if (block.kind === "output") checkBody(block.body, OUTPUT_SCHEMA, context);
    else if (block.kind === "terraform") checkTerraformSettings(block, providerSchemas, context);
    else if (block.kind === "provider") checkProviderBlock(block, module, providerSchemas, context);
    else if (block.kind === "module" && typeof block.body.source !== "string") {
      context.report(`Missing required argument: the argument "source" is required, but no definition was found`);
    }
  }
  checkProvidersArePinned(module, problems);
  checkRequiredVersionFloor(module, writeOnlyArguments, problems);
  return problems;
}

function checkResourceLike(
  block: ModuleBlock,
  kind: ResourceKind,
  module: TerraformModule,
  schemas: ProviderSchemas,
  context: BodyContext,
): void {
  const { schema, missing } = lookupTypeSchema(schemas, module, kind, block.type, providerLocalNameOf(block));
  if (!schema) {
    context.report(missing ?? `Invalid ${KIND_NOUN[kind]} type "${block.type}"`);
    return;
  }
  const unchecked = kind === "resource" ? UNCHECKED_RESOURCE_BLOCKS : NOTHING_UNCHECKED;
  checkBody(block.body, withMetaArguments(kind, schema.block), context, unchecked);
  if ("count" in block.body && "for_each" in block.body) {
    context.report(`Invalid combination of "count" and "for_each": the two meta-arguments are mutually exclusive`);
  }
  checkProviderMetaArgument(block, module, context);
  checkIgnoreChanges(block, schema.block, context);
}

/** `provider = aws.west` must name a configured alias. */
function checkProviderMetaArgument(block: ModuleBlock, module: TerraformModule, context: BodyContext): void {
  const value = block.body.provider;
  if (value === undefined) return;
  const reference = typeof value === "string" ? PROVIDER_REFERENCE.exec(value) : null;
  if (!reference) {
    context.report(`Invalid provider reference: "provider" must be a provider name or name.alias, not ${JSON.stringify(value)}`);
    return;
  }
  const [, name, alias] = reference;
  const configured = module.blocks.some((other) => other.kind === "provider" && other.name === name && other.body.alias === alias);
  if (alias && !configured) {
    context.report(`Provider configuration not present: no provider "${name}" block has alias "${alias}"`);
  }
}

/** Each `lifecycle { ignore_changes = [...] }` entry must name an argument or block of the resource. */
function checkIgnoreChanges(block: ModuleBlock, schema: SchemaBlock, context: BodyContext): void {
  for (const lifecycle of blockBodies(block.body.lifecycle) ?? []) {
    const entries = lifecycle.ignore_changes;
    if (entries === undefined || entries === "all" || entries === "${all}") continue;
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      const name = typeof entry === "string" ? /^(?:\$\{)?([A-Za-z_][\w-]*)/.exec(entry)?.[1] : undefined;
      if (!name || !(schema.attributes?.[name] || schema.block_types?.[name])) {
        context.report(`Unsupported attribute in lifecycle.ignore_changes: ${JSON.stringify(entry)} is not an argument of ${block.type}`);
      }
    }
  }
}

const TYPE_WORDS = new Set(["string", "number", "bool", "any", "list", "set", "map", "object", "tuple", "optional", "null", "true", "false"]);

function checkVariable(block: ModuleBlock, context: BodyContext): void {
  checkBody(block.body, VARIABLE_SCHEMA, context);
  for (const flag of ["sensitive", "nullable", "ephemeral"]) {
    if (flag in block.body && typeof block.body[flag] !== "boolean") {
      context.report(`Invalid value for "${flag}": it must be true or false`);
    }
  }
  const type = block.body.type;
  if (type === undefined) return;
  const unknownWords = typeof type === "string" ? unknownTypeWords(type) : ["(not a type expression)"];
  if (unknownWords.length > 0) {
    context.report(`Invalid type specification: ${unknownWords.map((word) => `"${word}"`).join(", ")} in ${JSON.stringify(type)}`);
  }
}

/** Words of a type constraint that are neither type keywords nor object attribute names. */
function unknownTypeWords(typeExpression: string): string[] {
  const inner = typeExpression
    .replace(/^\$\{([\s\S]*)\}$/, "$1")
    .replace(/"(?:[^"\\]|\\.)*"/g, '""'); // default values inside optional(…) may hold any text
  return [...inner.matchAll(/([A-Za-z_][\w-]*)(\s*=(?!=))?/g)]
    .filter(([, word, isAttributeName]) => !isAttributeName && word && !TYPE_WORDS.has(word))
    .map(([, word]) => word ?? "");
}

function checkTerraformSettings(block: ModuleBlock, schemas: ProviderSchemas, context: BodyContext): void {
  for (const key of Object.keys(block.body)) {
    if (!TERRAFORM_SETTINGS.has(key)) context.report(`Unsupported argument: "${key}" is not expected in a terraform block`);
  }
  const requiredVersion = block.body.required_version;
  if (requiredVersion !== undefined && (typeof requiredVersion !== "string" || !parseConstraint(requiredVersion))) {
    context.report(`Invalid required_version: ${JSON.stringify(requiredVersion)} is not a version constraint`);
  }
  for (const body of blockBodies(block.body.required_providers) ?? []) {
    for (const [localName, entry] of Object.entries(body)) checkRequiredProvider(localName, entry, schemas, context);
  }
}

function checkRequiredProvider(localName: string, entry: unknown, schemas: ProviderSchemas, context: BodyContext): void {
  const label = `required_providers.${localName}`;
  if (!isHclObject(entry) || typeof entry.source !== "string") {
    context.report(`Invalid ${label}: it must be an object with "source" and "version"`);
    return;
  }
  for (const key of Object.keys(entry)) {
    if (!REQUIRED_PROVIDER_FIELDS.has(key)) context.report(`Invalid ${label}: unexpected "${key}"`);
  }
  const address = providerAddress(entry.source);
  if (!schemas.provider_schemas[address]) {
    context.report(`Unknown provider: ${label} source "${entry.source}" is not described by provider-schemas.json`);
  }
  const version = entry.version;
  if (typeof version !== "string") {
    context.report(`Unpinned provider: ${label} has no version constraint`);
    return;
  }
  if (!parseConstraint(version)) {
    context.report(`Invalid ${label}.version: "${version}" is not a version constraint`);
    return;
  }
  const checkedVersion = providerVersionInSchemas(schemas, address);
  if (checkedVersion && !constraintAllows(version, checkedVersion)) {
    context.report(
      `Provider version mismatch: ${label}.version "${version}" does not allow ${formatVersion(checkedVersion)}, ` +
        `the version provider-schemas.json describes (so this check would not prove anything)`,
    );
  }
}

/** Provider configuration arguments are not in the schema file; only the provider's name is checked. */
function checkProviderBlock(block: ModuleBlock, module: TerraformModule, schemas: ProviderSchemas, context: BodyContext): void {
  const known = requiredProviders(module).has(block.name) || Boolean(schemas.provider_schemas[providerAddress(`hashicorp/${block.name}`)]);
  if (!known) {
    context.report(`Unknown provider: provider "${block.name}" is neither in required_providers nor in provider-schemas.json`);
  }
}

function checkDuplicateDeclarations(module: TerraformModule, problems: TerraformProblem[]): void {
  const firstByAddress = new Map<string, ModuleBlock>();
  for (const block of module.blocks) {
    if (["terraform", "import", "moved", "removed"].includes(block.kind)) continue;
    const first = firstByAddress.get(block.address);
    if (!first) {
      firstByAddress.set(block.address, block);
      continue;
    }
    problems.push({
      file: block.file,
      address: block.address,
      message: `Duplicate ${block.kind} declaration: ${block.address} is already declared in ${first.file}`,
    });
  }
}

/** The bundle promises pinned providers: each provider a resource uses must be in required_providers. */
function checkProvidersArePinned(module: TerraformModule, problems: TerraformProblem[]): void {
  const required = requiredProviders(module);
  const terraformBlock = module.blocks.find((block) => block.kind === "terraform");
  const reported = new Set<string>();
  for (const block of module.blocks) {
    if (!isResourceKind(block.kind)) continue;
    const localName = providerLocalNameOf(block);
    if (required.has(localName) || reported.has(localName)) continue;
    reported.add(localName);
    problems.push({
      file: terraformBlock?.file ?? block.file,
      address: "terraform",
      message:
        `Unpinned provider: "${localName}" is used by ${block.address} but terraform.required_providers does not ` +
        `declare it, so its source and version are not pinned`,
    });
  }
}

const WRITE_ONLY_SINCE: Version = [1, 11, 0];
const EPHEMERAL_SINCE: Version = [1, 10, 0];

/** Write-only arguments need Terraform 1.11 and ephemeral resources 1.10; required_version must say so. */
function checkRequiredVersionFloor(module: TerraformModule, writeOnlyArguments: string[], problems: TerraformProblem[]): void {
  const needs: { version: Version; reason: string }[] = [
    ...writeOnlyArguments.map((argument) => ({ version: WRITE_ONLY_SINCE, reason: `write-only argument ${argument}` })),
    ...module.blocks
      .filter((block) => block.kind === "ephemeral")
      .map((block) => ({ version: EPHEMERAL_SINCE, reason: `ephemeral resource ${block.address}` })),
  ];
  const strongest = needs.sort((a, b) => compareVersions(b.version, a.version))[0];
  if (!strongest) return;
  const terraformBlock = module.blocks.find((block) => block.kind === "terraform" && typeof block.body.required_version === "string");
  const constraint = terraformBlock?.body.required_version as string | undefined;
  const needed = formatVersion(strongest.version);
  const file = terraformBlock?.file ?? module.files[0]?.file ?? "";
  if (constraint === undefined) {
    problems.push({ file, address: "terraform", message: `Missing required_version: ${strongest.reason} needs Terraform >= ${needed}` });
  } else if (compareVersions(constraintFloor(constraint), strongest.version) < 0) {
    problems.push({
      file,
      address: "terraform",
      message: `required_version "${constraint}" allows Terraform older than ${needed}, but ${strongest.reason} needs >= ${needed}`,
    });
  }
}
