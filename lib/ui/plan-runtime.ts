import { zodResolver } from "@hookform/resolvers/zod";
import type { Resolver } from "react-hook-form";
import type { z } from "zod";
import { decodePlanQuery, defaultLambdaSource, defaultValues, encodePlanQuery, planSchema, unusedParams, validatePlan, type Plan, type PlanValues } from "@/lib/config";
import { bundleZipName } from "@/lib/bundle/zip";
import { describeBundleFile, explainResources, type ResourceExplanation } from "@/lib/generators";
import type { ToolVersions } from "@/lib/versions";
import { buildBundle, downloadBundle } from "./bundle";
import { diagramOf } from "./diagram";

/**
 * Everything the wizard needs from zod, the generators and fflate, in one module that the page loads
 * with `import()` after its first paint (see `load-runtime.ts`): the first-load JavaScript stays small,
 * and the server has already decoded the URL and rendered the form.
 */

// The schema accepts any raw input (its `z.input` is `unknown`); the form's raw input is the text as typed.
export const planResolver: Resolver<PlanValues, unknown, Plan> = zodResolver(planSchema as unknown as z.ZodType<Plan, PlanValues>);

/** Why each resource of a Terraform file exists, as the bundle's README says it; empty for other files. */
export function explainFile(plan: Plan, path: string, versions: ToolVersions): ResourceExplanation[] {
  return explainResources({ plan, versions }, path);
}

export {
  buildBundle,
  bundleZipName,
  decodePlanQuery,
  defaultLambdaSource,
  defaultValues,
  diagramOf,
  describeBundleFile,
  downloadBundle,
  encodePlanQuery,
  unusedParams,
  validatePlan,
};
