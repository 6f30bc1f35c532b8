import type { PlanParam } from "@/lib/config";
import { WIZARD_STEPS } from "./steps";

/**
 * Where the wizard is, as the address says it (`#network`), and which steps it passes by. Pure: the
 * navigation hook (components/wizard/use-step-navigation.ts) brings the history and the focus.
 */

/** The address's fragment for a step: its id. */
export function stepHash(index: number): string {
  return `#${WIZARD_STEPS[index]!.id}`;
}

/**
 * The step an address's fragment names (`#network`, or `network`), or -1 when it names none. Step ids are
 * plain words, so the fragment is compared as it is: a malformed escape (`#%E0`) names no step, no error.
 */
export function stepOfHash(hash: string): number {
  const id = hash.replace(/^#/, "");
  return WIZARD_STEPS.findIndex((step) => step.id === id);
}

/**
 * Steps with nothing to ask: every parameter they ask for is one the plan makes meaningless (`unused`, with
 * why). Each maps to the reasons, in the step's order, without repeats. A step that asks for nothing in the
 * first place (Review) is never passed by.
 */
export function skippedSteps(unused: ReadonlyMap<PlanParam, string>): ReadonlyMap<number, readonly string[]> {
  const skipped = new Map<number, readonly string[]>();
  WIZARD_STEPS.forEach((step, index) => {
    const params: readonly PlanParam[] = step.params;
    if (params.length > 0 && params.every((param) => unused.has(param))) {
      skipped.set(index, [...new Set(params.map((param) => unused.get(param)!))]);
    }
  });
  return skipped;
}

/**
 * The step to show instead of `index` when it is passed by: the nearest step in the direction of travel
 * (1 forward, -1 back) that is not, else the nearest the other way. `index` itself when it is not passed by.
 */
export function nearestShownStep(index: number, direction: 1 | -1, skipped: ReadonlyMap<number, unknown>): number {
  for (const way of [direction, -direction]) {
    for (let candidate = index; candidate >= 0 && candidate < WIZARD_STEPS.length; candidate += way) {
      if (!skipped.has(candidate)) return candidate;
    }
  }
  return index;
}
