import type { HclBlock } from "./hcl";
import { TERRAFORM_FILES } from "./terraform";
import type { BundleInput } from "./types";

/**
 * Why each resource of a Terraform file exists: the comments written above its blocks. The bundle's
 * README and the preview's explanation panel both read them from here, so they never disagree.
 */
export interface ResourceExplanation {
  /** The Terraform address, e.g. `aws_lambda_function.rotation` or `data.aws_iam_policy_document.rotation`. */
  address: string;
  why: string;
}

function addressOf(block: HclBlock): string {
  if (block.type === "resource") return block.labels.join(".");
  if (block.type === "data") return ["data", ...block.labels].join(".");
  return [block.type, ...block.labels].join(".");
}

/** The explained blocks of one Terraform file of the bundle; empty for other files. */
export function explainResources(input: BundleInput, path: string): ResourceExplanation[] {
  const file = TERRAFORM_FILES.find((candidate) => candidate.path === path);
  return file ? explainBlocks(file.blocks(input)) : [];
}

/** The explanations of blocks already built (the README builds each file's blocks once). */
export function explainBlocks(blocks: readonly HclBlock[]): ResourceExplanation[] {
  return blocks.filter((block) => block.comment.length > 0).map((block) => ({ address: addressOf(block), why: block.comment.join(" ") }));
}
