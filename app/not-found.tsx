import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main className="page page-narrow">
        <h1>Page not found</h1>
        <p>There is nothing at this address. The wizard lives on the home page.</p>
        <p>
          <Link href="/" className="button button-primary">
            Open the wizard
          </Link>
        </p>
      </main>
    </>
  );
}
