import { decodePlanQuery, PLAN_PARAMS, unusedParams, validatePlan } from "@/lib/config";
import { Wizard } from "@/components/wizard/wizard";
import { SiteHeader } from "@/components/site-header";
import { diagramOf } from "@/lib/ui/diagram";
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

/**
 * The server decodes the share link and checks the plan, so the first HTML already shows its values, its
 * problems and what the preview still needs; the browser loads the schema and the generators after the
 * first paint.
 */
export default async function Home({ searchParams }: PageProps) {
  const params = await searchParams;
  const opened = decodePlanQuery(toQueryString(params));
  const check = validatePlan(opened.values);
  return (
    <>
      <SiteHeader />
      <Wizard
        initialValues={opened.values}
        urlProblems={opened.problems}
        initialUnused={[...unusedParams(opened.values)]}
        initialBlockers={check.ok ? [] : check.problems}
        initialDiagram={diagramOf(opened.values)}
        fromSharedLink={PLAN_PARAMS.some((param) => param in params)}
        versions={await currentVersions()}
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
