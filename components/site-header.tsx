import Link from "next/link";
import { DiagnoseNavLink } from "./diagnose/diagnose-nav-link";
import { ThemeToggle } from "./theme-toggle";

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        {/* No prefetch: on the wizard the link leads to the page itself. */}
        <Link href="/" className="brand" prefetch={false}>
          <span className="brand-mark" aria-hidden="true">
            ↻
          </span>
          Rotation Wizard
        </Link>
        <p className="tagline">Database password rotation for AWS Secrets Manager, in Terraform that works on the first apply.</p>
        <DiagnoseNavLink />
        <ThemeToggle />
      </div>
    </header>
  );
}
