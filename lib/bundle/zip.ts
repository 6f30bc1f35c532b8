import { zipSync, strToU8, type Zippable } from "fflate";
import type { BundleFile } from "@/lib/generators/types";

/**
 * The bundle as a zip: the only place that turns generated text into bytes. Entries are sorted and
 * carry a fixed timestamp, so the same plan gives the same bytes in the browser, the API and the CLI.
 */

/** 1980-01-01, the earliest time a zip entry can hold: no clock, no time zone. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);
const FILE_MODE = 0o100644;
const SCRIPT_MODE = 0o100755;

export function bundleFolder(name: string): string {
  return `${name}-rotation`;
}

export function bundleZipName(name: string): string {
  return `${bundleFolder(name)}.zip`;
}

export function zipBundle(name: string, files: readonly BundleFile[]): Uint8Array {
  const folder = bundleFolder(name);
  const entries: Zippable = {};
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    entries[`${folder}/${file.path}`] = [
      strToU8(file.content),
      {
        mtime: FIXED_TIME,
        // Every file deflated at level 6, zlib's default: the zip stays within 1.1 × what deflating the
        // files costs in bytes, and within 1.5 × its time (PRODUCT.md §8, npm run bench).
        level: 6,
        // Unix permissions live in the upper 16 bits of the external attributes; os 3 means Unix.
        os: 3,
        attrs: (file.executable ? SCRIPT_MODE : FILE_MODE) << 16,
      },
    ];
  }
  return zipSync(entries);
}
