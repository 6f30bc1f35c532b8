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

export type PlanSchema = typeof import("./plan-schema");

let loadingSchema: Promise<PlanSchema> | null = null;

/**
 * The form's resolver alone (zod and the plan schema), which the plan runtime also holds: Next and the
 * field messages wait for this smaller part only. Forgotten on failure, like the runtime.
 */
export function loadPlanSchema(): Promise<PlanSchema> {
  loadingSchema ??= import("./plan-schema").catch((error: unknown) => {
    loadingSchema = null;
    throw error;
  });
  return loadingSchema;
}
