export { generateBundle, BUNDLE_ENTRIES, type BundleEntry } from "./registry";
export { describeBundleFile, BUNDLE_FILES, type BundlePath } from "./bundle-files";
export { FEATURES, type Feature } from "./features";
export type { BundleFile, BundleInput, FileGenerator } from "./types";
export { FALLBACK_VERSIONS, type ToolVersions } from "@/lib/versions";
export { explainResources, type ResourceExplanation } from "./explain";
