import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import type { PlanValues } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import { sameValues } from "@/lib/ui/live-plan";
import type { PlanRuntime } from "@/lib/ui/load-runtime";
import type { ToolVersions } from "@/lib/versions";
import type { TypedValues } from "./use-live-plan";

/**
 * The file on screen as the values just typed make it, before the rest of the bundle follows: a keystroke
 * changes one file the user reads, and writing that file alone costs a fraction of the bundle.
 */
export interface LatestFile {
  /** The values make no bundle (a field is invalid): the preview shows the last one, out of date. */
  stale: boolean;
  /** The file at `path` for those values, or null when their bundle has none (the preview keeps its own until the bundle follows). */
  fileOf(path: string): BundleFile | null;
}

/**
 * The values as they are typed, while the rest of the page still shows others (`settled`); null once it
 * follows them. Only the components that call this (the preview's file, the diagram) render on a keystroke,
 * with the field typed in, not the whole wizard.
 */
export function useTypedValues({ control, runtime, settled }: TypedValues): PlanValues | null {
  const values = useWatch({ control }) as PlanValues;
  return runtime && settled && !sameValues(values, settled) ? values : null;
}

/** The file on screen as the values typed make it, until the rest of the page follows them. */
export function useTypedFile(typed: TypedValues): LatestFile | null {
  const values = useTypedValues(typed);
  const { runtime, versions } = typed;
  return useMemo(() => (runtime && values ? latestFileOf(runtime, values, versions) : null), [runtime, values, versions]);
}

function latestFileOf(runtime: PlanRuntime, values: PlanValues, versions: ToolVersions): LatestFile {
  const explored = runtime.exploreWithExamples(values);
  if (!explored) return { stale: true, fileOf: () => null };
  return { stale: false, fileOf: (path) => runtime.buildFile(explored.plan, versions, explored.examples, path) };
}
