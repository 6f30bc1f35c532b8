"use client";

import { useMemo, type FormEvent, type ReactNode } from "react";
import { FormProvider } from "react-hook-form";
import type { PlanParam, PlanValues, Problem } from "@/lib/config";
import type { Diagram } from "@/lib/ui/diagram";
import type { ToolVersions } from "@/lib/versions";
import { TYPED_PARAMS } from "@/lib/ui/fields";
import { nearestShownStep } from "@/lib/ui/step-place";
import { REVIEW_STEP, WIZARD_STEPS } from "@/lib/ui/steps";
import { fieldId } from "./field-id";
import { LaterPreviewColumn, LaterStepPanel } from "./lazy-hydration";
import { ParamNamesToggle } from "./param-names-toggle";
import { Review } from "./lazy-review";
import type { ServerReview } from "./review";
import { ShortcutStatus } from "./shortcut-status";
import { LazyShortcutsDialog } from "./lazy-shortcuts-dialog";
import { StepIndicator } from "./step-indicator";
import { UrlProblems } from "./url-problems";
import { useBundleDownload } from "./use-bundle-download";
import { useKeyboardShortcuts } from "./use-keyboard-shortcuts";
import { useLambdaFollowsEngine } from "./use-lambda-follows-engine";
import { useLivePlan } from "./use-live-plan";
import { usePlanAddress } from "./use-plan-address";
import { usePlanForm } from "./use-plan-form";
import { usePlanRuntime } from "./use-plan-runtime";
import { useRememberedPlan } from "./use-remembered-plan";
import { useStepNavigation } from "./use-step-navigation";

export interface WizardProps {
  /** The plan's values as the server decoded them from the address (defaults without one). */
  initialValues: PlanValues;
  /** What was wrong in the address, one problem per parameter. */
  urlProblems: Problem[];
  /** Parameters the initial values make meaningless, and why (until the runtime can say it). */
  initialUnused: Array<[PlanParam, string]>;
  /** Why the initial values make no plan yet (empty when they do). */
  initialBlockers: Problem[];
  /** What the initial values deploy (until the runtime can draw it). */
  initialDiagram: Diagram;
  /** The address named plan parameters: a shared link, which a remembered plan never overrides. */
  fromSharedLink: boolean;
  /** The page's introduction, inside the main landmark. */
  intro: ReactNode;
  /** The versions versions.tf pins, as the server knows them: the browser's zip equals the API's. */
  versions: ToolVersions;
  /** The step shown first (an index): the one a form submitted without JavaScript landed on. */
  initialStep?: number;
  /** Messages the server put under fields (a form submitted without JavaScript); each follows its field once it changes. */
  initialErrors?: Problem[];
  /** The review the server rendered for a valid plan, shown until the browser can build its own. */
  initialReview?: ServerReview | null;
}

/**
 * The form's id: the step indicator's buttons, outside the form, submit it too. Without JavaScript every
 * navigation button submits the form (GET, `to=<step id>`) and the server renders the step; with it, the
 * buttons' click handlers move between steps in the page instead.
 */
const FORM_ID = "wizard-form";

/**
 * The wizard's page: the form's steps beside the diagram and the preview. This is the shell that lays
 * them out; each concern lives in its own hook (`use-*.ts` beside this file).
 */
export function Wizard({
  initialValues,
  urlProblems,
  initialUnused,
  initialBlockers,
  initialDiagram,
  fromSharedLink,
  intro,
  versions,
  initialStep = 0,
  initialErrors,
  initialReview,
}: WizardProps) {
  const { form, formContext, formHook, generation, resetTo } = usePlanForm(initialValues, initialErrors);
  // Only what is typed: react-hook-form reads choices back from their elements in its own way (a checkbox's
  // value attribute), so those may differ from the initial values without any change of the user's. Read
  // from the screen: text typed before its step hydrated (and loaded its code) is not in the form yet.
  const shownText = (param: PlanParam) => {
    const input = document.getElementById(fieldId(param));
    return input instanceof HTMLInputElement ? input.value : String(form.getValues(param));
  };
  const nothingTyped = () => TYPED_PARAMS.every((param) => shownText(param) === String(initialValues[param]));
  const remembered = useRememberedPlan({ urlProblems, fromSharedLink, resetTo, unchanged: nothingTyped });
  const { runtime, runtimeFailed, runtimeRef } = usePlanRuntime(remembered.restore);
  const live = useLivePlan({ form, generation, runtime, initialUnused, initialBlockers, initialDiagram, versions });
  usePlanAddress(live.query, remembered.remember);
  const followEngine = useLambdaFollowsEngine(form, runtimeRef);
  const { step, skipped, goTo, back, next, showParam, showReview, showFirstProblem } = useStepNavigation(form, initialStep, {
    unused: live.unused,
    ready: runtime !== null,
    fromSharedLink,
    serverCheck: { values: initialValues, problems: initialBlockers },
  });
  const bundle = useBundleDownload({ complete: live.complete, runtime, versions });
  const shortcuts = useKeyboardShortcuts(bundle.download, showFirstProblem);
  const { notice } = remembered;
  const { complete } = live;
  // Review's content, one element while the plan is unchanged: a new one would render Review's step again
  // with every render of the wizard (its panel is memoised, lazy-hydration.tsx).
  const reviewContent = useMemo(
    () =>
      complete ? (
        <Review
          plan={complete.plan}
          files={complete.files}
          query={complete.query}
          zipName={complete.zipName}
          onDownload={bundle.download ?? complete.download}
          asks={bundle.asks}
          nextSteps={bundle.nextSteps}
        />
      ) : initialReview ? (
        <Review {...initialReview} asks={null} nextSteps={null} />
      ) : (
        <p className="note">The plan is not complete yet; the preview lists what it still needs.</p>
      ),
    [complete, bundle.download, bundle.asks, bundle.nextSteps, initialReview],
  );
  // The preview's download, one object while the plan and the step's side of Review are unchanged: the
  // preview column (memoised) renders again only when what it shows does, not on every move between steps.
  const showNextSteps = bundle.nextSteps && step !== REVIEW_STEP ? showReview : null;
  const previewDownload = useMemo(
    () =>
      complete && bundle.download
        ? { query: complete.query, zipName: complete.zipName, onDownload: bundle.download, onShowNextSteps: showNextSteps }
        : null,
    [complete, bundle.download, showNextSteps],
  );
  // Without JavaScript, Next and Back submit the step they lead to, passing by steps with nothing to ask.
  const nextId = WIZARD_STEPS[nearestShownStep(step + 1, 1, skipped)]?.id;
  const backId = WIZARD_STEPS[nearestShownStep(step - 1, -1, skipped)]?.id;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    next();
  };

  return (
    <div className="page workspace">
      <main className="wizard" id="main">
        {intro}
        {notice.problems.length > 0 && (
          <UrlProblems problems={notice.problems} source={notice.source} onShowParam={showParam} onDismiss={remembered.dismissNotice} />
        )}
        {remembered.restored && (
          <p className="note restored-note" data-testid="restored-note">
            <span>This is the plan you last worked on, remembered on this device.</span>
            <button type="button" className="link-button" onClick={() => remembered.startOver(runtime)}>
              Start from the defaults
            </button>
          </p>
        )}
        {runtimeFailed && (
          <p className="note" role="alert">
            Part of the page did not load, so the preview and the download are missing. Reload the page to try again.
          </p>
        )}
        {/* Enter in a field submits through the form's first submit button: this copy of Next comes before the indicator's. */}
        {step < REVIEW_STEP && <button type="submit" form={FORM_ID} name="to" value={nextId} hidden tabIndex={-1} />}
        <StepIndicator current={step} form={FORM_ID} skipped={skipped} onSelect={(index) => void goTo(index)} />
        {formHook}
        <FormProvider {...formContext}>
          <form
            id={FORM_ID}
            onSubmit={onSubmit}
            onChange={remembered.noteTyping}
            noValidate
            className="wizard-form"
            aria-label="Rotation plan"
            data-ready={runtime ? true : undefined}
          >
            <noscript>
              <p className="note" data-testid="noscript-note">
                JavaScript is off, so there is no live preview or diagram, no copy buttons and no keyboard shortcuts. Next, Back,
                Review and Download still work: the server checks each step as you move on.
              </p>
            </noscript>
            {/* Without JavaScript: the step the form was on, for answers that two steps can give (lib/ui/form-query.ts). */}
            <input type="hidden" name="from" value={WIZARD_STEPS[step]?.id} />
            <ShortcutStatus found={shortcuts.shortcutProblem} />
            {WIZARD_STEPS.map((wizardStep, index) => (
              <LaterStepPanel
                key={`${wizardStep.id}-${generation}`}
                step={wizardStep}
                index={index}
                hidden={index !== step}
                unused={live.unused}
                onEngineChange={followEngine}
              >
                {index === REVIEW_STEP && reviewContent}
              </LaterStepPanel>
            ))}
            <div className="wizard-nav">
              {step > 0 && (
                <button
                  type="submit"
                  name="to"
                  value={backId}
                  className="button"
                  onClick={(event) => {
                    event.preventDefault();
                    back();
                  }}
                  data-testid="back"
                >
                  Back
                </button>
              )}
              {step < REVIEW_STEP && (
                <button type="submit" name="to" value={nextId} className="button button-primary" data-testid="next">
                  {step === REVIEW_STEP - 1 ? "Review plan" : "Next"}
                </button>
              )}
            </div>
          </form>
        </FormProvider>
        <div className="wizard-footer">
          <label className="remember">
            <input
              type="checkbox"
              checked={remembered.remember}
              onChange={(event) => remembered.setRemember(event.target.checked)}
              data-testid="remember-plan"
            />
            Remember my last plan on this device
          </label>
          <ParamNamesToggle />
          <button type="button" className="link-button" onClick={shortcuts.openHelp} aria-keyshortcuts="?">
            Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
          </button>
        </div>
      </main>
      <aside className="preview-column" aria-label="What the plan generates">
        <LaterPreviewColumn
          diagram={live.diagram}
          shown={live.shown}
          typed={live.typed}
          problems={live.blockers}
          onDownloadExamples={live.downloadExamples}
          onShowParam={showParam}
          download={previewDownload}
        />
      </aside>
      <LazyShortcutsDialog open={shortcuts.helpOpen} onClose={shortcuts.closeHelp} />
    </div>
  );
}
