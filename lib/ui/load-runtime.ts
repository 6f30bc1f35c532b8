export type PlanRuntime = typeof import("./plan-runtime");
export type PlanSchema = typeof import("./plan-schema");

/**
 * A module loaded once, on demand, with `import()`. A failed load (a flaky network) is forgotten, so the
 * next call tries again.
 */
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}

/** The plan runtime (zod, the generators, fflate). */
export const loadPlanRuntime: () => Promise<PlanRuntime> = loadOnce(() => import("./plan-runtime"));

/**
 * The form's resolver alone (zod and the plan schema), which the plan runtime also holds: Next and the
 * field messages wait for this smaller part only.
 */
export const loadPlanSchema: () => Promise<PlanSchema> = loadOnce(() => import("./plan-schema"));
