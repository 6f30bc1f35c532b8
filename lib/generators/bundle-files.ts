/**
 * Every file a bundle may hold, in the order the README's table and the preview list them, and why it is
 * there. The order is the reader's: the README, then the Terraform as terraform-aws-modules lays it out
 * (versions, inputs and their values, then one file per concern, outputs last), then the function's code
 * and the test script. A plan's bundle holds the files whose generators have something to write.
 */
export const BUNDLE_FILES = [
  { path: "README.md", summary: "What was generated and why, how to apply and test it, and how to regenerate it." },
  { path: "versions.tf", summary: "The Terraform and provider versions this bundle needs." },
  { path: "variables.tf", summary: "Inputs: what differs between environments; their values for this plan are in terraform.tfvars." },
  { path: "terraform.tfvars", summary: "This plan's values for the variables." },
  { path: "secret.tf", summary: "The secret that holds the database credentials, and its first value, which never enters Terraform state." },
  { path: "lambda.tf", summary: "The rotation function that changes the password, running in your VPC." },
  { path: "iam.tf", summary: "What the rotation function may do: rotate this secret, and only what running in your VPC, logging and tracing need." },
  { path: "network.tf", summary: "How the function reaches the database and the Secrets Manager API from inside your VPC." },
  { path: "rotation.tf", summary: "Turns rotation on: the secret, what rotates it and how often the password changes." },
  { path: "monitoring.tf", summary: "Alerts: a failed rotation reaches your inbox instead of waiting for the next audit." },
  { path: "outputs.tf", summary: "What other code and scripts/test-rotation.sh need to know after apply." },
  { path: "lambda/rotation.py", summary: "The rotation function: the four steps, and the database adapter for this engine." },
  { path: "lambda/requirements.txt", summary: "The function's one dependency, the database driver, pinned." },
  { path: "lambda/build.sh", summary: "Builds lambda/build for the function's architecture and Python version, with the RDS CA bundle." },
  { path: "scripts/test-rotation.sh", summary: "Rotates the secret once and reports whether it worked." },
] as const;

export type BundlePath = (typeof BUNDLE_FILES)[number]["path"];
export type TerraformPath = Extract<BundlePath, `${string}.tf`>;

/**
 * Terraform files made for the bundle as a whole: from every feature's providers, variables and outputs,
 * and the rotation that waits for everything else. The other .tf files hold the blocks features add.
 */
const BUNDLE_WIDE_TERRAFORM = ["versions.tf", "variables.tf", "rotation.tf", "outputs.tf"] as const satisfies readonly TerraformPath[];
export type BundleWideTerraformPath = (typeof BUNDLE_WIDE_TERRAFORM)[number];
export type FeatureTerraformPath = Exclude<TerraformPath, BundleWideTerraformPath>;

/** The Terraform files, in bundle order. */
export const TERRAFORM_PATHS = BUNDLE_FILES.map((file) => file.path).filter((path): path is TerraformPath => path.endsWith(".tf"));

export function isFeatureTerraformPath(path: TerraformPath): path is FeatureTerraformPath {
  return !(BUNDLE_WIDE_TERRAFORM as readonly string[]).includes(path);
}

/** Why a file of the bundle exists, for the README's table and the preview's explanation panel. */
export function describeBundleFile(path: BundlePath): string;
export function describeBundleFile(path: string): string | undefined;
export function describeBundleFile(path: string): string | undefined {
  return BUNDLE_FILES.find((file) => file.path === path)?.summary;
}
