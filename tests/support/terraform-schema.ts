/**
 * The schema half of an offline `terraform validate`: every block, argument and nested block of the module
 * is checked against `provider-schemas.json` (the `terraform providers schema -json` layout), and the
 * Terraform language blocks (`terraform`, `provider`, `variable`, `output`, meta-arguments) against what
 * Terraform itself accepts, expressed as small schemas of the same shape so one checker handles both.
 * This module is the module-level check; the schema file and provider lookup are in
 * terraform-provider-schemas.ts, Terraform's own blocks in terraform-language-schemas.ts, and the
 * recursive body check in terraform-body-check.ts.
 */
import { checkBody, type BodyContext } from "./terraform-body-check";
import {
  NOTHING_UNCHECKED,
  OUTPUT_SCHEMA,
  REQUIRED_PROVIDER_FIELDS,
  TERRAFORM_SETTINGS,
  UNCHECKED_RESOURCE_BLOCKS,
  VARIABLE_SCHEMA,
  withMetaArguments,
} from "./terraform-language-schemas";
import {
  blockBodies,
  isHclObject,
  type ModuleBlock,
  type TerraformModule,
  type TerraformProblem,
} from "./terraform-model";
import {
  isResourceKind,
  KIND_NOUN,
  loadProviderSchemas,
  lookupTypeSchema,
  PROVIDER_REFERENCE,
  providerAddress,
  providerLocalNameOf,
  providerVersionInSchemas,
  requiredProviders,
  type ProviderSchemas,
  type ResourceKind,
  type SchemaBlock,
} from "./terraform-provider-schemas";
import {
  compareVersions,
  constraintAllows,
  constraintFloor,
  formatVersion,
  parseConstraint,
  type Version,
} from "./terraform-versions";

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
