import { useState } from "react";
import { flushSync } from "react-dom";
import type { UseFormReturn } from "react-hook-form";
import type { Plan, PlanParam, PlanValues } from "@/lib/config";
import { loadPlanRuntime } from "@/lib/ui/load-runtime";
import { REVIEW_STEP, stepOfParam, WIZARD_STEPS } from "@/lib/ui/steps";
import { fieldId } from "./plan-field";

/** Moves focus to a parameter's control: its input, else the chosen (or first enabled) option. */
function focusParam(param: PlanParam): void {
  const container = document.querySelector(`[data-param="${param}"]`);
  const target =
    document.getElementById(fieldId(param)) ??
    container?.querySelector<HTMLElement>("input[type=radio]:checked:not(:disabled)") ??
    container?.querySelector<HTMLElement>("input:not(:disabled), select");
  target?.focus();
}

/**
 * Which step shows, and the ways to another one (Back, Next, the step indicator, a problem's "Go to"):
 * moving back is free, moving forward validates every step on the way and stops at the first problem.
 * Focus follows into the step shown.
 */
export function useStepNavigation({ trigger, getFieldState, getValues }: UseFormReturn<PlanValues, unknown, Plan>) {
  const [step, setStep] = useState(0);

  /** Shows a step and moves focus into it: to a field when one needs attention, else to its heading. */
  const showStep = (index: number, focus?: PlanParam) => {
    flushSync(() => setStep(index));
    if (focus) focusParam(focus);
    else document.getElementById(`step-${WIZARD_STEPS[index]!.id}-title`)?.focus();
  };

  const firstInvalid = (index: number): PlanParam | undefined =>
    WIZARD_STEPS[index]!.params.find((param) => getFieldState(param).invalid);

  const goTo = async (target: number) => {
    if (target <= step) return showStep(target);
    for (let index = step; index < target; index++) {
      if (!(await trigger([...WIZARD_STEPS[index]!.params]))) return showStep(index, firstInvalid(index));
    }
    if (target === REVIEW_STEP) {
      // Rules between parameters of different steps show up only when the whole plan is checked.
      const check = (await loadPlanRuntime()).validatePlan(getValues());
      if (!check.ok) {
        const index = Math.min(...check.problems.map((problem) => stepOfParam(problem.param)).filter((i) => i >= 0));
        if (Number.isFinite(index)) {
          await trigger([...WIZARD_STEPS[index]!.params]);
          return showStep(index, firstInvalid(index));
        }
      }
    }
    showStep(target);
  };

  const back = () => showStep(step - 1);

  const next = () => {
    if (step < REVIEW_STEP) void goTo(step + 1);
  };

  /** Shows the step that asks for a parameter, with focus on its control. */
  const showParam = (param: string) => {
    const index = stepOfParam(param);
    if (index >= 0) showStep(index, param as PlanParam);
  };

  return { step, goTo, back, next, showParam };
}
