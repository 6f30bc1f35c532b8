export { generateBundle, describeBundleFile, BUNDLE_ENTRIES, type BundleEntry } from "./registry";
export type { BundleFile, BundleInput, FileGenerator } from "./types";
export { FALLBACK_VERSIONS, type ToolVersions } from "@/lib/versions";
export { explainResources, type ResourceExplanation } from "./explain";
