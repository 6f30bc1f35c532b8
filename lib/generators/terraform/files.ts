import type { TerraformPath } from "../bundle-files";
import type { HclBlock } from "../hcl";
import type { BundleInput } from "../types";

/** A Terraform file of the bundle: its blocks, built once and shared by the file, the README and the preview. */
export interface TerraformFile {
  path: TerraformPath;
  /** The file's blocks; an empty list means the plan needs no such file. */
  blocks(input: BundleInput): readonly HclBlock[];
}
