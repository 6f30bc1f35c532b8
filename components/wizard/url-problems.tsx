import type { Problem } from "@/lib/config";
import { ParamLink } from "./param-link";

interface UrlProblemsProps {
  problems: readonly Problem[];
  onShowParam: (param: string) => void;
  onDismiss: () => void;
}

/** What was wrong with the link that opened the page: one line per parameter, naming it. */
export function UrlProblems({ problems, onShowParam, onDismiss }: UrlProblemsProps) {
  return (
    <section className="notice notice-warning" aria-labelledby="url-problems-title" data-testid="url-problems">
      <div className="notice-header">
        <h2 id="url-problems-title" className="notice-title">
          The link had {problems.length === 1 ? "a problem" : `${problems.length} problems`}
        </h2>
        <button type="button" className="button button-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <p>Everything else was restored; these parameters use their defaults instead.</p>
      <ul className="problem-list">
        {problems.map((problem) => (
          <li key={problem.param} data-param={problem.param}>
            <span>{problem.message}</span> <ParamLink param={problem.param} onShowParam={onShowParam} />
          </li>
        ))}
      </ul>
    </section>
  );
}
