import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ↻
          </span>
          Rotation Wizard
        </Link>
        <p className="tagline">Database password rotation for AWS Secrets Manager, in Terraform that works on the first apply.</p>
      </div>
    </header>
  );
}
