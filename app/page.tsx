import { decodePlanQuery, encodePlanQuery, PLAN_PARAMS, unusedParams, validatePlanMarked, type PlanValues, type Problem } from "@/lib/config";
import { Wizard } from "@/components/wizard/wizard";
import type { ServerReview } from "@/components/wizard/review";
import { SiteHeader } from "@/components/site-header";
import { bundleZipName } from "@/lib/bundle/zip";
import { generateBundle } from "@/lib/generators";
import { diagramOf } from "@/lib/ui/diagram";
import { formValues, landingStep, readFormQuery } from "@/lib/ui/form-query";
import { nearestShownStep, skippedSteps } from "@/lib/ui/step-place";
import { REVIEW_STEP, WIZARD_STEPS } from "@/lib/ui/steps";
import type { ToolVersions } from "@/lib/versions";
import { currentVersions } from "@/lib/versions/releases";

interface PageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Next.js hands over the query as an object; the plan codec reads the query string, repeats included. */
function toQueryString(params: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) query.append(key, item);
    }
  }
  return query.toString();
}

/** What the page opens with: the form's values, what to say about them, and the step to show. */
interface Opened {
  values: PlanValues;
  /** Problems with the address itself (the banner above the form). */
  urlProblems: Problem[];
  /** Why the values make no plan yet (the preview's list; empty when they do). */
  blockers: Problem[];
  /** Messages shown under their fields in the server's HTML: the step the user could not leave. */
  fieldErrors: Problem[];
  step: number;
  review: ServerReview | null;
}

/** A shared link, or no query at all: bad values fall back to their defaults and the banner says which. */
function openLink(query: string, adapterProblems: Problem[]): Opened {
  const opened = decodePlanQuery(query);
  const check = validatePlanMarked(opened.values);
  return { values: opened.values, urlProblems: [...adapterProblems, ...opened.problems], blockers: check.ok ? [] : check.problems, fieldErrors: [], step: 0, review: null };
}

/**
 * The form, submitted without JavaScript: every value stays as typed, and the step asked for is shown
 * unless a step before it has a problem, which is then shown with its messages, as Next does in the browser.
 * A valid plan's Review is rendered here, with the download as a link to the API.
 */
function openSubmission(query: string, target: number, adapterProblems: Problem[], versions: ToolVersions): Opened {
  const values = formValues(query);
  const check = validatePlanMarked(values);
  const isField = (problem: Problem) => (PLAN_PARAMS as readonly string[]).includes(problem.param);
  // The form's own complaints (an existing secret without its ARN) come first: one message per field.
  const problems = [...adapterProblems.filter(isField)];
  for (const problem of check.ok ? [] : check.problems) if (!problems.some((p) => p.param === problem.param)) problems.push(problem);
  // A step with nothing to ask under this plan (Network under managed rotation) is passed by, as in the browser.
  // Next and Back already name a shown step; this covers a choice that changed in the same submission.
  const step = nearestShownStep(landingStep(target, problems), 1, skippedSteps(unusedParams(values)));
  const stepParams: readonly string[] = WIZARD_STEPS[step]!.params;
  const review =
    step === REVIEW_STEP && check.ok && problems.length === 0
      ? {
          plan: check.plan,
          // Paths only: the file list is all the review shows, and the contents would weigh on the page.
          files: generateBundle({ plan: check.plan, versions }).map(({ path }) => ({ path })),
          query: encodePlanQuery(check.plan),
          zipName: bundleZipName(check.plan.name),
        }
      : null;
  return {
    values,
    urlProblems: adapterProblems.filter((problem) => !isField(problem)),
    blockers: problems,
    fieldErrors: step < target ? problems.filter((problem) => stepParams.includes(problem.param)) : [],
    step,
    review,
  };
}

/**
 * The server decodes the address and checks the plan, so the first HTML already shows its values, its
 * problems and what the preview still needs; the browser loads the schema and the generators after the
 * first paint. The address is a shared link, or the form itself submitted without JavaScript (`to=<step>`):
 * then the whole wizard works from the server's HTML, down to the download.
 */
export default async function Home({ searchParams }: PageProps) {
  const params = await searchParams;
  const versions = await currentVersions();
  const read = readFormQuery(toQueryString(params));
  const opened = read.step === null ? openLink(read.query, read.problems) : openSubmission(read.query, read.step, read.problems, versions);
  return (
    <>
      <SiteHeader />
      <Wizard
        initialValues={opened.values}
        urlProblems={opened.urlProblems}
        initialUnused={[...unusedParams(opened.values)]}
        initialBlockers={opened.blockers}
        initialDiagram={diagramOf(opened.values)}
        initialStep={opened.step}
        initialErrors={opened.fieldErrors}
        initialReview={opened.review}
        fromSharedLink={read.step !== null || PLAN_PARAMS.some((param) => param in params)}
        versions={versions}
        intro={
          <div className="page-intro">
            <h1>Plan a password rotation</h1>
            <p>
              Four short steps describe your database. The preview shows the bundle as you answer — Terraform, the rotation
              function and a README that explains every piece — and it downloads as one zip.
            </p>
          </div>
        }
      />
    </>
  );
}
