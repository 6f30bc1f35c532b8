/**
 * The providers' schemas for the offline `terraform validate`: the shape of `provider-schemas.json`
 * (`terraform providers schema -json`), loading it, and finding the schema of a resource, data source or
 * ephemeral resource through the module's required_providers, with a note when the vendored provider
 * version does not match the one the module pins. Kept apart from the checks that use it.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { blockBodies, isHclObject, type ModuleBlock, type TerraformModule } from "./terraform-model";
import { formatVersion, parseVersion, type Version } from "./terraform-versions";

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

export const KIND_NOUN: Record<ResourceKind, string> = {
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

export const PROVIDER_REFERENCE = /^\$\{([A-Za-z][\w-]*)(?:\.([A-Za-z][\w-]*))?\}$/;

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

export function providerVersionInSchemas(schemas: ProviderSchemas, address: string): Version | undefined {
  const provenance = schemas._provenance?.[address];
  const version = isHclObject(provenance) ? provenance.provider_version : undefined;
  return typeof version === "string" ? parseVersion(version) : undefined;
}
