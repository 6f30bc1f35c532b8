import type { Plan } from "@/lib/config";
import { generateBundle } from "@/lib/generators";
import type { BundleFile } from "@/lib/generators/types";
import { bundleZipName, zipBundle } from "@/lib/bundle/zip";
import { FALLBACK_VERSIONS } from "@/lib/versions";
import { saveFile } from "./download";

/**
 * The browser's bundle: the preview shows these files and the download zips these same files, so what
 * the user reads is what they get. The browser pins the embedded versions, like the CLI does offline.
 */
export function buildBundle(plan: Plan): BundleFile[] {
  return generateBundle({ plan, versions: FALLBACK_VERSIONS });
}

/** Zips the files in the browser and hands them to the user as `<name>-rotation.zip`. */
export function downloadBundle(plan: Plan, files: readonly BundleFile[]): void {
  saveFile([zipBundle(plan.name, files) as Uint8Array<ArrayBuffer>], bundleZipName(plan.name), "application/zip");
}
