import type { Problem } from "@/lib/config";
import { problemText } from "@/lib/ui/errors";
import { ParamLink } from "./param-link";
import { useReading } from "./use-param-names";

/** A problem of the plan in the preview's lists: in the form's words, or in parameter names once the user asks. */
export function ProblemMessage({ problem }: { problem: Problem }) {
  return <span data-testid="problem-message">{problemText(problem, useReading())}</span>;
}

/** The plan's problems as the preview lists them: each in words, with the way to its field. */
export function ProblemList({ problems, onShowParam }: { problems: readonly Problem[]; onShowParam: (param: string) => void }) {
  return (
    <ul className="problem-list">
      {problems.map((problem) => (
        <li key={problem.param}>
          <ProblemMessage problem={problem} /> <ParamLink param={problem.param} onShowParam={onShowParam} />
        </li>
      ))}
    </ul>
  );
}
