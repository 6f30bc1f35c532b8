import type { PlanParam, Problem } from "@/lib/config";
import { FIELD_SPECS } from "@/lib/ui/fields";
import { ParamLink } from "./param-link";
import { ProblemList } from "./problem-message";

/**
 * What the preview says above a bundle that is not simply the user's plan: one completed by example values,
 * or the last bundle, kept while a field is invalid.
 */

interface ExampleNoticeProps {
  examples: readonly PlanParam[];
  /** Null while the bundle cannot be saved (it is being rebuilt). */
  onDownload: (() => void) | null;
  onShowParam: (param: string) => void;
}

export function ExampleNotice({ examples, onDownload, onShowParam }: ExampleNoticeProps) {
  return (
    <div className="preview-notice preview-notice-example" data-testid="preview-examples">
      <p>
        <strong>Example values</strong> stand in for what is still empty, so you can explore the bundle now. They go into{" "}
        <code>terraform.tfvars</code> only, marked as examples, and never into the share link or the download:
      </p>
      <ul className="problem-list">
        {examples.map((param) => (
          <li key={param} data-param={param}>
            <span>{FIELD_SPECS[param].label}</span> <ParamLink param={param} onShowParam={onShowParam} />
          </li>
        ))}
      </ul>
      {onDownload && (
        <p>
          <button type="button" className="link-button" onClick={onDownload} data-testid="download-examples">
            Download this bundle with the example values anyway
          </button>
        </p>
      )}
    </div>
  );
}

export function StaleNotice({ problems, onShowParam }: { problems: readonly Problem[]; onShowParam: (param: string) => void }) {
  return (
    <div className="preview-notice preview-notice-stale" data-testid="preview-stale">
      <p>
        <strong>Out of date:</strong> this bundle is from before your last change. It updates once these are fixed:
      </p>
      <ProblemList problems={problems} onShowParam={onShowParam} />
    </div>
  );
}
