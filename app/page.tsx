import { Wizard } from "@/components/wizard/wizard";
import { SiteHeader } from "@/components/site-header";

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

export default async function Home({ searchParams }: PageProps) {
  const query = toQueryString(await searchParams);
  return (
    <>
      <SiteHeader />
      <main className="page">
        <div className="page-intro">
          <h1>Plan a password rotation</h1>
          <p>
            Four short steps describe your database. The preview shows the bundle as you answer — Terraform, the rotation
            function and a README that explains every piece — and it downloads as one zip.
          </p>
        </div>
        <Wizard initialQuery={query} />
      </main>
    </>
  );
}
