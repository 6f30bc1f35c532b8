import type { ExploredPlan, Plan, PlanParam, PlanResult, PlanValues } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import type { ToolVersions } from "@/lib/versions";
import type { Diagram } from "./diagram";
import type { PlanRuntime } from "./load-runtime";

/**
 * What the wizard derives from the form's values (the preview, the diagram, the review, the address), as
 * plain functions of the plan runtime. `derivePlan` does the work in steps, so that the wizard can run one
 * step per task once typing pauses and a frame has been painted: a keystroke then waits for one step at
 * most, not for the whole derivation (components/wizard/use-live-plan.ts).
 */

/** Everything the wizard shows for one set of values. */
export interface Derivation {
  values: PlanValues;
  /** Parameters the values make meaningless, and why. */
  unused: Map<PlanParam, string>;
  diagram: Diagram;
  /** The plan, or why there is none (each problem also marked, for the form's words). */
  result: PlanResult;
  /** The plan's bundle and share query, when the values make a plan. */
  files: BundleFile[] | null;
  query: string | null;
  /** When they make none only because ids the user cannot know at once are empty: the plan examples complete, and its bundle. */
  explored: ExploredPlan | null;
  exploredFiles: BundleFile[] | null;
}

/**
 * The derivation of `values`, one step per `next()`: each step costs about one generator's run (a
 * validation, the diagram, a bundle). Reading it to the end (`deriveNow`) gives the same derivation.
 */
export function* derivePlan(runtime: PlanRuntime, values: PlanValues, versions: ToolVersions): Generator<void, Derivation, void> {
  const unused = runtime.unusedParams(values);
  const result = runtime.validatePlan(values);
  yield;
  const diagram = runtime.diagramOf(values);
  yield;
  if (result.ok) {
    const files = runtime.buildBundle(result.plan, versions);
    return { values, unused, diagram, result, files, query: runtime.encodePlanQuery(result.plan), explored: null, exploredFiles: null };
  }
  const explored = runtime.exploreWithExamples(values, result);
  yield;
  const exploredFiles = explored ? runtime.buildBundle(explored.plan, versions, explored.examples) : null;
  return { values, unused, diagram, result, files: null, query: null, explored, exploredFiles };
}

/** The whole derivation at once: for values no keystroke waits on (a reset, the runtime's arrival). */
export function deriveNow(runtime: PlanRuntime, values: PlanValues, versions: ToolVersions): Derivation {
  const steps = derivePlan(runtime, values, versions);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Whether two sets of the form's values are the same (they are flat: one string or boolean per parameter). */
export function sameValues(a: PlanValues, b: PlanValues): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as PlanParam[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** What a download saves: a plan and its bundle's files, and the plan's share query. */
export interface Saved {
  plan: Plan;
  files: readonly BundleFile[];
  query: string;
}

/**
 * The plan a download saves: the one the values on screen make. While the derivation shown lags a keystroke
 * behind them (the frames before it follows), the plan is made from them at once; null when they make none.
 */
export function planToSave(runtime: PlanRuntime, values: PlanValues, versions: ToolVersions, shown: Derivation): Saved | null {
  if (sameValues(values, shown.values)) return shown.result.ok && shown.files && shown.query !== null ? { plan: shown.result.plan, files: shown.files, query: shown.query } : null;
  const check = runtime.validatePlan(values);
  if (!check.ok) return null;
  return { plan: check.plan, files: runtime.buildBundle(check.plan, versions), query: runtime.encodePlanQuery(check.plan) };
}

/** The same for the bundle completed by examples (saved only when the user asks for exactly that); null when the values make no such bundle. */
export function exploredToSave(runtime: PlanRuntime, values: PlanValues, versions: ToolVersions, shown: Derivation): Omit<Saved, "query"> | null {
  if (sameValues(values, shown.values)) return shown.explored && shown.exploredFiles ? { plan: shown.explored.plan, files: shown.exploredFiles } : null;
  const explored = runtime.exploreWithExamples(values);
  if (!explored || explored.examples.length === 0) return null;
  return { plan: explored.plan, files: runtime.buildBundle(explored.plan, versions, explored.examples) };
}
