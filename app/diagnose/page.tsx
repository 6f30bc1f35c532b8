import type { Metadata } from "next";
import { SiteHeader } from "@/components/site-header";
import { DiagnoseForm } from "@/components/diagnose/diagnose-form";
import "./diagnose.css";
import "./diagnose-results.css";

export const metadata: Metadata = {
  title: "Diagnose an existing rotation — Rotation Wizard",
  description:
    "Give your Terraform, the secret's describe-secret JSON and the rotation function's log: find why password rotation does not work, and get the fix.",
};

/** The Diagnose page: a server-rendered shell around the one interactive form. */
export default function DiagnosePage() {
  return (
    <>
      <SiteHeader />
      <main className="diag-page">
        <div className="diag-intro">
          <h1>Diagnose an existing rotation</h1>
          <p>
            The password has not changed in months, or every rotation fails? Give your Terraform, and if you have them the secret&rsquo;s
            JSON from the AWS CLI and lines of the rotation function&rsquo;s log. The report says what stops rotation, why, and how to fix
            it, then opens the wizard with what it found.
          </p>
        </div>
        <DiagnoseForm />
      </main>
    </>
  );
}
