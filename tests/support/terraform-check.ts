/**
 * An offline `terraform validate` + `terraform fmt -check` for one generated module directory, for tests.
 * There is no terraform binary here, so it is rebuilt from `@cdktf/hcl2json` (parsing), `@cdktf/hcl-tools`
 * (formatting) and `tests/support/provider-schemas/provider-schemas.json` (the providers' schemas, vendored).
 *
 *   const problems = await checkTerraformModule({ "main.tf": …, "variables.tf": …, "terraform.tfvars": … });
 *   expect(problems, describeProblems(problems)).toEqual([]);
 *
 * The pieces are exported for focused tests; see each module for what it checks and why.
 */
import { checkFormatting } from "./terraform-format";
import { parseModule, type TerraformProblem } from "./terraform-model";
import { checkReferences } from "./terraform-references";
import { loadProviderSchemas } from "./terraform-provider-schemas";
import { checkSchema } from "./terraform-schema";

export { checkFormatting } from "./terraform-format";
export { blockAddressAtLine, parseModule } from "./terraform-model";
export type { ModuleBlock, ParsedFile, TerraformModule, TerraformProblem } from "./terraform-model";
export { checkReferences } from "./terraform-references";
export { expressionSites, referencesIn } from "./terraform-expressions";
export type { ExpressionSite, Reference } from "./terraform-expressions";
export { loadProviderSchemas, lookupTypeSchema, providerSchemasPath } from "./terraform-provider-schemas";
export type { ProviderSchemas, SchemaBlock } from "./terraform-provider-schemas";
export { checkSchema } from "./terraform-schema";
export { constraintAllows, constraintFloor, parseConstraint } from "./terraform-versions";

/**
 * Every problem `terraform validate` (and `terraform fmt -check`) would report for the module, plus a few
 * the bundle promises on top (pinned providers, a required_version new enough for the features used, no
 * unused variables, no deprecated arguments). `files` maps a path to its content; `.tf` and `.tfvars`
 * files are checked, anything else is ignored.
 *
 * When a file does not parse, only parse and formatting problems are returned: with declarations missing,
 * schema and reference problems would be noise (terraform stops there too).
 */
export async function checkTerraformModule(files: Record<string, string>): Promise<TerraformProblem[]> {
  const { module, problems: parseProblems } = await parseModule(files);
  const parsedFiles = Object.fromEntries(
    [...module.files, ...module.tfvars].map(({ file, content }) => [file, content] as const),
  );
  const formattingProblems = await checkFormatting(parsedFiles);
  if (parseProblems.length > 0) return [...parseProblems, ...formattingProblems];
  const schemas = await loadProviderSchemas();
  return [
    ...formattingProblems,
    ...(await checkSchema(module, schemas)),
    ...(await checkReferences(module, schemas)),
  ];
}

/** One line per problem, for assertion messages: `file: address: message`. */
export function describeProblems(problems: TerraformProblem[]): string {
  return problems.map(({ file, address, message }) => `${file}: ${address || "(file)"}: ${message}`).join("\n");
}
