import type { Plan, PlanParam } from "@/lib/config";
import { BUNDLE_ENTRIES, generateBundle } from "@/lib/generators";
import type { BundleFile } from "@/lib/generators/types";
import { bundleZipName, zipBundle } from "@/lib/bundle/zip";
import type { ToolVersions } from "@/lib/versions";
import { saveFile } from "./download";

/**
 * The browser's bundle: the preview shows these files and the download zips these same files, so what
 * the user reads is what they get. The versions are the server's, so the browser's zip equals the API's.
 */
export function buildBundle(plan: Plan, versions: ToolVersions, examples: readonly PlanParam[] = []): BundleFile[] {
  return generateBundle({ plan, versions, examples });
}

/**
 * One file of that bundle, written alone (the README needs the others, so it costs the whole bundle), or
 * null when the plan's bundle has no such file: the preview shows it at once, and the rest follows.
 */
export function buildFile(plan: Plan, versions: ToolVersions, examples: readonly PlanParam[], path: string): BundleFile | null {
  const entry = BUNDLE_ENTRIES.find((candidate) => candidate.path === path);
  return entry ? entry.generate({ plan, versions, examples }) : null;
}

/** Zips the files in the browser and hands them to the user as `<name>-rotation.zip`. */
export function downloadBundle(plan: Plan, files: readonly BundleFile[]): void {
  saveFile([zipBundle(plan.name, files) as Uint8Array<ArrayBuffer>], bundleZipName(plan.name), "application/zip");
}
