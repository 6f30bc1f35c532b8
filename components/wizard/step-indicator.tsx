import { readMessage } from "@/lib/config/wording";
import { WIZARD_STEPS } from "@/lib/ui/steps";
import { useReading } from "./use-param-names";

interface StepIndicatorProps {
  current: number;
  /** The id of the form the steps submit: without JavaScript, a step is a request for `to=<step id>`. */
  form: string;
  onSelect: (index: number) => void;
  /** Steps with nothing to ask for this plan, and why (`skippedSteps`): shown as not needed, not offered. */
  skipped?: ReadonlyMap<number, readonly string[]>;
}

const NONE_SKIPPED: ReadonlyMap<number, readonly string[]> = new Map();

/**
 * Where the user is; any step can be chosen, and moving forward validates the steps in between. A step the
 * plan does not need is listed, marked so, with the reason under the list.
 */
export function StepIndicator({ current, form, onSelect, skipped = NONE_SKIPPED }: StepIndicatorProps) {
  const reading = useReading();
  return (
    <nav aria-label="Steps" className="steps">
      <ol>
        {WIZARD_STEPS.map((step, index) => {
          const state = index < current ? "done" : index === current ? "current" : "upcoming";
          if (skipped.has(index) && index !== current) {
            return (
              <li key={step.id} className="step step-skipped" data-testid={`step-${step.id}`} data-skipped="true">
                <span className="step-box">
                  <span className="step-number" aria-hidden="true">
                    –
                  </span>
                  <span className="step-title">{step.short}</span>
                  <span className="visually-hidden">, not needed</span>
                </span>
              </li>
            );
          }
          return (
            <li key={step.id} className={`step step-${state}`}>
              <button
                type="submit"
                form={form}
                name="to"
                value={step.id}
                onClick={(event) => {
                  // With JavaScript the step changes in the page; the submission is for pages without it.
                  event.preventDefault();
                  onSelect(index);
                }}
                aria-current={index === current ? "step" : undefined}
                data-testid={`step-${step.id}`}
              >
                <span className="step-number" aria-hidden="true">
                  {state === "done" ? "✓" : index + 1}
                </span>
                <span className="step-title">{step.short}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {[...skipped].map(([index, reasons]) => (
        <p key={index} className="steps-note" data-testid="skipped-note">
          {WIZARD_STEPS[index]!.title} is not needed: {reasons.map((reason) => readMessage(reason, reading)).join("; ")}.
        </p>
      ))}
    </nav>
  );
}
