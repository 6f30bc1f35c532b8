import { useState } from "react";
import type { Plan } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import { bundleZipName } from "@/lib/bundle/zip";
import { planSummary } from "@/lib/ui/summary";

interface ReviewProps {
  plan: Plan;
  files: readonly BundleFile[];
  /** The share URL's query string, without `?`. */
  query: string;
  onDownload: () => void;
}

export function Review({ plan, files, query, onDownload }: ReviewProps) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const copyLink = async () => {
    const url = new URL(window.location.pathname, window.location.origin);
    url.search = query;
    try {
      await navigator.clipboard.writeText(url.toString());
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };

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
          Download {bundleZipName(plan.name)}
        </button>
        <p className="field-hint">
          Built in your browser from the files in the preview. <kbd>Ctrl</kbd>/<kbd>⌘</kbd> + <kbd>Enter</kbd> downloads from any step.
        </p>
      </div>

      <h3 className="review-heading">Share this plan</h3>
      <div className="share">
        <code className="share-query" data-testid="share-query">
          {query === "" ? "/ (every value is a default)" : `/?${query}`}
        </code>
        <button type="button" className="button" onClick={copyLink}>
          Copy link
        </button>
        <span role="status" className="share-status">
          {copied === "copied" ? "Link copied" : copied === "failed" ? "Could not copy; copy it from the address bar" : ""}
        </span>
      </div>
    </div>
  );
}
