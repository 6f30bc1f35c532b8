import { useState } from "react";
import type { Plan } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import { planSummary } from "@/lib/ui/summary";
import { curlCommand, shareUrl } from "@/lib/ui/share";

interface ReviewProps {
  plan: Plan;
  files: readonly BundleFile[];
  /** The share URL's query string, without `?`. */
  query: string;
  zipName: string;
  onDownload: () => void;
}

type Copied = { what: "link" | "curl"; outcome: "copied" | "failed" } | null;

export function Review({ plan, files, query, zipName, onDownload }: ReviewProps) {
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

      <div className="download-box">
        <button type="button" className="button button-primary button-large" onClick={onDownload} data-testid="download">
          Download {zipName}
        </button>
        <p className="field-hint">
          Built in your browser from the files in the preview. <kbd>Ctrl</kbd>/<kbd>⌘</kbd> + <kbd>Enter</kbd> downloads from any step.
        </p>
      </div>

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
}
