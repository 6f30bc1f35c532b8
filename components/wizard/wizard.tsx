"use client";

import type { FormEvent, ReactNode } from "react";
import { FormProvider } from "react-hook-form";
import type { PlanParam, PlanValues, Problem } from "@/lib/config";
import type { Diagram } from "@/lib/ui/diagram";
import type { ToolVersions } from "@/lib/versions";
import { REVIEW_STEP, WIZARD_STEPS } from "@/lib/ui/steps";
import { DeploymentDiagram } from "./diagram";
import { Preview } from "./preview";
import { Review } from "./review";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { StepIndicator } from "./step-indicator";
import { StepPanel } from "./step-panel";
import { UrlProblems } from "./url-problems";
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
}

/**
 * The wizard's page: the form's steps beside the diagram and the preview. This is the shell that lays
 * them out; each concern lives in its own hook (`use-*.ts` beside this file).
 */
export function Wizard({ initialValues, urlProblems, initialUnused, initialBlockers, initialDiagram, fromSharedLink, intro, versions }: WizardProps) {
  const { form, generation, resetTo } = usePlanForm(initialValues);
  const remembered = useRememberedPlan({ urlProblems, fromSharedLink, resetTo });
  const { runtime, runtimeFailed, runtimeRef } = usePlanRuntime(remembered.restore);
  const live = useLivePlan({ control: form.control, runtime, initialUnused, initialBlockers, initialDiagram, versions });
  usePlanAddress(live.query, remembered.remember);
  const followEngine = useLambdaFollowsEngine(form, runtimeRef);
  const { step, goTo, back, next, showParam } = useStepNavigation(form);
  const shortcuts = useKeyboardShortcuts(live.complete?.download ?? null);
  const { notice } = remembered;
  const { complete } = live;

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
        <StepIndicator current={step} onSelect={(index) => void goTo(index)} />
        <FormProvider {...form}>
          <form
            onSubmit={onSubmit}
            onChange={remembered.noteTyping}
            noValidate
            className="wizard-form"
            aria-label="Rotation plan"
            data-ready={runtime ? true : undefined}
          >
            {WIZARD_STEPS.map((wizardStep, index) => (
              <StepPanel
                key={`${wizardStep.id}-${generation}`}
                step={wizardStep}
                index={index}
                hidden={index !== step}
                unused={live.unused}
                onEngineChange={followEngine}
              >
                {index === REVIEW_STEP &&
                  (complete ? (
                    <Review plan={complete.plan} files={complete.files} query={complete.query} zipName={complete.zipName} onDownload={complete.download} />
                  ) : (
                    <p className="note">The plan is not complete yet; the preview lists what it still needs.</p>
                  ))}
              </StepPanel>
            ))}
            <div className="wizard-nav">
              {step > 0 && (
                <button type="button" className="button" onClick={back} data-testid="back">
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
            <input
              type="checkbox"
              checked={remembered.remember}
              onChange={(event) => remembered.setRemember(event.target.checked)}
              data-testid="remember-plan"
            />
            Remember my last plan on this device
          </label>
          <button type="button" className="link-button" onClick={shortcuts.openHelp} aria-keyshortcuts="?">
            Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
          </button>
        </div>
      </main>
      <aside className="preview-column" aria-label="What the plan generates">
        <DeploymentDiagram diagram={live.diagram} />
        <Preview files={live.files} problems={live.blockers} explain={live.explain} onShowParam={showParam} />
      </aside>
      <ShortcutsDialog open={shortcuts.helpOpen} onClose={shortcuts.closeHelp} />
    </div>
  );
}
