"use client";

import { useCallback, useEffect, useEffectEvent, useMemo, useState, useSyncExternalStore, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { FormProvider, useForm, useWatch, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import {
  decodePlanQuery,
  defaultLambdaSource,
  encodePlanQuery,
  ENGINES,
  PLAN_PARAMS,
  planSchema,
  unusedParams,
  validatePlan,
  type Engine,
  type Plan,
  type PlanParam,
  type PlanValues,
} from "@/lib/config";
import { buildBundle, downloadBundle } from "@/lib/ui/bundle";
import { REVIEW_STEP, stepOfParam, WIZARD_STEPS } from "@/lib/ui/steps";
import { PlanField } from "./plan-field";
import { Preview } from "./preview";
import { Review } from "./review";
import { StepIndicator } from "./step-indicator";
import { UrlProblems } from "./url-problems";

// The schema accepts any raw input (its `z.input` is `unknown`); the form's raw input is the text as typed.
const planResolver: Resolver<PlanValues, unknown, Plan> = zodResolver(planSchema as unknown as z.ZodType<Plan, PlanValues>);

const noSubscription = () => () => {};

const URL_UPDATE_DELAY_MS = 250;

/** False in the server's HTML and while hydrating, true once the form responds to input. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

function isEngine(value: string): value is Engine {
  return (ENGINES as readonly string[]).includes(value);
}

/** Hidden parameters grouped by why they are hidden, in the step's order. */
function groupByReason(params: readonly PlanParam[], unused: Map<PlanParam, string>) {
  const groups = new Map<string, PlanParam[]>();
  for (const param of params) {
    const reason = unused.get(param)!;
    groups.set(reason, [...(groups.get(reason) ?? []), param]);
  }
  return [...groups].map(([reason, grouped]) => ({ reason, params: grouped }));
}

interface WizardProps {
  /** The query string the page was opened with: a share URL restores its plan on the first render. */
  initialQuery: string;
}

export function Wizard({ initialQuery }: WizardProps) {
  const [opened] = useState(() => decodePlanQuery(initialQuery));
  const [urlProblems, setUrlProblems] = useState(opened.problems);
  const [step, setStep] = useState(0);
  const hydrated = useHydrated();

  const form = useForm<PlanValues, unknown, Plan>({
    defaultValues: opened.values,
    resolver: planResolver,
    mode: "onTouched",
  });
  const { control, getValues, setValue, setFocus, trigger, getFieldState, subscribe } = form;

  // A message stays only while it is true: once shown, it follows every change, including changes to
  // other fields (typing sgs settles "vpc is required when sgs is empty").
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: () => {
          const shown = PLAN_PARAMS.filter((param) => getFieldState(param).invalid);
          if (shown.length > 0) void trigger(shown);
        },
      }),
    [subscribe, getFieldState, trigger],
  );

  // Every change re-derives the plan, the bundle and the share URL: all three are pure and fast.
  const values = useWatch({ control }) as PlanValues;
  const result = useMemo(() => validatePlan(values), [values]);
  const plan = result.ok ? result.plan : null;
  const files = useMemo(() => (plan ? buildBundle(plan) : null), [plan]);
  const query = plan ? encodePlanQuery(plan) : null;
  const unused = unusedParams(values);

  // The address bar follows the last valid plan once typing pauses: replacing (not pushing) keeps Back
  // meaning "leave", and waiting keeps keystrokes fast (a URL update re-renders the router) and clear of
  // the browser's limit on history updates.
  useEffect(() => {
    if (query === null) return;
    const search = query === "" ? "" : `?${query}`;
    if (window.location.search === search) return;
    const timer = setTimeout(() => window.history.replaceState(null, "", search === "" ? window.location.pathname : search), URL_UPDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const download = () => {
    if (plan && files) downloadBundle(plan, files);
  };

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && plan && files) {
      event.preventDefault();
      downloadBundle(plan, files);
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  /** Shows a step and moves focus into it: to a field when one needs attention, else to its heading. */
  const showStep = (index: number, focusParam?: PlanParam) => {
    flushSync(() => setStep(index));
    if (focusParam) setFocus(focusParam);
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
      const check = validatePlan(getValues());
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
      const previous = getValues("engine");
      if (isEngine(previous) && isEngine(next) && getValues("lambda") === defaultLambdaSource(previous)) {
        setValue("lambda", defaultLambdaSource(next));
      }
    },
    [getValues, setValue],
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (step < REVIEW_STEP) void goTo(step + 1);
  };

  return (
    <div className="workspace">
      <div className="wizard">
        {urlProblems.length > 0 && (
          <UrlProblems problems={urlProblems} onShowParam={showParam} onDismiss={() => setUrlProblems([])} />
        )}
        <StepIndicator current={step} onSelect={(index) => void goTo(index)} />
        <FormProvider {...form}>
          <form onSubmit={onSubmit} noValidate className="wizard-form" aria-label="Rotation plan" data-ready={hydrated || undefined}>
            {WIZARD_STEPS.map((wizardStep, index) => {
              const visible = wizardStep.params.filter((param) => !unused.has(param));
              const hidden = groupByReason(wizardStep.params.filter((param) => unused.has(param)), unused);
              return (
                <section
                  key={wizardStep.id}
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
                    (plan && files && query !== null ? (
                      <Review plan={plan} files={files} query={query} onDownload={download} />
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
      </div>
      <aside className="preview-column" aria-label="Generated files">
        <Preview files={files} problems={result.ok ? [] : result.problems} onShowParam={showParam} />
      </aside>
    </div>
  );
}
