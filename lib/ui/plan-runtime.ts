import { decodePlanQuery, defaultLambdaSource, defaultValues, encodePlanQuery, exploreWithExamples, unusedParams, validatePlanMarked, type Plan } from "@/lib/config";
import { bundleZipName } from "@/lib/bundle/zip";
import { describeBundleFile, explainResources, type ResourceExplanation } from "@/lib/generators";
import { nextSteps, terraformAsks } from "@/lib/generators/next-steps";
import type { ToolVersions } from "@/lib/versions";
import { buildBundle, buildFile, downloadBundle } from "./bundle";
import { diagramOf } from "./diagram";

/**
 * Everything the wizard needs from zod, the generators and fflate, in one module that the page loads
 * with `import()` after its first paint (see `load-runtime.ts`): the first-load JavaScript stays small,
 * and the server has already decoded the URL and rendered the form.
 */

export { planResolver } from "./plan-schema";

/** Why each resource of a Terraform file exists, as the bundle's README says it; empty for other files. */
export function explainFile(plan: Plan, path: string, versions: ToolVersions): ResourceExplanation[] {
  return explainResources({ plan, versions }, path);
}

export {
  buildBundle,
  buildFile,
  bundleZipName,
  decodePlanQuery,
  defaultLambdaSource,
  defaultValues,
  diagramOf,
  describeBundleFile,
  downloadBundle,
  encodePlanQuery,
  exploreWithExamples,
  nextSteps,
  terraformAsks,
  unusedParams,
  // The wizard's check: its problems also carry their marked message, which the form reads in its words.
  validatePlanMarked as validatePlan,
};
