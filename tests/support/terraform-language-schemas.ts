/**
 * What Terraform itself accepts, written as schemas of the provider-schema shape so that the body check
 * (terraform-body-check.ts) checks it too: meta-arguments, lifecycle, variable, output, dynamic blocks,
 * and the settings of a `terraform` block. Kept apart: these are language rules, not provider data.
 */
import type { ResourceKind, SchemaAttribute, SchemaBlock, SchemaBlockType } from "./terraform-provider-schemas";

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
export const UNCHECKED_RESOURCE_BLOCKS: ReadonlySet<string> = new Set(["provisioner", "connection"]);
export const NOTHING_UNCHECKED: ReadonlySet<string> = new Set();

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

export const DYNAMIC_BLOCK_SCHEMA: SchemaBlock = {
  attributes: { for_each: REQUIRED, iterator: OPTIONAL, labels: OPTIONAL },
};

export const TERRAFORM_SETTINGS = new Set(["required_version", "required_providers", "backend", "cloud", "experiments", "provider_meta"]);
export const REQUIRED_PROVIDER_FIELDS = new Set(["source", "version", "configuration_aliases"]);

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
