import { useMemo } from "react";
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
 * What the form's values make, re-derived on every change (all of it is pure and fast): the parameters
 * they make meaningless, the diagram of what they deploy, the plan or why there is none yet, its bundle,
 * its share query, the preview's explanations and the download. The list of problems and the explanations keep their identity while
 * the plan is unchanged.
 */
export function useLivePlan({ control, runtime, initialUnused, initialBlockers, initialDiagram, versions }: LivePlanOptions) {
  const values = useWatch({ control }) as PlanValues;
  const initialUnusedMap = useMemo(() => new Map(initialUnused), [initialUnused]);
  const unused = useMemo(() => (runtime ? runtime.unusedParams(values) : initialUnusedMap), [runtime, values, initialUnusedMap]);
  const diagram = useMemo(() => (runtime ? runtime.diagramOf(values) : initialDiagram), [runtime, values, initialDiagram]);
  const result = useMemo(() => (runtime ? runtime.validatePlan(values) : null), [runtime, values]);
  const plan = result?.ok ? result.plan : null;
  const files = useMemo(() => (plan && runtime ? runtime.buildBundle(plan, versions) : null), [plan, runtime, versions]);
  const query = plan && runtime ? runtime.encodePlanQuery(plan) : null;
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
  /** The bundle with its example values, saved only when the user asks for exactly that. */
  const downloadExamples = explored && runtime && shown && !shown.stale && shown.examples.length > 0 ? () => runtime.downloadBundle(explored.plan, shown.files) : null;
  const complete: CompletePlan | null =
    runtime && plan && files && query !== null
      ? { plan, files, query, zipName: runtime.bundleZipName(plan.name), download: () => runtime.downloadBundle(plan, files) }
      : null;

  return { values, unused, diagram, files, query, blockers, explain, complete, shown, downloadExamples };
}

/** Why each file of a plan's bundle exists, and for Terraform files why each resource does. */
function explainer(runtime: PlanRuntime, plan: Plan, versions: ToolVersions) {
  return (path: string): FileExplanation => ({ summary: runtime.describeBundleFile(path), resources: runtime.explainFile(plan, path, versions) });
}
