import type { BundleFile } from "@/lib/generators/types";

/**
 * The file to show after an edit: the one shown if the edit changed it (or changed nothing), else the first
 * changed file in bundle order. The README changes with every edit (it holds the plan), so it opens only when
 * nothing else changed.
 */
export function fileToFollow(files: readonly BundleFile[], changed: ReadonlySet<string>, showing: string): string {
  if (changed.size === 0 || changed.has(showing)) return showing;
  const paths = files.map((file) => file.path).filter((path) => changed.has(path));
  return paths.find((path) => path !== "README.md") ?? paths[0] ?? showing;
}

/** The paths whose content differs between two bundles of the same page, new files included. */
export function changedPaths(before: readonly BundleFile[], after: readonly BundleFile[]): ReadonlySet<string> {
  const previous = new Map(before.map((file) => [file.path, file.content]));
  return new Set(after.filter((file) => previous.get(file.path) !== file.content).map((file) => file.path));
}
