import type { PlanValues, Problem } from "@/lib/config";
import { WIZARD_STEPS } from "./steps";

/**
 * The server's check of the values the page opened with: `validatePlanMarked`, the same plan schema the
 * form's resolver runs in the browser once its chunk has loaded (after hydration). While the form still
 * holds exactly those values, whether a step has a problem is already known, so Next need not wait for
 * that chunk: a click right after the page loaded moves on at once.
 */
export interface ServerCheck {
  /** The values the server checked: the form's initial values. */
  values: PlanValues;
  /** What it found (empty when the values make a plan). */
  problems: readonly Problem[];
}

function sameValues(a: PlanValues, b: PlanValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PlanValues>;
  return [...keys].every((key) => a[key] === b[key]);
}

/**
 * True when the server found no problem in the step's parameters and the form still holds the values it
 * checked; null otherwise: then only the schema can say (and it shows the messages under the fields).
 */
export function serverPassesStep(check: ServerCheck | undefined, current: PlanValues, index: number): true | null {
  if (!check || !sameValues(check.values, current)) return null;
  const params: readonly string[] = WIZARD_STEPS[index]?.params ?? [];
  return check.problems.some((problem) => params.includes(problem.param)) ? null : true;
}
