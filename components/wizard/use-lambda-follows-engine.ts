import { useCallback, type RefObject } from "react";
import type { UseFormReturn } from "react-hook-form";
import type { Plan, PlanValues } from "@/lib/config";
import { ENGINES, type Engine } from "@/lib/config/choices";
import type { PlanRuntime } from "@/lib/ui/load-runtime";

function isEngine(value: string): value is Engine {
  return (ENGINES as readonly string[]).includes(value);
}

/**
 * The engine carries the function's source along while it is at the engine's default: another engine
 * brings its own default (our bundled function or AWS's template), while a source the user chose stays.
 * The handler runs before the engine changes and keeps its identity (the fields are memoized), so it reads
 * the runtime through a ref.
 */
export function useLambdaFollowsEngine(
  { getValues, setValue }: UseFormReturn<PlanValues, unknown, Plan>,
  runtimeRef: RefObject<PlanRuntime | null>,
) {
  return useCallback(
    (next: string) => {
      const loaded = runtimeRef.current;
      const previous = getValues("engine");
      if (loaded && isEngine(previous) && isEngine(next) && getValues("lambda") === loaded.defaultLambdaSource(previous)) {
        setValue("lambda", loaded.defaultLambdaSource(next));
      }
    },
    [getValues, setValue, runtimeRef],
  );
}
