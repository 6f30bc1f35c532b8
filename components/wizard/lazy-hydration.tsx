import { Activity, lazy, memo, useMemo, type ComponentProps } from "react";
import type { DeploymentDiagram as DiagramComponent } from "./diagram";
import type { Preview as PreviewComponent } from "./preview";
import type { StepPanelProps } from "./step-panel";
import { StepSection } from "./step-section";

/**
 * What the boundaries hold, in chunks of their own: the page hydrates without their code. The browser loads
 * a boundary's chunk when React hydrates it, after the rest of the page. The server renders them in place,
 * so the HTML, and the form without JavaScript, are complete.
 */
const StepContent = lazy(() => import("./step-panel").then((module) => ({ default: module.StepContent })));
const Preview = lazy(() => import("./preview").then((module) => ({ default: module.Preview })));
const DeploymentDiagram = lazy(() => import("./diagram").then((module) => ({ default: module.DeploymentDiagram })));

/**
 * Parts of the wizard that React hydrates after the rest of the page. Each sits in an `<Activity>` boundary
 * of its own, always visible (a panel's frame, outside the boundary, hides it with `hidden`): React hydrates the page around such a
 * boundary first (the step indicator, Next, Back) and the boundary afterwards, a piece at a time, with input
 * handled in between. A boundary that changes before then (Next shows its step) or takes an input hydrates
 * at once. The server renders its content in place, between two comments, so the HTML, and the form without
 * JavaScript, do not change. (A Suspense boundary would do the same in the browser, but the server streams
 * a large one after the page, to be moved in by a script: without JavaScript its fields would be missing.)
 *
 * Memoised: a re-render of the wizard with the same props leaves a boundary to hydrate in its own time,
 * instead of making React hydrate it first.
 */

/**
 * A step panel. Even the step the page opened on hydrates after the rest of the page: the wizard's frame
 * (the step indicator, Next, Back) is interactive first, so a click on Next right after the page has loaded
 * is handled without waiting for the fields; a field that takes input first hydrates its step at once.
 * Only the panel's frame (its `hidden`) sits outside the boundary: Next shows the next step by changing
 * its frame alone, at once, even before its content has hydrated. The boundary is one element while the
 * content's props are unchanged: a boundary given a new element must hydrate at once, and Next would wait
 * for the whole step.
 */
export const LaterStepPanel = memo(function LaterStepPanel({ hidden, step, index, unused, onEngineChange, children }: StepPanelProps) {
  const content = useMemo(
    () => (
      <Activity>
        <StepContent step={step} index={index} unused={unused} onEngineChange={onEngineChange}>
          {children}
        </StepContent>
      </Activity>
    ),
    [step, index, unused, onEngineChange, children],
  );
  return (
    <StepSection step={step} hidden={hidden}>
      {content}
    </StepSection>
  );
});

type LaterPreviewColumnProps = ComponentProps<typeof PreviewComponent> & ComponentProps<typeof DiagramComponent>;

/** The diagram and the preview, beside the form: nothing in the first step needs them hydrated. */
export const LaterPreviewColumn = memo(function LaterPreviewColumn({ diagram, ...preview }: LaterPreviewColumnProps) {
  return (
    <Activity>
      <DeploymentDiagram diagram={diagram} typed={preview.typed} />
      <Preview {...preview} />
    </Activity>
  );
});
