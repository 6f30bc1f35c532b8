import type { ReactNode } from "react";
import type { WizardStep } from "@/lib/ui/steps";

/**
 * The frame of a step: the section that shows it or hides it. Apart from its content, so that showing
 * another step renders only the two frames, not the content (which may still wait for hydration,
 * lazy-hydration.tsx).
 */
export function StepSection({ step, hidden, children }: { step: WizardStep; hidden: boolean; children: ReactNode }) {
  return (
    <section className="step-panel" hidden={hidden} aria-labelledby={`step-${step.id}-title`} data-testid={`panel-${step.id}`}>
      {children}
    </section>
  );
}
