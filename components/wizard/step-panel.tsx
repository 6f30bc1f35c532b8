import { memo, type ReactNode } from "react";
import type { PlanParam } from "@/lib/config";
import { PARAM_LABELS } from "@/lib/config/labels";
import { readMessage } from "@/lib/config/wording";
import { WIZARD_STEPS, type WizardStep } from "@/lib/ui/steps";
import { OnRequestField, ON_REQUEST } from "./on-request-field";
import { PasswordOwnerField } from "./password-owner";
import { PlanField } from "./plan-field";
import { SCHEDULE_BUILDER_PARAMS, ScheduleBuilder, WindowFix } from "./schedule-builder";
import { useReading } from "./use-param-names";

/** Hidden parameters grouped by why they are hidden, in the step's order. */
function groupByReason(params: readonly PlanParam[], unused: ReadonlyMap<PlanParam, string>) {
  const groups = new Map<string, PlanParam[]>();
  for (const param of params) {
    const reason = unused.get(param)!;
    groups.set(reason, [...(groups.get(reason) ?? []), param]);
  }
  return [...groups].map(([reason, grouped]) => ({ reason, params: grouped }));
}

export interface StepPanelProps {
  step: WizardStep;
  index: number;
  /** Only the current step's panel shows; the others stay in the form, hidden. */
  hidden: boolean;
  /** Parameters the plan makes meaningless, and why: the step names them instead of asking. */
  unused: ReadonlyMap<PlanParam, string>;
  /** Runs before the engine changes (see `useLambdaFollowsEngine`). */
  onEngineChange: (next: string) => void;
  /** What follows the fields (the review step's summary and download). */
  children?: ReactNode;
}

/**
 * One step of the wizard: its heading, the fields it asks for and a note on the ones it does not ask.
 * Memoised: a keystroke re-renders the wizard (the preview follows every value), but a step's fields watch
 * their own values, so a step renders again only when what it shows changes (what is unused). It does not
 * change when the step is shown or hidden: its frame does (`StepSection`).
 */
export const StepContent = memo(function StepContent({ step, index, unused, onEngineChange, children }: Omit<StepPanelProps, "hidden">) {
  // The schedule builder asks for days and schedule together, whichever of the two the plan uses.
  const visible = step.params.filter((param) => !unused.has(param) || SCHEDULE_BUILDER_PARAMS.has(param));
  const notAsked = groupByReason(step.params.filter((param) => unused.has(param) && !SCHEDULE_BUILDER_PARAMS.has(param)), unused);
  // The fields not asked, and why, in the form's words; in parameter names once the user asks for them.
  const reading = useReading();
  return (
    <>
      <header className="step-header">
        <p className="step-count">
          Step {index + 1} of {WIZARD_STEPS.length}
        </p>
        <h2 id={`step-${step.id}-title`} tabIndex={-1}>
          {step.title}
        </h2>
        <p className="step-intro">{step.intro}</p>
      </header>
      {visible.map((param) => {
        if (SCHEDULE_BUILDER_PARAMS.has(param)) return param === "days" ? <ScheduleBuilder key="schedule-builder" /> : null;
        if (param === "window") return [<PlanField key={param} param={param} />, <WindowFix key="window-fix" />];
        // Asked before the secret: the answer decides the strategy and whether the network matters at all.
        const owner = param === "secret" ? <PasswordOwnerField key="owner" /> : null;
        const field = <PlanField key={param} param={param} onBeforeChange={param === "engine" ? onEngineChange : undefined} />;
        if (owner) return [owner, field];
        return param in ON_REQUEST ? (
          <OnRequestField key={param} param={param}>
            {field}
          </OnRequestField>
        ) : (
          field
        );
      })}
      {notAsked.map(({ reason, params }) => (
        <p key={reason} className="note" data-testid="hidden-note">
          {visible.length === 0 ? "Nothing to set here. " : "Not asked: "}
          {params.map((param, i) => (
            <span key={param}>
              {i > 0 && ", "}
              {reading === "names" ? <code>{param}</code> : PARAM_LABELS[param]}
            </span>
          ))}
          {" — "}
          {readMessage(reason, reading)}.
        </p>
      ))}
      {children}
    </>
  );
});
