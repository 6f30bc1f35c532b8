import { Activity, lazy, memo, startTransition, Suspense, useEffect, useMemo, useState, type ComponentProps } from "react";
import type { DeploymentDiagram as DiagramComponent } from "./diagram";
import type { Preview as PreviewComponent } from "./preview";
import type { StepPanelProps } from "./step-panel";
import { LoadFailure } from "./load-failure";
import { StepSection } from "./step-section";

/**
 * What the boundaries hold, and the preview column, in chunks of their own: the page hydrates without their
 * code. The browser loads a step's chunk when React hydrates its boundary, after the rest of the page, and
 * the preview column's once the page has hydrated (`LaterPreviewColumn`). The server renders them all, so
 * the HTML, and the form without JavaScript, are complete.
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
        <LoadFailure>
          <StepContent step={step} index={index} unused={unused} onEngineChange={onEngineChange}>
            {children}
          </StepContent>
        </LoadFailure>
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

/**
 * The diagram and the preview, beside the form: nothing in the first step needs them. The browser draws them
 * once the page has hydrated, in a transition, so that the form is interactive first: drawn before, their
 * text and the diagram were laid out and painted ahead of hydration (at CPU rate 4, over 20 alternated
 * loads, the first click on Next was handled at 1190 ms instead of 1242). Without JavaScript the column is
 * the server's, inside `<noscript>`: there it is the only diagram, and it follows each submitted step. With
 * JavaScript the browser keeps that element's content as text, so it lays nothing out, and React does not
 * hydrate it.
 */
export const LaterPreviewColumn = memo(function LaterPreviewColumn({ diagram, ...preview }: LaterPreviewColumnProps) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => startTransition(() => setHydrated(true)), []);
  const column = (
    <>
      <DeploymentDiagram diagram={diagram} typed={preview.typed} />
      <Preview {...preview} />
    </>
  );
  // The fallback shows only while the column's chunks load, right after hydration.
  return hydrated ? (
    <LoadFailure>
      <Suspense fallback={null}>{column}</Suspense>
    </LoadFailure>
  ) : (
    <noscript>{column}</noscript>
  );
});
