import type { Problem } from "@/lib/config";
import { problemText } from "@/lib/ui/errors";
import { useReading } from "./use-param-names";

/** A problem of the plan in the preview's lists: in the form's words, or in parameter names once the user asks. */
export function ProblemMessage({ problem }: { problem: Problem }) {
  return <span data-testid="problem-message">{problemText(problem, useReading())}</span>;
}
