import { useEffect, useEffectEvent, useRef, useState } from "react";
import { loadPlanRuntime, type PlanRuntime } from "@/lib/ui/load-runtime";

/**
 * The plan runtime (the schema, the generators and the zip), loaded after the first paint so that the
 * first-load JavaScript stays small. `onLoad` runs as it arrives, before the page re-renders with it, so
 * that what it changes (a remembered plan) shows in the same render as the runtime. The ref is for event
 * handlers that must keep their identity when the runtime arrives.
 */
export function usePlanRuntime(onLoad: (runtime: PlanRuntime) => void) {
  const [runtime, setRuntime] = useState<PlanRuntime | null>(null);
  const [runtimeFailed, setRuntimeFailed] = useState(false);
  const runtimeRef = useRef<PlanRuntime | null>(null);
  const loaded = useEffectEvent(onLoad);

  useEffect(() => {
    let live = true;
    loadPlanRuntime().then(
      (runtime) => {
        if (!live) return;
        runtimeRef.current = runtime;
        loaded(runtime);
        setRuntime(() => runtime);
      },
      () => live && setRuntimeFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  return { runtime, runtimeFailed, runtimeRef };
}
