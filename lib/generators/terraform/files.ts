import type { TerraformPath } from "../bundle-files";
import type { HclBlock } from "../hcl";
import type { BundleInput } from "../types";

/** A Terraform file of the bundle: its blocks, built once and shared by the file, the README and the preview. */
export interface TerraformFile {
  path: TerraformPath;
  /** The file's blocks; an empty list means the plan needs no such file. */
  blocks(input: BundleInput): readonly HclBlock[];
}

/**
 * A file whose blocks are built once per input: the file itself, the README and the preview's explanations
 * all read them, and building rotation.tf's depends_on reads every other file's.
 */
export function builtOnce(file: TerraformFile): TerraformFile {
  const built = new WeakMap<BundleInput, readonly HclBlock[]>();
  return {
    path: file.path,
    blocks(input) {
      let blocks = built.get(input);
      if (!blocks) built.set(input, (blocks = file.blocks(input)));
      return blocks;
    },
  };
}
