import { memo, useState } from "react";
import type { Plan } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import type { AskedVariable, NextSteps } from "@/lib/generators/next-steps";
import { planSummary } from "@/lib/ui/summary";
import { curlCommand, shareUrl } from "@/lib/ui/share";

interface ReviewProps {
  plan: Plan;
  /** The bundle's files; the review lists their paths. */
  files: ReadonlyArray<Pick<BundleFile, "path">>;
  /** The share URL's query string, without `?`. */
  query: string;
  zipName: string;
  /** Builds the zip in the browser. Without it (no JavaScript, or the runtime not loaded yet) the link asks the API. */
  onDownload?: () => void;
  /** What Terraform will ask for when the bundle is applied (null until the runtime can say). */
  asks?: readonly AskedVariable[] | null;
  /** What to run in the unzipped bundle: present once this plan has been downloaded. */
  nextSteps?: NextSteps | null;
}

/** The review as the server renders it for a valid plan, before (or without) the browser's runtime. */
export type ServerReview = Pick<ReviewProps, "plan" | "files" | "query" | "zipName">;

type Copied = { what: "link" | "curl"; outcome: "copied" | "failed" } | null;

/** The plan's summary, share link and download. Memoised: the wizard renders on every keystroke, the review only for another plan. */
export const Review = memo(function Review({ plan, files, query, zipName, onDownload, asks, nextSteps }: ReviewProps) {
  const [copied, setCopied] = useState<Copied>(null);
  const copy = async (what: "link" | "curl") => {
    const { origin, pathname } = window.location;
    const text = what === "link" ? shareUrl(origin, pathname, query) : curlCommand(origin, zipName, query);
    try {
      await navigator.clipboard.writeText(text);
      setCopied({ what, outcome: "copied" });
    } catch {
      setCopied({ what, outcome: "failed" });
    }
  };
  const status =
    copied === null
      ? ""
      : copied.outcome === "copied"
        ? copied.what === "link"
          ? "Link copied"
          : "curl command copied"
        : copied.what === "link"
          ? "Could not copy; copy it from the address bar"
          : "Could not copy the command";

  return (
    <div className="review">
      <dl className="summary" data-testid="review-summary">
        {planSummary(plan).map((line) => (
          <div key={line.term} className="summary-line">
            <dt>{line.term}</dt>
            <dd>{line.detail}</dd>
          </div>
        ))}
      </dl>

      <h3 className="review-heading">In the bundle</h3>
      <ul className="review-files" data-testid="review-files">
        {files.map((file) => (
          <li key={file.path}>
            <code>{file.path}</code>
          </li>
        ))}
      </ul>

      {asks && <TerraformAsks asks={asks} />}

      <div className="download-box">
        {/* A real link to the API's identical zip, which works without JavaScript; with it, the browser builds the zip itself. */}
        <a
          href={query === "" ? "/api/bundle" : `/api/bundle?${query}`}
          download={zipName}
          className="button button-primary button-large"
          onClick={(event) => {
            // A click with a modifier (new tab, save as) is the browser's to handle, as is any click without the runtime.
            if (!onDownload || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            onDownload();
          }}
          data-testid="download"
        >
          Download {zipName}
        </a>
        <p className="field-hint">
          The same files as the preview: your browser zips them, or the server does when JavaScript is off. <kbd>Ctrl</kbd>/<kbd>⌘</kbd> +{" "}
          <kbd>Enter</kbd> downloads from any step.
        </p>
        <p role="status" className="download-status" data-testid="download-status">
          {nextSteps && `Downloaded ${zipName}. What to run next is below.`}
        </p>
      </div>
      {nextSteps && <NextStepsList steps={nextSteps} />}

      <h3 className="review-heading">Share this plan</h3>
      <p className="field-hint">
        The link opens this plan in the wizard; the <code>curl</code> command downloads the same bundle from the HTTP API, for scripts and CI.
      </p>
      <div className="share">
        <code className="share-query" data-testid="share-query">
          {query === "" ? "/ (every value is a default)" : `/?${query}`}
        </code>
        <div className="share-actions">
          <button type="button" className="button" onClick={() => void copy("link")}>
            Copy link
          </button>
          <button type="button" className="button" onClick={() => void copy("curl")}>
            Copy curl
          </button>
        </div>
        <span role="status" className="share-status" data-testid="share-status">
          {status}
        </span>
      </div>
    </div>
  );
});

/** Before the download: the variables of variables.tf that Terraform will ask for, in the generator's words. */
function TerraformAsks({ asks }: { asks: readonly AskedVariable[] }) {
  return (
    <section className="review-asks" aria-labelledby="review-asks-title">
      <h3 id="review-asks-title" className="review-heading">
        What Terraform will ask for
      </h3>
      {asks.length === 0 ? (
        <p className="field-hint" data-testid="terraform-asks-none">
          Nothing: <code>terraform.tfvars</code> holds a value for every variable without a default.
        </p>
      ) : (
        <>
          <p className="field-hint">
            Not part of the plan, so <code>terraform plan</code> asks for them. Or add them to <code>terraform.tfvars</code> first.
          </p>
          <dl className="summary" data-testid="terraform-asks">
            {asks.map((variable) => (
              <div key={variable.name} className="summary-line">
                <dt>
                  <code>{variable.name}</code>
                </dt>
                <dd>{variable.description}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

/** After the download: the README's commands, in order, for this plan. */
function NextStepsList({ steps }: { steps: NextSteps }) {
  return (
    <section className="next-steps" aria-labelledby="next-steps-title" data-testid="next-steps">
      <h3 id="next-steps-title" className="review-heading">
        What to run next
      </h3>
      <p className="field-hint">
        Unzip it, then in the folder <code>{steps.folder}</code>:
      </p>
      <pre className="next-steps-code" tabIndex={0} role="region" aria-label="Commands to apply the bundle">
        <code data-testid="next-steps-apply">{steps.apply.join("\n")}</code>
      </pre>
      <p className="field-hint">After the first apply, check that the password really rotates:</p>
      <pre className="next-steps-code" tabIndex={0} role="region" aria-label="Command to test the rotation">
        <code data-testid="next-steps-test">{steps.test.join("\n")}</code>
      </pre>
      <p className="field-hint">The bundle&apos;s README.md says what each command does, and what to do when one fails.</p>
    </section>
  );
}
