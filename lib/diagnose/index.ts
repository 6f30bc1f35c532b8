import { InputError, parseDescribe, parseVersions } from "./live-input";
import { proposePlan } from "./proposal";
import { buildContext } from "./rules/context";
import { liveFindings } from "./rules/live";
import { logFindings } from "./rules/logs";
import { terraformFindings } from "./rules/terraform";
import { buildProject, isTerraformFile } from "./terraform/project";
import { sortFindings, type DiagnoseInput, type DiagnoseResult } from "./types";

export { CATALOGUE, SEVERITIES, ruleInfo, type RuleInfo, type Severity } from "./catalogue";
export { InputError } from "./live-input";
export { LIMITS, LIMITS_TEXT, LimitError, Budget, terraformFiles, type Upload } from "./upload";
export type { DiagnoseInput, DiagnoseResult, Finding, ProposedPlan, SourceFile } from "./types";
export { INPUT_NAMES } from "./types";

/**
 * The diagnosis: Terraform files, and optionally the secret's describe-secret and version JSON and the
 * rotation function's log, in; findings and a proposed plan out. Pure: no network, no clock (`now` comes
 * in), nothing kept. Throws InputError only for input it cannot use at all (no Terraform, JSON that is
 * not JSON); anything wrong inside the Terraform is a finding.
 */
export function diagnose(input: DiagnoseInput): DiagnoseResult {
  const files = input.files.filter((file) => isTerraformFile(file.path));
  if (!files.some((file) => file.path.endsWith(".tf"))) {
    throw new InputError("terraform", "no Terraform configuration: give at least one .tf file (a folder of them, or a zip)");
  }
  const describe = input.describe !== undefined && input.describe.trim() !== "" ? parseDescribe(input.describe) : null;
  const versions = input.versions !== undefined && input.versions.trim() !== "" ? parseVersions(input.versions) : null;
  const project = buildProject(files);
  const context = buildContext(project, describe, input.now);
  const findings = [...terraformFindings(context), ...liveFindings(context, describe, versions), ...(input.logs ? logFindings(input.logs) : [])];
  const { plan, wizardQuery } = proposePlan(context, describe);
  return { findings: sortFindings(findings), plan, wizardQuery };
}
