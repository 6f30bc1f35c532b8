import { rotationFunctionFiles } from "./lambda";
import { renderReadme, type FileDescription } from "./readme";
import { renderTerraformFile, TERRAFORM_FILES, terraformTfvars } from "./terraform";
import { terraformModel } from "./terraform/model";
import { testRotationSh } from "./test-rotation-sh";
import type { BundleFile, BundleInput, FileGenerator } from "./types";

/** One file the bundle may hold: where it goes, why, and the generator that writes it or steps aside. */
export interface BundleEntry extends FileDescription {
  generate: FileGenerator;
}

/** The rotation function's files, each its own entry, written only for our bundled function. */
function lambdaFile(path: string, summary: string): BundleEntry {
  return {
    path,
    summary,
    generate: ({ plan }) => {
      if (!terraformModel(plan).bundledFunction || (plan.engine !== "postgres" && plan.engine !== "mysql" && plan.engine !== "mariadb")) return null;
      const strategy = plan.strategy === "alternating" ? "alternating" : "single";
      const file = rotationFunctionFiles({ engine: plan.engine, strategy, runtime: plan.runtime, architecture: plan.arch }).find((f) => f.path === path);
      return file ? { path: file.path, content: file.content, executable: file.executable } : null;
    },
  };
}

const CONTENT_ENTRIES: readonly BundleEntry[] = [
  ...TERRAFORM_FILES.slice(0, 2).map(terraformEntry),
  { path: "terraform.tfvars", summary: "This plan's values for the variables.", generate: terraformTfvars },
  ...TERRAFORM_FILES.slice(2).map(terraformEntry),
  lambdaFile("lambda/rotation.py", "The rotation function: the four steps, and the database adapter for this engine."),
  lambdaFile("lambda/requirements.txt", "The function's one dependency, the database driver, pinned."),
  lambdaFile("lambda/build.sh", "Builds lambda/build for the function's architecture and Python version, with the RDS CA bundle."),
  { path: "scripts/test-rotation.sh", summary: "Rotates the secret once and reports whether it worked.", generate: testRotationSh },
];

function terraformEntry(file: (typeof TERRAFORM_FILES)[number]): BundleEntry {
  return { path: file.path, summary: file.summary, generate: (input) => renderTerraformFile(file, input) };
}

/** The README describes the files that the other entries write for this plan. */
const README_ENTRY: BundleEntry = {
  path: "README.md",
  summary: "What was generated and why, how to apply and test it, and how to regenerate it.",
  generate: (input) => generateBundle(input)[0]!,
};

/** Every file the bundle may hold, in the order the preview lists them. */
export const BUNDLE_ENTRIES: readonly BundleEntry[] = [README_ENTRY, ...CONTENT_ENTRIES];

/** The bundle of a plan: each entry's file, or nothing when the plan does not need it; the README first. */
export function generateBundle(input: BundleInput): BundleFile[] {
  const present = CONTENT_ENTRIES.flatMap((entry) => {
    const file = entry.generate(input);
    return file === null ? [] : [{ entry, file }];
  });
  const readme = renderReadme(input, [README_ENTRY, ...present.map(({ entry }) => entry)]);
  return [{ path: README_ENTRY.path, content: readme }, ...present.map(({ file }) => file)];
}

/** Why a file of the bundle exists, for the preview's explanation panel. */
export function describeBundleFile(path: string): string | undefined {
  return BUNDLE_ENTRIES.find((entry) => entry.path === path)?.summary;
}
