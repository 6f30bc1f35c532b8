import { startTransition, useEffect, useMemo, useState } from "react";
import { useWatch, type Control } from "react-hook-form";
import type { Plan, PlanParam, PlanValues, Problem } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import type { Diagram } from "@/lib/ui/diagram";
import type { PlanRuntime } from "@/lib/ui/load-runtime";
import type { ToolVersions } from "@/lib/versions";
import type { FileExplanation } from "./preview";
import { useShownBundle, type PreviewBundle } from "./use-shown-bundle";

/** One empty list, so that the preview sees "nothing missing" as the same value from render to render. */
const NO_PROBLEMS: readonly Problem[] = [];

interface LivePlanOptions {
  control: Control<PlanValues, unknown, Plan>;
  /** Bumped when the form is reset to other values (`usePlanForm`). */
  generation: number;
  /** Null until it has loaded: until then the server's answers stand in. */
  runtime: PlanRuntime | null;
  initialUnused: Array<[PlanParam, string]>;
  initialBlockers: Problem[];
  initialDiagram: Diagram;
  versions: ToolVersions;
}

/** A valid plan with everything the review step shows and the download saves. */
export interface CompletePlan {
  plan: Plan;
  files: readonly BundleFile[];
  /** The share URL's query string, without `?`. */
  query: string;
  zipName: string;
  download: () => void;
}

/**
 * What the form's values make: the parameters they make meaningless, the diagram of what they deploy, the
 * plan or why there is none yet, its bundle, its share query, the preview's explanations and the download,
 * all derived from the values once a keystroke has been painted; the file on screen (`latestFile`) follows
 * the keystroke itself. The list of problems and the explanations keep their identity while the plan is
 * unchanged.
 */
export function useLivePlan({ control, generation, runtime, initialUnused, initialBlockers, initialDiagram, versions }: LivePlanOptions) {
  const typed = useWatch({ control }) as PlanValues;
  // Everything below follows `values`, once the keystroke has been painted: the field, and the file on
  // screen from `latestFile`, show at once; the rest of the bundle follows in a render the next keystroke
  // can interrupt.
  const values = useSettledAfterPaint(typed, generation);
  const initialUnusedMap = useMemo(() => new Map(initialUnused), [initialUnused]);
  const unused = useSameMap(useMemo(() => (runtime ? runtime.unusedParams(values) : initialUnusedMap), [runtime, values, initialUnusedMap]));
  const diagram = useMemo(() => (runtime ? runtime.diagramOf(values) : initialDiagram), [runtime, values, initialDiagram]);
  const result = useMemo(() => (runtime ? runtime.validatePlan(values) : null), [runtime, values]);
  const plan = result?.ok ? result.plan : null;
  const files = useMemo(() => (plan && runtime ? runtime.buildBundle(plan, versions) : null), [plan, runtime, versions]);
  const query = useMemo(() => (plan && runtime ? runtime.encodePlanQuery(plan) : null), [plan, runtime]);
  const blockers = useMemo(() => (result === null ? initialBlockers : result.ok ? NO_PROBLEMS : result.problems), [result, initialBlockers]);
  const explain = useMemo(() => (plan && runtime ? explainer(runtime, plan, versions) : null), [plan, runtime, versions]);
  // No plan yet: perhaps only because ids the user cannot know at once are still empty. Examples fill those
  // in, so the preview shows a whole bundle from the first visit (terraform.tfvars marks them).
  const explored = useMemo(() => (runtime && result && !result.ok ? runtime.exploreWithExamples(values) : null), [runtime, result, values]);
  const preview: PreviewBundle | null = useMemo(() => {
    if (files) return { files, explain, examples: [] };
    if (!explored || !runtime) return null;
    return {
      files: runtime.buildBundle(explored.plan, versions, explored.examples),
      explain: explainer(runtime, explored.plan, versions),
      examples: explored.examples,
    };
  }, [files, explain, explored, runtime, versions]);
  const shown = useShownBundle(preview);
  const latestFile = useMemo(() => (runtime && typed !== values ? latestFileOf(runtime, typed, versions) : null), [runtime, typed, values, versions]);
  /** The bundle with its example values, saved only when the user asks for exactly that. */
  const downloadExamples = explored && runtime && shown && !shown.stale && shown.examples.length > 0 ? () => runtime.downloadBundle(explored.plan, shown.files) : null;
  // One object while the plan is unchanged: the review (memoised) renders again only for another plan.
  const complete: CompletePlan | null = useMemo(
    () =>
      runtime && plan && files && query !== null
        ? { plan, files, query, zipName: runtime.bundleZipName(plan.name), download: () => runtime.downloadBundle(plan, files) }
        : null,
    [runtime, plan, files, query],
  );

  return { values, unused, diagram, files, query, blockers, explain, complete, shown, latestFile, downloadExamples };
}

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

function latestFileOf(runtime: PlanRuntime, values: PlanValues, versions: ToolVersions): LatestFile {
  const explored = runtime.exploreWithExamples(values);
  if (!explored) return { stale: true, fileOf: () => null };
  return { stale: false, fileOf: (path) => runtime.buildFile(explored.plan, versions, explored.examples, path) };
}

/**
 * `value`, a frame late: it takes the latest value once the frame that shows it has been painted (a task
 * posted from requestAnimationFrame runs after that frame), as a transition. React's own deferred value
 * would render it before the browser paints, and the keystroke would wait for the whole bundle.
 */
function useSettledAfterPaint<T>(value: T, generation: number): T {
  const [settled, setSettled] = useState({ value, generation });
  // Values put in by a reset (a remembered plan, the defaults) settle at once: no keystroke waits on them,
  // and what follows the plan (the address, the remembered plan) must not lag behind them.
  const reset = settled.generation !== generation;
  if (reset) setSettled({ value, generation });
  useEffect(() => {
    if (Object.is(settled.value, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setSettled({ value, generation })));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [settled, value, generation]);
  return reset ? value : settled.value;
}

/**
 * The map of the render before while its entries are the same: most keystrokes leave the unused parameters
 * as they were, and the step panels (memoised) then need not render again.
 */
function useSameMap<K, V>(map: ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  const [last, setLast] = useState(map);
  const same = last === map || (last.size === map.size && [...map].every(([key, value]) => last.get(key) === value));
  // Derived from the previous render's map: React's pattern for state that follows a prop.
  if (!same) setLast(map);
  return same ? last : map;
}

/** Why each file of a plan's bundle exists, and for Terraform files why each resource does. */
function explainer(runtime: PlanRuntime, plan: Plan, versions: ToolVersions) {
  return (path: string): FileExplanation => ({ summary: runtime.describeBundleFile(path), resources: runtime.explainFile(plan, path, versions) });
}
