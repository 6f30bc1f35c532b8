import type { ReactNode } from "react";
import type { PlanParam } from "@/lib/config";
import { WIZARD_STEPS, type WizardStep } from "@/lib/ui/steps";
import { PlanField } from "./plan-field";

/** Hidden parameters grouped by why they are hidden, in the step's order. */
function groupByReason(params: readonly PlanParam[], unused: ReadonlyMap<PlanParam, string>) {
  const groups = new Map<string, PlanParam[]>();
  for (const param of params) {
    const reason = unused.get(param)!;
    groups.set(reason, [...(groups.get(reason) ?? []), param]);
  }
  return [...groups].map(([reason, grouped]) => ({ reason, params: grouped }));
}

interface StepPanelProps {
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

/** One step of the wizard: its heading, the fields it asks for and a note on the ones it does not ask. */
export function StepPanel({ step, index, hidden, unused, onEngineChange, children }: StepPanelProps) {
  const visible = step.params.filter((param) => !unused.has(param));
  const notAsked = groupByReason(step.params.filter((param) => unused.has(param)), unused);
  return (
    <section className="step-panel" hidden={hidden} aria-labelledby={`step-${step.id}-title`} data-testid={`panel-${step.id}`}>
      <header className="step-header">
        <p className="step-count">
          Step {index + 1} of {WIZARD_STEPS.length}
        </p>
        <h2 id={`step-${step.id}-title`} tabIndex={-1}>
          {step.title}
        </h2>
        <p className="step-intro">{step.intro}</p>
      </header>
      {visible.map((param) => (
        <PlanField key={param} param={param} onBeforeChange={param === "engine" ? onEngineChange : undefined} />
      ))}
      {notAsked.map(({ reason, params }) => (
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
      {children}
    </section>
  );
}
