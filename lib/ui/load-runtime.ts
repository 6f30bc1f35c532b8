export type PlanRuntime = typeof import("./plan-runtime");

let loading: Promise<PlanRuntime> | null = null;

/**
 * The plan runtime (zod, the generators, fflate), loaded once, on demand. A failed load (a flaky network)
 * is forgotten, so the next call tries again.
 */
export function loadPlanRuntime(): Promise<PlanRuntime> {
  loading ??= import("./plan-runtime").catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
