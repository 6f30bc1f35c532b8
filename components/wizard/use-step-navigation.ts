import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { UseFormReturn } from "react-hook-form";
import type { Plan, PlanParam, PlanValues, Problem } from "@/lib/config";
import { loadPlanRuntime } from "@/lib/ui/load-runtime";
import { serverPassesStep, type ServerCheck } from "@/lib/ui/server-check";
import { nearestShownStep, skippedSteps, stepHash, stepOfHash } from "@/lib/ui/step-place";
import { REVIEW_STEP, stepOfParam, WIZARD_STEPS } from "@/lib/ui/steps";
import { pushAddress, replaceAddress, withHash } from "./history-entry";
import { fieldId } from "./field-id";

/**
 * Moves focus to a parameter's control: its input, else the chosen (or first enabled) option. A field asked
 * for on request (the VPC id) sits in a closed disclosure, which opens first.
 */
function focusParam(param: PlanParam): void {
  const input = document.getElementById(fieldId(param));
  const container = document.querySelector(`[data-param="${param}"]`);
  const disclosure = (input ?? container)?.closest("details");
  if (disclosure) disclosure.open = true;
  // A field's input may sit in a panel that is not shown (the schedule builder's expression, while another
  // mode is chosen): then the choice that is shown gets the focus, so the user sees where to act.
  const shown = input !== null && input.checkVisibility() ? input : null;
  const target =
    shown ??
    container?.querySelector<HTMLElement>("input[type=radio]:checked:not(:disabled)") ??
    container?.querySelector<HTMLElement>("input:not(:disabled), select");
  target?.focus();
}

/** What the navigation needs to know of the plan and the page beyond the form. */
export interface StepPlace {
  /** Parameters the plan makes meaningless: a step that asks only for those is passed by. */
  unused: ReadonlyMap<PlanParam, string>;
  /** The runtime has loaded (and a remembered plan is in the form): the address's step can be checked. */
  ready: boolean;
  /** The address named a plan: complete and without a step of its own, it opens on Review. */
  fromSharedLink: boolean;
  /** The server's check of the initial values: a step it passed needs no schema while they are unchanged. */
  serverCheck?: ServerCheck;
}

const NO_PLACE: StepPlace = { unused: new Map(), ready: false, fromSharedLink: false };

/** How a move shows in history: a new entry (the user moved), the current one corrected, or neither. */
type Move = { record: "push" | "replace"; focus: boolean };
const USER_MOVE: Move = { record: "push", focus: true };
/** Back or Forward: the browser has already moved; the entry is corrected when the wizard stops short. */
const HISTORY_MOVE: Move = { record: "replace", focus: true };
/** The page opening on the address's step: focus stays where the page load put it. */
const LANDING: Move = { record: "replace", focus: false };

/**
 * Which step shows, and the ways to another one (Back, Next, the step indicator, a problem's "Go to", the
 * browser's Back and Forward): moving back is free, moving forward validates every step on the way and
 * stops at the first problem. Steps with nothing to ask are passed by. Each move is one history entry with
 * the step in the fragment (`#network`); the page opens on the fragment's step once the plan can be checked
 * (`initialStep`, the server's, until then and when there is none). Focus follows into the step shown.
 */
export function useStepNavigation({ trigger, getFieldState, getValues }: UseFormReturn<PlanValues, unknown, Plan>, initialStep = 0, place: StepPlace = NO_PLACE) {
  const [step, setStep] = useState(initialStep);
  // The step on screen for code that runs after an await, and a count of moves: a later move wins.
  const shown = useRef(initialStep);
  const moves = useRef(0);
  const skipped = skippedSteps(place.unused);

  /** The step the current history entry names; an entry without a fragment is the page as it opened. */
  const entryStep = () => {
    const named = stepOfHash(window.location.hash);
    return named >= 0 ? named : initialStep;
  };

  /** Shows a step, records it, and moves focus into it: to a field when one needs attention, else to its heading. */
  const showStep = (index: number, move: Move, focus?: PlanParam) => {
    const from = shown.current;
    shown.current = index;
    flushSync(() => setStep(index));
    if (move.record === "push" ? index !== from : index !== entryStep()) {
      (move.record === "push" ? pushAddress : replaceAddress)(withHash(stepHash(index)));
    }
    if (!move.focus) return;
    if (focus) focusParam(focus);
    else document.getElementById(`step-${WIZARD_STEPS[index]!.id}-title`)?.focus();
  };

  const firstInvalid = (index: number): PlanParam | undefined =>
    WIZARD_STEPS[index]!.params.find((param) => getFieldState(param).invalid);

  /** The step of the plan's first problem, or null when the plan is complete (rules between steps included). */
  const firstProblem = async (): Promise<{ index: number; problem: Problem } | null> => {
    const check = (await loadPlanRuntime()).validatePlan(getValues());
    if (check.ok) return null;
    const located = check.problems.map((problem) => ({ problem, index: stepOfParam(problem.param) })).filter(({ index }) => index >= 0);
    if (located.length === 0) return { index: REVIEW_STEP, problem: check.problems[0]! };
    return located.reduce((first, candidate) => (candidate.index < first.index ? candidate : first));
  };

  /**
   * True when a step whose fields show no message passes the loaded runtime's check: then `trigger` would
   * change nothing on screen, yet it would render every field of every step again (react-hook-form tells
   * all of them when several fields were validated). Null when `trigger` must decide and show the messages.
   */
  const passesQuietly = async (index: number): Promise<true | null> => {
    const { params } = WIZARD_STEPS[index]!;
    if (!place.ready || params.some((param) => getFieldState(param).invalid)) return null;
    const check = (await loadPlanRuntime()).validatePlan(getValues());
    return check.ok || !check.problems.some((problem) => (params as readonly string[]).includes(problem.param)) ? true : null;
  };

  const goTo = async (requested: number, move: Move = USER_MOVE) => {
    const id = ++moves.current;
    const from = shown.current;
    const target = nearestShownStep(requested, requested < from ? -1 : 1, skipped);
    if (target <= from) return showStep(target, move);
    for (let index = from; index < target; index++) {
      // A passed-by step asks nothing: the schema ignores its parameters.
      if (skipped.has(index)) continue;
      // The server's verdict on unchanged values first: the schema's chunk may still be loading.
      const valid =
        serverPassesStep(place.serverCheck, getValues(), index) ?? (await passesQuietly(index)) ?? (await trigger([...WIZARD_STEPS[index]!.params]));
      if (moves.current !== id) return;
      if (!valid) return showStep(index, move, firstInvalid(index));
    }
    if (target === REVIEW_STEP) {
      // Rules between parameters of different steps show up only when the whole plan is checked.
      const first = await firstProblem();
      if (moves.current !== id) return;
      if (first && first.index < REVIEW_STEP) {
        await trigger([...WIZARD_STEPS[first.index]!.params]);
        if (moves.current !== id) return;
        return showStep(first.index, move, firstInvalid(first.index));
      }
    }
    showStep(target, move);
  };

  const back = () => {
    const previous = nearestShownStep(shown.current - 1, -1, skipped);
    if (previous < shown.current) void goTo(previous);
  };

  const next = () => {
    if (shown.current < REVIEW_STEP) void goTo(shown.current + 1);
  };

  /** Shows the step that asks for a parameter, with focus on its control. */
  const showParamNow = (param: string) => {
    const index = stepOfParam(param);
    if (index < 0) return;
    ++moves.current;
    showStep(index, USER_MOVE, param as PlanParam);
  };
  // One function each for the page's life, for the preview column: it hydrates after the rest of the page
  // (lazy-hydration.tsx), and new functions would make it hydrate, then render again, with every render of the wizard.
  const latest = useRef({ showParamNow, goTo });
  useLayoutEffect(() => {
    latest.current = { showParamNow, goTo };
  });
  const showParam = useCallback((param: string) => latest.current.showParamNow(param), []);
  const showReview = useCallback(() => void latest.current.goTo(REVIEW_STEP), []);

  /**
   * For a download asked for too early: shows the step of the plan's first problem, its messages and focus on
   * its field, and returns that problem and the step's title (null when the plan is complete after all).
   */
  const showFirstProblem = async (): Promise<{ problem: Problem; step: string } | null> => {
    const id = ++moves.current;
    const first = await firstProblem();
    if (!first || moves.current !== id) return null;
    const params = WIZARD_STEPS[first.index]!.params;
    if (params.length > 0) await trigger([...params]);
    if (moves.current !== id) return null;
    showStep(first.index, USER_MOVE, firstInvalid(first.index) ?? (first.problem.param as PlanParam));
    return { problem: first.problem, step: WIZARD_STEPS[first.index]!.title };
  };

  // Back and Forward: the entry's step, checked as Next would check it when it lies ahead.
  const onHistoryMove = useEffectEvent(() => {
    const index = entryStep();
    if (index !== shown.current) void goTo(index, HISTORY_MOVE);
  });
  useEffect(() => {
    const listener = () => onHistoryMove();
    window.addEventListener("popstate", listener);
    return () => window.removeEventListener("popstate", listener);
  }, []);

  // Opening the page: the fragment's step (a reload), else Review for a complete shared plan. The server
  // cannot see the fragment, so this waits for the browser, and for the runtime to check the plan.
  const land = useEffectEvent(async () => {
    const named = stepOfHash(window.location.hash);
    // Already there (the server's step, or the first): nothing to check, and no move of the user's to cancel.
    if (named >= 0) return named === shown.current ? undefined : goTo(named, LANDING);
    if (!place.fromSharedLink) return;
    const id = moves.current;
    const first = await firstProblem();
    if (first === null && moves.current === id) await goTo(REVIEW_STEP, LANDING);
  });
  const landed = useRef(false);
  useEffect(() => {
    if (!place.ready || landed.current) return;
    landed.current = true;
    void land();
  }, [place.ready]);

  return { step, skipped, goTo, back, next, showParam, showReview, showFirstProblem };
}
