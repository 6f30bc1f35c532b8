"use client";

import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { flushSync } from "react-dom";
import { FormProvider, useForm, useWatch, type Resolver } from "react-hook-form";
import type { Plan, PlanParam, PlanValues, Problem } from "@/lib/config";
import { ENGINES, type Engine } from "@/lib/config/choices";
import { loadPlanRuntime, type PlanRuntime } from "@/lib/ui/load-runtime";
import type { ToolVersions } from "@/lib/versions";
import { isTextEntry } from "@/lib/ui/keyboard";
import { FORM_PARAMS, REVIEW_STEP, stepOfParam, WIZARD_STEPS } from "@/lib/ui/steps";
import { readStored, STORAGE_KEYS, useStoredValue, writeStored } from "@/lib/ui/storage";
import { DeploymentDiagram } from "./diagram";
import { fieldId, PlanField } from "./plan-field";
import { Preview, type FileExplanation } from "./preview";
import { Review } from "./review";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { StepIndicator } from "./step-indicator";
import { UrlProblems } from "./url-problems";

/**
 * The form validates with the plan schema, which lives in the runtime chunk (zod): the resolver waits for
 * it, so a Next pressed before it has loaded still validates.
 */
const planResolver: Resolver<PlanValues, unknown, Plan> = async (values, context, options) =>
  (await loadPlanRuntime()).planResolver(values, context, options);

const URL_UPDATE_DELAY_MS = 250;

/** One empty list, so that the preview sees "nothing missing" as the same value from render to render. */
const NO_PROBLEMS: readonly Problem[] = [];

function isEngine(value: string): value is Engine {
  return (ENGINES as readonly string[]).includes(value);
}

/** Hidden parameters grouped by why they are hidden, in the step's order. */
function groupByReason(params: readonly PlanParam[], unused: ReadonlyMap<PlanParam, string>) {
  const groups = new Map<string, PlanParam[]>();
  for (const param of params) {
    const reason = unused.get(param)!;
    groups.set(reason, [...(groups.get(reason) ?? []), param]);
  }
  return [...groups].map(([reason, grouped]) => ({ reason, params: grouped }));
}

/** Moves focus to a parameter's control: its input, else the chosen (or first enabled) option. */
function focusParam(param: PlanParam): void {
  const container = document.querySelector(`[data-param="${param}"]`);
  const target =
    document.getElementById(fieldId(param)) ??
    container?.querySelector<HTMLElement>("input[type=radio]:checked:not(:disabled)") ??
    container?.querySelector<HTMLElement>("input:not(:disabled), select");
  target?.focus();
}

interface Notice {
  source: "link" | "remembered";
  problems: readonly Problem[];
}

export interface WizardProps {
  /** The plan's values as the server decoded them from the address (defaults without one). */
  initialValues: PlanValues;
  /** What was wrong in the address, one problem per parameter. */
  urlProblems: Problem[];
  /** Parameters the initial values make meaningless, and why (until the runtime can say it). */
  initialUnused: Array<[PlanParam, string]>;
  /** Why the initial values make no plan yet (empty when they do). */
  initialBlockers: Problem[];
  /** The address named plan parameters: a shared link, which a remembered plan never overrides. */
  fromSharedLink: boolean;
  /** The page's introduction, inside the main landmark. */
  intro: ReactNode;
  /** The versions versions.tf pins, as the server knows them: the browser's zip equals the API's. */
  versions: ToolVersions;
}

export function Wizard({ initialValues, urlProblems, initialUnused, initialBlockers, fromSharedLink, intro, versions }: WizardProps) {
  const [runtime, setRuntime] = useState<PlanRuntime | null>(null);
  const [runtimeFailed, setRuntimeFailed] = useState(false);
  const [notice, setNotice] = useState<Notice>({ source: "link", problems: urlProblems });
  const [restored, setRestored] = useState(false);
  // Bumped when the form is reset to other values: fields with state of their own start again.
  const [generation, setGeneration] = useState(0);
  const [step, setStep] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  const [rememberSetting, setRememberSetting] = useStoredValue(STORAGE_KEYS.rememberPlan, "on");
  const remember = rememberSetting !== "off";
  const runtimeRef = useRef<PlanRuntime | null>(null);
  const userTyped = useRef(false);

  const form = useForm<PlanValues, unknown, Plan>({
    defaultValues: initialValues,
    resolver: planResolver,
    mode: "onTouched",
  });
  const { control, getValues, setValue, trigger, getFieldState, subscribe, reset } = form;

  // After the first paint: the schema, the generators and the zip. A remembered plan is restored then,
  // unless the address named a plan or the user has already started typing.
  useEffect(() => {
    let live = true;
    loadPlanRuntime().then(
      (loaded) => {
        if (!live) return;
        runtimeRef.current = loaded;
        const stored = fromSharedLink || readStored(STORAGE_KEYS.rememberPlan) === "off" ? null : readStored(STORAGE_KEYS.lastPlan);
        if (stored && !userTyped.current) {
          const decoded = loaded.decodePlanQuery(stored);
          reset(decoded.values);
          setGeneration((value) => value + 1);
          setRestored(true);
          if (decoded.problems.length > 0) setNotice({ source: "remembered", problems: decoded.problems });
        }
        setRuntime(() => loaded);
      },
      () => live && setRuntimeFailed(true),
    );
    return () => {
      live = false;
    };
  }, [fromSharedLink, reset]);

  // A message stays only while it is true: once shown, it follows every change, including changes to
  // other fields (typing sgs settles "vpc is required when sgs is empty").
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: () => {
          const shown = FORM_PARAMS.filter((param) => getFieldState(param).invalid);
          if (shown.length > 0) void trigger(shown);
        },
      }),
    [subscribe, getFieldState, trigger],
  );

  // Every change re-derives the plan, the bundle and the share URL: all three are pure and fast.
  const values = useWatch({ control }) as PlanValues;
  const initialUnusedMap = useMemo(() => new Map(initialUnused), [initialUnused]);
  const unused = useMemo(() => (runtime ? runtime.unusedParams(values) : initialUnusedMap), [runtime, values, initialUnusedMap]);
  const result = useMemo(() => (runtime ? runtime.validatePlan(values) : null), [runtime, values]);
  const plan = result?.ok ? result.plan : null;
  const files = useMemo(() => (plan && runtime ? runtime.buildBundle(plan, versions) : null), [plan, runtime, versions]);
  const query = plan && runtime ? runtime.encodePlanQuery(plan) : null;
  const blockers = useMemo(() => (result === null ? initialBlockers : result.ok ? NO_PROBLEMS : result.problems), [result, initialBlockers]);
  const explain = useMemo(
    () =>
      plan && runtime ? (path: string): FileExplanation => ({ summary: runtime.describeBundleFile(path), resources: runtime.explainFile(plan, path, versions) }) : null,
    [plan, runtime, versions],
  );

  // The address bar (and the remembered plan) follow the last valid plan once typing pauses: replacing,
  // not pushing, keeps Back meaning "leave", and waiting keeps keystrokes fast (a URL update re-renders
  // the router) and clear of the browser's limit on history updates.
  useEffect(() => {
    if (query === null) return;
    const timer = setTimeout(() => {
      const search = query === "" ? "" : `?${query}`;
      if (window.location.search !== search) window.history.replaceState(null, "", search === "" ? window.location.pathname : search);
      if (remember) writeStored(STORAGE_KEYS.lastPlan, query);
    }, URL_UPDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, remember]);

  const setRemember = (on: boolean) => {
    setRememberSetting(on ? null : "off");
    if (!on) writeStored(STORAGE_KEYS.lastPlan, null);
  };

  const startOver = () => {
    if (!runtime) return;
    reset(runtime.defaultValues());
    setGeneration((value) => value + 1);
    setRestored(false);
    setNotice({ source: "link", problems: [] });
    writeStored(STORAGE_KEYS.lastPlan, null);
    window.history.replaceState(null, "", window.location.pathname);
  };

  const download = () => {
    if (runtime && plan && files) runtime.downloadBundle(plan, files);
  };

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if (runtime && plan && files) {
        event.preventDefault();
        runtime.downloadBundle(plan, files);
      }
    } else if (event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey && !helpOpen && !isTextEntry(event.target)) {
      event.preventDefault();
      setHelpOpen(true);
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  /** Shows a step and moves focus into it: to a field when one needs attention, else to its heading. */
  const showStep = (index: number, focus?: PlanParam) => {
    flushSync(() => setStep(index));
    if (focus) focusParam(focus);
    else document.getElementById(`step-${WIZARD_STEPS[index]!.id}-title`)?.focus();
  };

  const firstInvalid = (index: number): PlanParam | undefined =>
    WIZARD_STEPS[index]!.params.find((param) => getFieldState(param).invalid);

  /** Moving back is free; moving forward validates every step on the way and stops at the first problem. */
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

  const showParam = (param: string) => {
    const index = stepOfParam(param);
    if (index >= 0) showStep(index, param as PlanParam);
  };

  // The engine carries the function's source along while it is at the engine's default.
  const followEngine = useCallback(
    (next: string) => {
      const loaded = runtimeRef.current;
      const previous = getValues("engine");
      if (loaded && isEngine(previous) && isEngine(next) && getValues("lambda") === loaded.defaultLambdaSource(previous)) {
        setValue("lambda", loaded.defaultLambdaSource(next));
      }
    },
    [getValues, setValue],
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (step < REVIEW_STEP) void goTo(step + 1);
  };

  return (
    <div className="page workspace">
      <main className="wizard" id="main">
        {intro}
        {notice.problems.length > 0 && (
          <UrlProblems
            problems={notice.problems}
            source={notice.source}
            onShowParam={showParam}
            onDismiss={() => setNotice({ source: notice.source, problems: [] })}
          />
        )}
        {restored && (
          <p className="note restored-note" data-testid="restored-note">
            <span>This is the plan you last worked on, remembered on this device.</span>
            <button type="button" className="link-button" onClick={startOver}>
              Start from the defaults
            </button>
          </p>
        )}
        {runtimeFailed && (
          <p className="note" role="alert">
            Part of the page did not load, so the preview and the download are missing. Reload the page to try again.
          </p>
        )}
        <StepIndicator current={step} onSelect={(index) => void goTo(index)} />
        <FormProvider {...form}>
          <form
            onSubmit={onSubmit}
            onChange={() => {
              userTyped.current = true;
            }}
            noValidate
            className="wizard-form"
            aria-label="Rotation plan"
            data-ready={runtime ? true : undefined}
          >
            {WIZARD_STEPS.map((wizardStep, index) => {
              const visible = wizardStep.params.filter((param) => !unused.has(param));
              const hidden = groupByReason(wizardStep.params.filter((param) => unused.has(param)), unused);
              return (
                <section
                  key={`${wizardStep.id}-${generation}`}
                  className="step-panel"
                  hidden={index !== step}
                  aria-labelledby={`step-${wizardStep.id}-title`}
                  data-testid={`panel-${wizardStep.id}`}
                >
                  <header className="step-header">
                    <p className="step-count">
                      Step {index + 1} of {WIZARD_STEPS.length}
                    </p>
                    <h2 id={`step-${wizardStep.id}-title`} tabIndex={-1}>
                      {wizardStep.title}
                    </h2>
                    <p className="step-intro">{wizardStep.intro}</p>
                  </header>
                  {visible.map((param) => (
                    <PlanField key={param} param={param} onBeforeChange={param === "engine" ? followEngine : undefined} />
                  ))}
                  {hidden.map(({ reason, params }) => (
                    <p key={reason} className="note" data-testid="hidden-note">
                      {visible.length === 0 ? "Nothing to set here. " : "Not asked: "}
                      {params.map((param, i) => (
                        <span key={param}>
                          {i > 0 && ", "}
                          <code>{param}</code>
                        </span>
                      ))}
                      {" — "}
                      {reason}.
                    </p>
                  ))}
                  {index === REVIEW_STEP &&
                    (runtime && plan && files && query !== null ? (
                      <Review plan={plan} files={files} query={query} zipName={runtime.bundleZipName(plan.name)} onDownload={download} />
                    ) : (
                      <p className="note">The plan is not complete yet; the preview lists what it still needs.</p>
                    ))}
                </section>
              );
            })}
            <div className="wizard-nav">
              {step > 0 && (
                <button type="button" className="button" onClick={() => showStep(step - 1)} data-testid="back">
                  Back
                </button>
              )}
              {step < REVIEW_STEP && (
                <button type="submit" className="button button-primary" data-testid="next">
                  {step === REVIEW_STEP - 1 ? "Review plan" : "Next"}
                </button>
              )}
            </div>
          </form>
        </FormProvider>
        <div className="wizard-footer">
          <label className="remember">
            <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.target.checked)} data-testid="remember-plan" />
            Remember my last plan on this device
          </label>
          <button type="button" className="link-button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
            Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
          </button>
        </div>
      </main>
      <aside className="preview-column" aria-label="What the plan generates">
        <DeploymentDiagram values={values} unused={unused} />
        <Preview files={files} problems={blockers} explain={explain} onShowParam={showParam} />
      </aside>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
