import { BUNDLE_FILES, describeBundleFile, type BundlePath } from "./bundle-files";
import { modelOf } from "./features";
import { flatMap } from "./flat-map";
import { renderReadme, type FileDescription } from "./readme";
import { renderTerraformFile, TERRAFORM_FILES, terraformTfvars } from "./terraform";
import { testRotationSh } from "./test-rotation-sh";
import type { BundleFile, BundleInput, FileGenerator } from "./types";

/** One file the bundle may hold: where it goes, why, and the generator that writes it or steps aside. */
export interface BundleEntry extends FileDescription {
  generate: FileGenerator;
}

/** Files written from the plan as a whole; every other file is Terraform, or belongs to a feature. */
const BUNDLE_WIDE_GENERATORS: Partial<Record<BundlePath, FileGenerator>> = {
  "terraform.tfvars": terraformTfvars,
  "scripts/test-rotation.sh": testRotationSh,
};

function generatorOf(path: BundlePath): FileGenerator {
  const terraform = TERRAFORM_FILES.find((file) => file.path === path);
  if (terraform) return (input) => renderTerraformFile(terraform, input);
  return BUNDLE_WIDE_GENERATORS[path] ?? ((input) => featureFile(input, path));
}

/** A file that a feature of the plan writes (lambda/ of our function), or nothing when none does. */
function featureFile(input: BundleInput, path: BundlePath): BundleFile | null {
  const model = modelOf(input);
  const writers = flatMap(model.features, (feature) => feature.files?.[path] ?? []);
  if (writers.length > 1) throw new Error(`${path} is written by more than one feature of the plan`);
  return writers.length === 0 ? null : { path, ...writers[0]!(model) };
}

/** The README describes the files that the other entries write for this plan, so it is written after them. */
const README_ENTRY: BundleEntry = { path: "README.md", summary: describeBundleFile("README.md"), generate: (input) => generateBundle(input)[0]! };

const CONTENT_ENTRIES: readonly BundleEntry[] = BUNDLE_FILES.filter((file) => file.path !== README_ENTRY.path).map((file) => ({
  ...file,
  generate: generatorOf(file.path),
}));

/** Every file the bundle may hold, in the order the preview lists them (BUNDLE_FILES). */
export const BUNDLE_ENTRIES: readonly BundleEntry[] = [README_ENTRY, ...CONTENT_ENTRIES];

/** The bundle of a plan, in BUNDLE_FILES order: each entry's file, or nothing when the plan does not need it. */
export function generateBundle(input: BundleInput): BundleFile[] {
  const present = flatMap(CONTENT_ENTRIES, (entry) => {
    const file = entry.generate(input);
    return file === null ? [] : [{ entry, file }];
  });
  const readme = renderReadme(input, [README_ENTRY, ...present.map(({ entry }) => entry)]);
  return [{ path: README_ENTRY.path, content: readme }, ...present.map(({ file }) => file)];
}
