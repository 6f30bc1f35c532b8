import { isFeatureTerraformPath, TERRAFORM_PATHS, type BundleWideTerraformPath, type FeatureTerraformPath } from "../bundle-files";
import { featureBlocks, modelOf } from "../features";
import { renderHclFile } from "../hcl";
import type { BundleFile, BundleInput } from "../types";
import { builtOnce, type TerraformFile } from "./files";
import { outputsTf } from "./outputs-tf";
import { rotationTf } from "./rotation-tf";
import { withScannerOptOuts } from "./scanner-opt-outs";
import { variablesTf } from "./variables-tf";
import { versionsTf } from "./versions-tf";

export type { TerraformFile } from "./files";
export { terraformTfvars } from "./tfvars";

const BUNDLE_WIDE_FILES: Record<BundleWideTerraformPath, TerraformFile> = {
  "versions.tf": versionsTf,
  "variables.tf": variablesTf,
  "rotation.tf": rotationTf,
  "outputs.tf": outputsTf,
};

/** A file that holds what the plan's features add to it, and nothing else. */
function featureFile(path: FeatureTerraformPath): TerraformFile {
  return builtOnce({ path, blocks: (input) => featureBlocks(modelOf(input), path) });
}

/** The Terraform files, in bundle order. */
export const TERRAFORM_FILES: readonly TerraformFile[] = TERRAFORM_PATHS.map((path) =>
  isFeatureTerraformPath(path) ? featureFile(path) : BUNDLE_WIDE_FILES[path],
);

/** A Terraform file as written: its blocks, with the security scanners' opt-outs in place. */
export function renderTerraformFile(file: TerraformFile, input: BundleInput): BundleFile | null {
  const blocks = withScannerOptOuts(file.blocks(input), modelOf(input));
  return blocks.length === 0 ? null : { path: file.path, content: renderHclFile(blocks) };
}
