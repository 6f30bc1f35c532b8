import { strFromU8, unzipSync, zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { FALLBACK_VERSIONS, generateBundle } from "@/lib/generators";
import type { BundleFile } from "@/lib/generators/types";
import { PLAN_MATRIX, planOfQuery } from "@/tests/support/plan-matrix";
import { bundleFolder, zipBundle } from "./zip";

/**
 * The zip as fflate's own writer makes it from the same entries: sorted, level 6, the 1980 timestamp, Unix
 * permissions. zipBundle writes the records itself (for a faster CRC-32), so fflate is the reference for
 * every byte: headers, CRC-32, sizes, offsets and the end record.
 */
function zipByFflate(name: string, files: readonly BundleFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    entries[`${bundleFolder(name)}/${file.path}`] = [
      new TextEncoder().encode(file.content),
      { mtime: new Date(1980, 0, 1), level: 6, os: 3, attrs: (file.executable ? 0o100755 : 0o100644) << 16 },
    ];
  }
  return zipSync(entries);
}

describe("zipBundle", () => {
  it.each(Object.entries(PLAN_MATRIX))("writes the bytes fflate's zipSync writes: %s", (_, query) => {
    const plan = planOfQuery(query);
    const files = generateBundle({ plan, versions: FALLBACK_VERSIONS });
    expect(Buffer.from(zipBundle(plan.name, files)).equals(Buffer.from(zipByFflate(plan.name, files)))).toBe(true);
  });

  it("marks a name that is not ASCII as UTF-8, as fflate does, and reads back", () => {
    const files: BundleFile[] = [
      { path: "größe.txt", content: "Ünïcödé ✓\n" },
      { path: "run.sh", content: "#!/bin/sh\necho ok\n", executable: true },
      { path: "empty.txt", content: "" },
    ];
    const zip = zipBundle("café", files);
    expect(Buffer.from(zip).equals(Buffer.from(zipByFflate("café", files)))).toBe(true);
    const entries = unzipSync(zip);
    for (const file of files) expect(strFromU8(entries[`café-rotation/${file.path}`]!)).toBe(file.content);
  });
});
