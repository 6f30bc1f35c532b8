import { useMemo, useState } from "react";
import type { PlanParam } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import { changedPaths } from "@/lib/ui/follow-edit";
import type { FileExplanation } from "./preview";

/** A bundle the preview can show: the plan's own, or one completed by example values. */
export interface PreviewBundle {
  files: readonly BundleFile[];
  explain: ((path: string) => FileExplanation) | null;
  /** Parameters that hold the wizard's examples (terraform.tfvars only); empty for the user's own plan. */
  examples: readonly PlanParam[];
}

/** What the preview shows, and how it got there. */
export interface ShownBundle extends PreviewBundle {
  /** The paths whose content differs from the bundle shown before (none for the first one). */
  changed: ReadonlySet<string>;
  /** The form holds no plan right now: this is the last bundle there was, kept while a field is invalid. */
  stale: boolean;
}

const NOTHING_CHANGED: ReadonlySet<string> = new Set();

/**
 * The bundle the preview shows. A keystroke that makes a field invalid does not take the preview away: the
 * last bundle stays, marked stale, until the plan is whole again. Each new bundle is compared with the one
 * before it, so the preview can mark (and open) the files an edit changed.
 */
export function useShownBundle(latest: PreviewBundle | null): ShownBundle | null {
  const [shown, setShown] = useState<Omit<ShownBundle, "stale"> | null>(null);
  let current = shown;
  if (latest !== null && latest.files !== shown?.files) {
    // Derived from the previous render's bundle: React's pattern for state that follows a prop.
    const changed = shown === null ? NOTHING_CHANGED : changedPaths(shown.files, latest.files);
    current = { ...latest, changed };
    setShown(current);
  }
  const stale = latest === null;
  // One object while neither changes: the preview column (memoised) renders again only when what it shows does.
  return useMemo(() => (current === null ? null : { ...current, stale }), [current, stale]);
}
