import type { PlanParam } from "@/lib/config";

/**
 * The id of a parameter's control. In a file of its own: the wizard's frame moves focus to fields by it,
 * and must not import the fields' code for that (that code loads with the steps, lazy-hydration.tsx).
 */
export function fieldId(param: PlanParam): string {
  return `field-${param}`;
}
