import { renderHclFile } from "../hcl";
import type { BundleFile, BundleInput } from "../types";
import type { TerraformFile } from "./files";
import { iamTf } from "./iam-tf";
import { lambdaTf } from "./lambda-tf";
import { monitoringTf } from "./monitoring-tf";
import { networkTf } from "./network-tf";
import { outputsTf } from "./outputs-tf";
import { rotationTf } from "./rotation-tf";
import { withScannerOptOuts } from "./scanner-opt-outs";
import { secretTf } from "./secret-tf";
import { variablesTf } from "./variables-tf";
import { versionsTf } from "./versions-tf";

export type { TerraformFile } from "./files";
export { terraformTfvars } from "./tfvars";

/** The Terraform files, in the order terraform-aws-modules lays them out. */
export const TERRAFORM_FILES: readonly TerraformFile[] = [
  versionsTf,
  variablesTf,
  secretTf,
  lambdaTf,
  iamTf,
  networkTf,
  rotationTf,
  monitoringTf,
  outputsTf,
];

/** A Terraform file as written: its blocks, with the security scanners' opt-outs in place. */
export function renderTerraformFile(file: TerraformFile, input: BundleInput): BundleFile | null {
  const blocks = withScannerOptOuts(file.blocks(input), input.plan);
  return blocks.length === 0 ? null : { path: file.path, content: renderHclFile(blocks) };
}
