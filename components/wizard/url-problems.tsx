import type { Problem } from "@/lib/config";
import { ParamLink } from "./param-link";

interface UrlProblemsProps {
  problems: readonly Problem[];
  /** Where the plan came from: a shared link, or the plan remembered on this device. */
  source: "link" | "remembered";
  onShowParam: (param: string) => void;
  onDismiss: () => void;
}

/**
 * What was wrong with the link that opened the page: one line per parameter, naming it. The link is made of
 * parameter names, so this banner says them whatever the user chose for the form (as the API does).
 */
export function UrlProblems({ problems, source, onShowParam, onDismiss }: UrlProblemsProps) {
  const count = problems.length === 1 ? "a problem" : `${problems.length} problems`;
  return (
    <section className="notice notice-warning" aria-labelledby="url-problems-title" data-testid="url-problems">
      <div className="notice-header">
        <h2 id="url-problems-title" className="notice-title">
          {source === "link" ? `The link had ${count}` : `The remembered plan had ${count}`}
        </h2>
        <button type="button" className="button button-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <p>Everything else was restored; these parameters use their defaults instead.</p>
      <ul className="problem-list">
        {problems.map((problem) => (
          <li key={problem.param} data-param={problem.param}>
            <span>{problem.message}</span> <ParamLink param={problem.param} onShowParam={onShowParam} reading="names" />
          </li>
        ))}
      </ul>
    </section>
  );
}
