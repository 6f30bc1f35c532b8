/**
 * The reference half of an offline `terraform validate`: every reference resolves to a declaration of the
 * module and names an attribute its type has; every variable is used; `terraform.tfvars` assigns only
 * declared variables, with literal values; ephemeral values only reach write-only arguments; sensitive
 * values are only output as sensitive.
 */
import { expressionSites, referencesIn, type ExpressionSite, type Reference } from "./terraform-expressions";
import { isHclObject, type ModuleBlock, type TerraformModule, type TerraformProblem } from "./terraform-model";
import { OUTPUT_SCHEMA, VARIABLE_SCHEMA, withMetaArguments } from "./terraform-language-schemas";
import {
  isResourceKind,
  loadProviderSchemas,
  lookupTypeSchema,
  providerLocalNameOf,
  type ProviderSchemas,
  type ResourceKind,
  type SchemaAttribute,
  type SchemaBlock,
} from "./terraform-provider-schemas";

type DeclarationKind = ResourceKind | "variable" | "local" | "module";

/** Declarations by kind, keyed the way references name them: `type.name` for resources, `name` otherwise. */
type Declarations = Record<DeclarationKind, Map<string, ModuleBlock>>;

function indexDeclarations(module: TerraformModule): Declarations {
  const declarations: Declarations = {
    resource: new Map(),
    data: new Map(),
    ephemeral: new Map(),
    variable: new Map(),
    local: new Map(),
    module: new Map(),
  };
  for (const block of module.blocks) {
    if (isResourceKind(block.kind)) declarations[block.kind].set(`${block.type}.${block.name}`, block);
    else if (block.kind === "variable" || block.kind === "local" || block.kind === "module") {
      declarations[block.kind].set(block.name, block);
    }
  }
  return declarations;
}

/** Roots Terraform provides itself; their use in the wrong place is not checked. */
const BUILT_IN_ROOTS = new Set(["count", "each", "self", "path", "terraform"]);

interface ParsedSite {
  site: ExpressionSite;
  references: Reference[];
  error?: string;
}

interface ReferenceContext {
  declarations: Declarations;
  module: TerraformModule;
  schemas: ProviderSchemas;
}

export async function checkReferences(module: TerraformModule, schemas?: ProviderSchemas): Promise<TerraformProblem[]> {
  const context: ReferenceContext = {
    declarations: indexDeclarations(module),
    module,
    schemas: schemas ?? (await loadProviderSchemas()),
  };
  const sites = module.blocks.flatMap((block) => expressionSites(block, schemaOfBlock(block, context)));
  const parsed = await Promise.all(sites.map(parseSite));

  const problems: TerraformProblem[] = [];
  const usedVariables = new Set<string>();
  for (const { site, references, error } of parsed) {
    const report = (message: string) => problems.push({ file: site.block.file, address: site.block.address, message });
    if (error) report(`Could not read expression ${JSON.stringify(site.text)}: ${error}`);
    for (const reference of references) {
      const problem = resolveReference(reference, context);
      if (problem) report(problem);
      const variable = nameAt(reference, 1);
      if (reference.root === "var" && variable && !isOwnValidation(site, variable)) usedVariables.add(variable);
      if (site.block.kind === "variable" && site.argument[0] === "default") {
        report(`Variables not allowed: the default of ${site.block.address} refers to ${reference.text}; defaults must be literal`);
      }
    }
  }
  problems.push(...markedValueProblems(parsed, context));
  problems.push(...unusedVariableProblems(context.declarations, usedVariables));
  problems.push(...(await tfvarsProblems(module, context.declarations)));
  return problems;
}

/** The schema that tells nested blocks from arguments in a block, where one is known. */
function schemaOfBlock(block: ModuleBlock, { module, schemas }: ReferenceContext): SchemaBlock | undefined {
  if (block.kind === "variable") return VARIABLE_SCHEMA;
  if (block.kind === "output") return OUTPUT_SCHEMA;
  if (!isResourceKind(block.kind)) return undefined;
  const { schema } = lookupTypeSchema(schemas, module, block.kind, block.type, providerLocalNameOf(block));
  return schema && withMetaArguments(block.kind, schema.block);
}

async function parseSite(site: ExpressionSite): Promise<ParsedSite> {
  const { references, error } = await readReferences(site.text);
  // Dynamic block iterators (`setting.value`) are bound around the expression, not inside it.
  return { site, references: references.filter(({ root }) => !site.localNames.has(root)), error };
}

/** The references of an expression; an expression the parser rejects becomes a problem, not a crash. */
async function readReferences(text: string): Promise<{ references: Reference[]; error?: string }> {
  try {
    return { references: await referencesIn(text) };
  } catch (error) {
    return { references: [], error: error instanceof Error ? error.message : String(error) };
  }
}

/** The name at a position of a reference, if that step is a name (`var.x` → 1 is "x"). */
function nameAt(reference: Reference, index: number): string | undefined {
  const part = reference.parts[index];
  return part?.kind === "name" ? part.value : undefined;
}

/** A variable's own validation condition does not count as using it. */
function isOwnValidation(site: ExpressionSite, variable: string): boolean {
  return site.block.kind === "variable" && site.block.name === variable;
}

/** Why a reference does not resolve (undeclared, or an attribute its type lacks), or undefined. */
function resolveReference(reference: Reference, context: ReferenceContext): string | undefined {
  const { declarations } = context;
  const { root, text } = reference;
  const first = nameAt(reference, 1);
  const second = nameAt(reference, 2);
  if (BUILT_IN_ROOTS.has(root)) return undefined;
  if (root === "var" || root === "local" || root === "module") {
    const kind = root === "var" ? "variable" : root;
    if (!first) return `Invalid reference: "${text}" must name a ${kind}`;
    if (declarations[kind].has(first)) return undefined;
    const noun = { variable: "input variable", local: "local value", module: "module call" }[kind];
    return `Reference to undeclared ${noun}: no ${noun} named "${first}" is declared (in ${text})`;
  }
  if (root === "data" || root === "ephemeral") {
    if (!first || !second) return `Invalid reference: "${text}" must be ${root}.<type>.<name>`;
    const declared = declarations[root].get(`${first}.${second}`);
    if (!declared) return `Reference to undeclared ${root === "data" ? "data source" : "ephemeral resource"}: ${root}.${first}.${second} is not declared (in ${text})`;
    return attributeProblem(reference, declared, context);
  }
  if (!first) return `Invalid reference: "${text}" is not a variable, local, data source or resource attribute`;
  const declared = declarations.resource.get(`${root}.${first}`);
  if (!declared) return `Reference to undeclared resource: a managed resource "${root}" "${first}" has not been declared (in ${text})`;
  return attributeProblem(reference, declared, context);
}

/** What the steps after `type.name` of a reference lead to in the type's schema. */
interface AttributeLookup {
  /** The attribute named, if the steps name one (not a nested block, not the whole object). */
  attribute?: SchemaAttribute;
  attributeName?: string;
  /** The first name the schema does not have. */
  unknownName?: string;
  /** The block the steps end in, when they do not reach an attribute. */
  block?: SchemaBlock;
}

/**
 * Follows the steps after `type.name` through the type's schema: skipping instance keys (`[0]`, `["k"]`,
 * `[*]`), each name must be an attribute or a nested block; the walk stops at an attribute because its value
 * (a map, an object) is not described further by the schema. Undefined when the type has no schema.
 */
function lookUpAttribute(reference: Reference, declared: ModuleBlock, { module, schemas }: ReferenceContext): AttributeLookup | undefined {
  if (!isResourceKind(declared.kind)) return undefined;
  const { schema } = lookupTypeSchema(schemas, module, declared.kind, declared.type, providerLocalNameOf(declared));
  if (!schema) return undefined; // checkSchema reports the unknown type
  let block = schema.block;
  for (const part of reference.parts.slice(declared.kind === "resource" ? 2 : 3)) {
    if (part.kind === "index") continue;
    const attribute = block.attributes?.[part.value];
    if (attribute) return { attribute, attributeName: part.value };
    const nested = block.block_types?.[part.value];
    if (!nested) return { unknownName: part.value };
    block = nested.block;
  }
  return { block };
}

function attributeProblem(reference: Reference, declared: ModuleBlock, context: ReferenceContext): string | undefined {
  const lookup = lookUpAttribute(reference, declared, context);
  if (lookup?.unknownName) {
    return `Unsupported attribute: ${reference.text} — ${declared.type} has no argument, nested block or exported attribute named "${lookup.unknownName}"`;
  }
  if (lookup?.attribute?.deprecated) {
    return `Deprecated attribute: ${reference.text} reads "${lookup.attributeName}", which is deprecated`;
  }
  return undefined;
}

/** The declaration a reference to a resource, data source or ephemeral resource points at. */
function declarationOf(reference: Reference, declarations: Declarations): ModuleBlock | undefined {
  const [first, second] = [nameAt(reference, 1), nameAt(reference, 2)];
  if (reference.root === "data" || reference.root === "ephemeral") return declarations[reference.root].get(`${first}.${second}`);
  if (BUILT_IN_ROOTS.has(reference.root) || ["var", "local", "module"].includes(reference.root)) return undefined;
  return declarations.resource.get(`${reference.root}.${first}`);
}

// ---------------------------------------------------------------------------------------------------------
// Ephemeral and sensitive values

/** Meta-arguments whose values do not end up in state. */
const META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "dynamic"]);

/**
 * An ephemeral value (an `ephemeral` resource, an `ephemeral = true` variable, or a local derived from one)
 * must never reach state: in a resource or data source it may only feed a write-only argument, and a root
 * module cannot output it. This is what keeps the initial password out of state. A sensitive value (a
 * `sensitive = true` variable, a sensitive attribute, or a local derived from one) may only be output with
 * `sensitive = true`.
 */
function markedValueProblems(parsed: ParsedSite[], context: ReferenceContext): TerraformProblem[] {
  const isEphemeral = markClassifier(parsed, (reference) => isEphemeralSource(reference, context), "ephemeralStripped");
  const isSensitive = markClassifier(parsed, (reference) => isSensitiveSource(reference, context), "sensitiveStripped");
  const problems: TerraformProblem[] = [];
  for (const { site, references } of parsed) {
    const { block } = site;
    const report = (message: string) => problems.push({ file: block.file, address: block.address, message });
    for (const reference of references) {
      if (isEphemeral(reference)) ephemeralUseProblem(site, reference, context, report);
      if (isSensitive(reference) && block.kind === "output" && site.argument[0] === "value" && block.body.sensitive !== true) {
        report(`Output refers to sensitive values: ${reference.text} is sensitive, so ${block.address} needs sensitive = true`);
      }
    }
  }
  return problems;
}

function ephemeralUseProblem(site: ExpressionSite, reference: Reference, context: ReferenceContext, report: (message: string) => void) {
  const { block, argument } = site;
  if (block.kind === "output") {
    report(`Ephemeral value not allowed: ${reference.text} is ephemeral and a root module cannot output it`);
  } else if ((block.kind === "resource" || block.kind === "data") && !META_ARGUMENTS.has(argument[0] ?? "")) {
    if (isWriteOnlyArgument(block, argument, context)) return;
    report(
      `Invalid use of ephemeral value: ${reference.text} is ephemeral, so it can only be set in a write-only ` +
        `argument, and ${argument.join(".")} is not one`,
    );
  }
}

function isEphemeralSource(reference: Reference, { declarations }: ReferenceContext): boolean {
  if (reference.root === "ephemeral") return true;
  return reference.root === "var" && declarations.variable.get(nameAt(reference, 1) ?? "")?.body.ephemeral === true;
}

/** A sensitive variable, a sensitive attribute, or a whole resource object that holds one. */
function isSensitiveSource(reference: Reference, context: ReferenceContext): boolean {
  if (reference.root === "var") return context.declarations.variable.get(nameAt(reference, 1) ?? "")?.body.sensitive === true;
  const declared = declarationOf(reference, context.declarations);
  const lookup = declared && lookUpAttribute(reference, declared, context);
  if (!lookup) return false;
  if (lookup.attribute) return lookup.attribute.sensitive === true;
  return Object.values(lookup.block?.attributes ?? {}).some((attribute) => attribute.sensitive);
}

/**
 * Whether a reference carries a mark (ephemeral, sensitive): it is a source of it, or a local derived from
 * one (locals pass marks on, including through other locals: iterate to a fixpoint), unless a function
 * around it (`ephemeralasnull`, `nonsensitive`) takes the mark away.
 */
function markClassifier(
  parsed: ParsedSite[],
  isSource: (reference: Reference) => boolean,
  strippedFlag: "ephemeralStripped" | "sensitiveStripped",
): (reference: Reference) => boolean {
  const markedLocals = new Set<string>();
  const isMarked = (reference: Reference): boolean =>
    !reference[strippedFlag] &&
    (isSource(reference) || (reference.root === "local" && markedLocals.has(nameAt(reference, 1) ?? "")));
  const localSites = parsed.filter(({ site }) => site.block.kind === "local");
  for (let changed = true; changed; ) {
    changed = false;
    for (const { site, references } of localSites) {
      if (!markedLocals.has(site.block.name) && references.some(isMarked)) {
        markedLocals.add(site.block.name);
        changed = true;
      }
    }
  }
  return isMarked;
}

function isWriteOnlyArgument(block: ModuleBlock, argument: string[], { module, schemas }: ReferenceContext): boolean {
  if (!isResourceKind(block.kind)) return false;
  let schema: SchemaBlock | undefined = lookupTypeSchema(schemas, module, block.kind, block.type, providerLocalNameOf(block)).schema?.block;
  for (const blockName of argument.slice(0, -1)) schema = schema?.block_types?.[blockName]?.block;
  return schema?.attributes?.[argument[argument.length - 1] ?? ""]?.write_only === true;
}

// ---------------------------------------------------------------------------------------------------------
// Variables: used, and assigned only when declared

function unusedVariableProblems(declarations: Declarations, used: Set<string>): TerraformProblem[] {
  return [...declarations.variable.values()]
    .filter((block) => !used.has(block.name))
    .map((block) => ({
      file: block.file,
      address: block.address,
      message: `Unused variable: variable "${block.name}" is declared but never referenced`,
    }));
}

async function tfvarsProblems(module: TerraformModule, declarations: Declarations): Promise<TerraformProblem[]> {
  const problems: TerraformProblem[] = [];
  for (const { file, json } of module.tfvars) {
    for (const [name, value] of Object.entries(json)) {
      const report = (message: string) => problems.push({ file, address: `variable.${name}`, message });
      if (!declarations.variable.has(name)) {
        report(`Value for undeclared variable: ${file} assigns "${name}", but no variable "${name}" is declared`);
      }
      for (const text of stringsIn(value)) {
        const { references, error } = await readReferences(text);
        if (error) report(`Could not read expression ${JSON.stringify(text)}: ${error}`);
        for (const reference of references) {
          report(`Variables not allowed: ${file} must hold literal values, but "${name}" refers to ${reference.text}`);
        }
      }
    }
  }
  return problems;
}

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isHclObject(value)) return Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)]);
  return [];
}
