import { WIZARD_STEPS } from "@/lib/ui/steps";

interface StepIndicatorProps {
  current: number;
  onSelect: (index: number) => void;
}

/** Where the user is; any step can be chosen, and moving forward validates the steps in between. */
export function StepIndicator({ current, onSelect }: StepIndicatorProps) {
  return (
    <nav aria-label="Steps" className="steps">
      <ol>
        {WIZARD_STEPS.map((step, index) => {
          const state = index < current ? "done" : index === current ? "current" : "upcoming";
          return (
            <li key={step.id} className={`step step-${state}`}>
              <button
                type="button"
                onClick={() => onSelect(index)}
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
    </nav>
  );
}
