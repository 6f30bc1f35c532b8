import Link from "next/link";

/** The header's way to the Diagnose page. */
export function DiagnoseNavLink() {
  return (
    <Link href="/diagnose" className="diag-nav-link" prefetch={false}>
      Diagnose
    </Link>
  );
}
