import { startTransition, useEffect, useEffectEvent, useRef, useState } from "react";
import { loadPlanRuntime, loadPlanSchema, type PlanRuntime } from "@/lib/ui/load-runtime";

/**
 * The plan runtime (the schema, the generators and the zip), loaded after the first paint so that the
 * first-load JavaScript stays small. `onLoad` runs as it arrives, before the page re-renders with it, so
 * that what it changes (a remembered plan) shows in the same render as the runtime. The ref is for event
 * handlers that must keep their identity when the runtime arrives.
 */
/** Resolves once the browser has nothing more urgent to do (at the latest after half a second). */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(() => resolve(), { timeout: 500 });
    else setTimeout(resolve, 0);
  });
}

export function usePlanRuntime(onLoad: (runtime: PlanRuntime) => void) {
  const [runtime, setRuntime] = useState<PlanRuntime | null>(null);
  const [runtimeFailed, setRuntimeFailed] = useState(false);
  const runtimeRef = useRef<PlanRuntime | null>(null);
  const loaded = useEffectEvent(onLoad);

  useEffect(() => {
    let live = true;
    // Once the page is idle, the schema first, alone: it is what the form's checks need (they load it
    // themselves when they come first, and Next on the values the server checked needs none). Then the rest
    // (the generators, the zip, then the preview they feed), once idle again, so that a click right after
    // the page loaded is not queued behind their evaluation. A failed schema shows as the runtime's failure.
    whenIdle()
      .then(loadPlanSchema)
      .catch(() => undefined)
      .then(whenIdle)
      .then(loadPlanRuntime)
      .then(
        (runtime) => {
          if (!live) return;
          runtimeRef.current = runtime;
          // A transition: the first render with the runtime builds the whole bundle and its preview, which
          // takes long on a slow device; React yields during it, so a click on Next right after the page
          // loaded is handled at once instead of after it.
          startTransition(() => {
            loaded(runtime);
            setRuntime(() => runtime);
          });
        },
        () => live && setRuntimeFailed(true),
      );
    return () => {
      live = false;
    };
  }, []);

  return { runtime, runtimeFailed, runtimeRef };
}
