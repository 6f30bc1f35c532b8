import { startTransition, useEffect, useMemo, useRef, useState } from "react";
import type { Control, UseFormReturn } from "react-hook-form";
import type { Plan, PlanParam, PlanValues, Problem } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import type { Diagram } from "@/lib/ui/diagram";
import { deriveNow, derivePlan, exploredToSave, planToSave, sameValues, type Derivation } from "@/lib/ui/live-plan";
import type { PlanRuntime } from "@/lib/ui/load-runtime";
import { TYPED_PARAMS } from "@/lib/ui/fields";
import { keystrokeWarmUp, WARMED_UP_MARK } from "@/lib/ui/warm-up";
import type { ToolVersions } from "@/lib/versions";
import type { FileExplanation } from "./preview";
import { useShownBundle, type PreviewBundle } from "./use-shown-bundle";

/** One empty list, so that the preview sees "nothing missing" as the same value from render to render. */
const NO_PROBLEMS: readonly Problem[] = [];

type PlanForm = Pick<UseFormReturn<PlanValues, unknown, Plan>, "control" | "getValues" | "subscribe" | "register">;

interface LivePlanOptions {
  form: PlanForm;
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
  /** Saves the bundle of the values on screen; the share query of the plan saved, or null when they make none. */
  download: () => string | null;
}

/**
 * Where the preview reads the values as they are typed, to show the file on screen as they make it before
 * the rest of the bundle follows (`useTypedFile`).
 */
export interface TypedValues {
  control: Control<PlanValues, unknown, Plan>;
  runtime: PlanRuntime | null;
  versions: ToolVersions;
  /** The values the rest of the page shows; null until the runtime has derived any. */
  settled: PlanValues | null;
}

/**
 * What the form's values make: the parameters they make meaningless, the diagram of what they deploy, the
 * plan or why there is none yet, its bundle, its share query, the preview's explanations and the download.
 * The wizard does not render on a keystroke: the field and the preview's file on screen (which watch the
 * values themselves) do. The rest follows once typing pauses, derived one step per task
 * (`derivePlan`) and shown in a render the next keystroke can interrupt. The list of problems and the
 * explanations keep their identity while the values are unchanged.
 */
export function useLivePlan({ form, generation, runtime, initialUnused, initialBlockers, initialDiagram, versions }: LivePlanOptions) {
  const derivation = useSettledDerivation(form, generation, runtime, versions);
  useKeystrokeWarmUp(form, runtime, versions);
  const initialUnusedMap = useMemo(() => new Map(initialUnused), [initialUnused]);
  const unused = useSameMap(useUnusedAsTyped(form, generation, runtime, derivation?.unused ?? initialUnusedMap));
  const diagram = derivation?.diagram ?? initialDiagram;
  const result = derivation?.result ?? null;
  const plan = result?.ok ? result.plan : null;
  const files = derivation?.files ?? null;
  const query = derivation?.query ?? null;
  const blockers = result === null ? initialBlockers : result.ok ? NO_PROBLEMS : result.problems;
  const explain = useMemo(() => (plan && runtime ? explainer(runtime, plan, versions) : null), [plan, runtime, versions]);
  // No plan yet: perhaps only because ids the user cannot know at once are still empty. Examples fill those
  // in, so the preview shows a whole bundle from the first visit (terraform.tfvars marks them).
  const explored = derivation?.explored ?? null;
  const exploredFiles = derivation?.exploredFiles ?? null;
  const preview: PreviewBundle | null = useMemo(() => {
    if (files) return { files, explain, examples: [] };
    if (!explored || !exploredFiles || !runtime) return null;
    return { files: exploredFiles, explain: explainer(runtime, explored.plan, versions), examples: explored.examples };
  }, [files, explain, explored, exploredFiles, runtime, versions]);
  const shown = useShownBundle(preview);
  const { control, getValues } = form;
  const typed: TypedValues = useMemo(() => ({ control, runtime, versions, settled: derivation?.values ?? null }), [control, runtime, versions, derivation]);
  /** The bundle with its example values (of the values on screen), saved only when the user asks for exactly that. */
  const examplesShown = shown !== null && !shown.stale && shown.examples.length > 0;
  // One function while the derivation is the same: the preview column (memoised) renders again only when what it shows does.
  const downloadExamples = useMemo(
    () =>
      derivation && runtime && examplesShown
        ? () => {
            const saved = exploredToSave(runtime, getValues(), versions, derivation);
            if (saved) runtime.downloadBundle(saved.plan, saved.files);
          }
        : null,
    [derivation, runtime, examplesShown, getValues, versions],
  );
  // One object while the plan is unchanged: the review (memoised) renders again only for another plan.
  const complete: CompletePlan | null = useMemo(
    () =>
      runtime && derivation && plan && files && query !== null
        ? {
            plan,
            files,
            query,
            zipName: runtime.bundleZipName(plan.name),
            // In the frames before the derivation follows a keystroke, the values on screen are newer than `plan`.
            download: () => {
              const saved = planToSave(runtime, getValues(), versions, derivation);
              if (saved) runtime.downloadBundle(saved.plan, saved.files);
              return saved?.query ?? null;
            },
          }
        : null,
    [runtime, derivation, plan, files, query, getValues, versions],
  );

  return { unused, diagram, files, query, blockers, explain, complete, shown, typed, downloadExamples };
}

/**
 * How long the values must stay as they are before the rest of the page follows them. Following them ends
 * in a render and frames that no keystroke can interrupt (the file tree's marks, the notices, the review: up
 * to a few hundred ms at CPU rate 4); started after every keystroke, that work lands on the next one, a
 * fifth of a second later at 50 words a minute. What a keystroke changes on screen (the field, the file it
 * changes, the diagram) follows every keystroke without waiting (`useTypedFile`, `TypedDiagram`).
 */
const TYPING_PAUSE_MS = 400;

/** The parameters typed key by key: a change of one of these from its field's input event is typing. */
const TYPED: ReadonlySet<string> = new Set(TYPED_PARAMS);

/**
 * Whether a change comes from typing: react-hook-form names the field and the event type of a change that an
 * element's handler made ("change"); a choice, a fix button or a reset follows at once. Read from the change,
 * not from the focused element: reading `document.activeElement` (twice a key) cost about 0.6 ms a key at CPU rate 4.
 */
function typedChange({ name, type }: { name?: string; type?: string }): boolean {
  return type === "change" && name !== undefined && TYPED.has(name);
}

/** Whether focus is in a field that takes text: for values that changed while nothing listened. */
function focusInTextField(): boolean {
  const field = document.activeElement;
  return field instanceof HTMLTextAreaElement || (field instanceof HTMLInputElement && (field.type === "text" || field.type === "email"));
}

type Settled = { generation: number; runtime: PlanRuntime | null; derivation: Derivation | null };

/**
 * The derivation of the form's values. Values put in by a reset (a remembered plan, the defaults) and the
 * runtime's arrival are derived at once: no keystroke waits on them, and what follows the plan (the address,
 * the remembered plan) must not lag behind them. A keystroke's values are derived once typing pauses
 * (`TYPING_PAUSE_MS`; a choice's at once) and the frame after it has been painted (a task posted from
 * requestAnimationFrame runs after that frame), one step per task, and shown as a transition; a newer
 * keystroke starts again. React's own deferred value would render before the browser paints, in one long
 * render that no keystroke can interrupt.
 */
function useSettledDerivation(form: PlanForm, generation: number, runtime: PlanRuntime | null, versions: ToolVersions): Derivation | null {
  const { getValues, subscribe } = form;
  const [settled, setSettled] = useState<Settled>(() => ({ generation, runtime, derivation: runtime ? deriveNow(runtime, getValues(), versions) : null }));
  let current = settled;
  if (settled.generation !== generation || settled.runtime !== runtime) {
    // Derived from the previous render's state: React's pattern for state that follows a prop.
    current = { generation, runtime, derivation: runtime ? deriveNow(runtime, getValues(), versions) : null };
    setSettled(current);
  }
  const shownValues = current.derivation?.values ?? null;

  useEffect(() => {
    if (!runtime || !shownValues) return;
    let run: StepsRun | null = null;
    let followed: PlanValues | null = null;
    const follow = (values: PlanValues, typed: boolean) => {
      // react-hook-form tells of a keystroke twice: with its event type, then with only the field's name.
      if (followed !== null && sameValues(values, followed)) return;
      followed = values;
      const delayMs = typed ? TYPING_PAUSE_MS : 0;
      // While the run waits for typing to pause, a keystroke moves its start: cheaper than a new timer.
      if (run?.postpone(delayMs)) return;
      run?.cancel();
      run = afterPaintInSteps(
        delayMs,
        () => {
          const values = getValues();
          return sameValues(values, shownValues) ? null : derivePlan(runtime, values, versions);
        },
        (derivation) =>
          startTransition(() =>
            setSettled((last) => (last.generation === generation && last.runtime === runtime ? { generation, runtime, derivation } : last)),
          ),
      );
    };
    // Values typed before this subscription (while the last derivation was shown) are followed too.
    const values = getValues();
    if (!sameValues(values, shownValues)) follow(values, focusInTextField());
    const unsubscribe = subscribe({ formState: { values: true }, callback: (change) => follow(change.values, typedChange(change)) });
    return () => {
      unsubscribe();
      run?.cancel();
    };
  }, [runtime, shownValues, generation, versions, getValues, subscribe]);

  return current.derivation;
}

/**
 * Once the runtime has arrived, runs what a keystroke will run, one step per background task after a painted
 * frame, so that the first keystrokes do not compile it: the runtime's share (`keystrokeWarmUp`), then the
 * form's (`unchangedKeystroke`).
 */
function useKeystrokeWarmUp(form: PlanForm, runtime: PlanRuntime | null, versions: ToolVersions) {
  const { getValues, register } = form;
  useEffect(() => {
    if (!runtime) return;
    function* warmUp(loaded: PlanRuntime): Generator<void, void, void> {
      yield* keystrokeWarmUp(loaded, getValues(), versions);
      for (let round = 0; round < FORM_WARM_UP_ROUNDS; round++) {
        unchangedKeystroke(register, getValues);
        yield;
      }
    }
    // The mark says when it is over, in a performance profile and to the tests.
    return afterPaintInSteps(0, () => warmUp(runtime), () => performance.mark(WARMED_UP_MARK)).cancel;
  }, [runtime, getValues, register, versions]);
}

/** How often the form's share runs: the first run compiles it, the next ones move it up V8's tiers. */
const FORM_WARM_UP_ROUNDS = 2;

/**
 * What a keystroke in a text field runs in react-hook-form (its change handler, the field's dirty state)
 * and in the wizard's subscriptions to the form's values, run with the plan's name as it is: the value does
 * not change, so neither does anything on screen (the subscriptions follow values that differ, and the
 * field's state is computed again to what it was). React's input events still run for the first time on
 * the first real key: only a real input event reaches them. The name, because every plan has it and its
 * field is on the first step.
 */
function unchangedKeystroke(register: PlanForm["register"], getValues: PlanForm["getValues"]) {
  const { onChange } = register("name");
  void onChange({ target: { name: "name", value: getValues("name") }, type: "change" });
}

/** The browser's task scheduler, where there is one (Chromium): its background tasks yield to input and rendering. */
type TaskScheduler = { postTask(callback: () => void, options: { priority: "background"; signal: AbortSignal }): Promise<unknown> };

/** A run of `afterPaintInSteps`. */
interface StepsRun {
  cancel(): void;
  /**
   * Moves the start to `delayMs` from now, if the run is still waiting and would have started sooner;
   * false when it cannot (it has started, or it would start later), and the caller starts another run.
   */
  postpone(delayMs: number): boolean;
}

/**
 * Runs the steps `start` returns (null: nothing to do) after `delayMs` and the next frame painted after it,
 * one per task, each at background priority where the browser has it, so that a keystroke (and any other
 * task) waits for one step at most; hands the result to `done`.
 */
function afterPaintInSteps<T>(delayMs: number, start: () => Generator<void, T, void> | null, done: (result: T) => void): StepsRun {
  // Made with the first task: a keystroke cancels the run the last one started, nearly always before that,
  // and aborting a signal costs a keystroke (it makes an error, with its stack) for nothing.
  let abort: AbortController | null = null;
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  const later = (task: () => void) => {
    abort ??= new AbortController();
    const { signal } = abort;
    if (scheduler) scheduler.postTask(task, { priority: "background", signal }).catch(() => undefined);
    else setTimeout(() => signal.aborted || task());
  };
  let steps: Generator<void, T, void> | null = null;
  const step = () => {
    steps ??= start();
    if (steps === null) return;
    const next = steps.next();
    if (next.done) done(next.value);
    else later(step);
  };
  // The timer checks the deadline when it fires: a postponed run waits for the rest then, one more timer
  // a pause instead of one a keystroke.
  let deadline = performance.now() + delayMs;
  let waiting = true;
  let frame = 0;
  const wait = (ms: number): ReturnType<typeof setTimeout> =>
    setTimeout(() => {
      const left = deadline - performance.now();
      if (left >= 1) timer = wait(left);
      else {
        waiting = false;
        frame = requestAnimationFrame(() => later(step));
      }
    }, ms);
  let timer = wait(delayMs);
  return {
    cancel() {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
      abort?.abort();
    },
    postpone(delayMs) {
      const at = performance.now() + delayMs;
      if (!waiting || at < deadline) return false;
      deadline = at;
      return true;
    },
  };
}

/**
 * The parameters the values on screen make meaningless, as soon as they change: a choice that shows or hides
 * a field (alternating users show the admin secret's) does so in the same task, before the next Tab can
 * pass it by, not after the derivation that follows the paint. Most keystrokes leave them as they were, and
 * then nothing renders.
 */
function useUnusedAsTyped(
  form: PlanForm,
  generation: number,
  runtime: PlanRuntime | null,
  settled: ReadonlyMap<PlanParam, string>,
): ReadonlyMap<PlanParam, string> {
  const { subscribe } = form;
  type Typed = { generation: number; runtime: PlanRuntime; unused: ReadonlyMap<PlanParam, string> };
  const [typed, setTyped] = useState<Typed | null>(null);
  // Until a value changes after a reset or the runtime's arrival, what the derivation (or the server) found holds.
  const shown = typed?.generation === generation && typed.runtime === runtime ? typed.unused : settled;
  const shownRef = useRef(shown);
  useEffect(() => {
    shownRef.current = shown;
  });
  useEffect(() => {
    if (!runtime) return;
    return subscribe({
      formState: { values: true },
      callback: ({ values }) => {
        const unused = runtime.unusedParams(values);
        // Compared with what the page shows, not in a state updater: an update that React cannot prove a
        // no-op before rendering renders the whole wizard, on every keystroke.
        if (sameEntries(shownRef.current, unused)) return;
        setTyped({ generation, runtime, unused });
      },
    });
  }, [generation, runtime, subscribe]);
  return shown;
}

function sameEntries<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  return a === b || (a.size === b.size && [...b].every(([key, value]) => a.get(key) === value));
}

/**
 * The map of the render before while its entries are the same: most keystrokes leave the unused parameters
 * as they were, and the step panels (memoised) then need not render again.
 */
function useSameMap<K, V>(map: ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  const [last, setLast] = useState(map);
  const same = sameEntries(last, map);
  // Derived from the previous render's map: React's pattern for state that follows a prop.
  if (!same) setLast(map);
  return same ? last : map;
}

/** Why each file of a plan's bundle exists, and for Terraform files why each resource does. */
function explainer(runtime: PlanRuntime, plan: Plan, versions: ToolVersions) {
  return (path: string): FileExplanation => ({ summary: runtime.describeBundleFile(path), resources: runtime.explainFile(plan, path, versions) });
}
