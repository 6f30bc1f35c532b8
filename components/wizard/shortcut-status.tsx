import { problemText } from "@/lib/ui/errors";
import type { FirstProblem } from "./use-keyboard-shortcuts";
import { useReading } from "./use-param-names";

/**
 * What a download shortcut pressed too early found: the step and the problem, in the words the form uses.
 * The live region is always in the page, so that screen readers hear the sentence when it appears.
 */
export function ShortcutStatus({ found }: { found: FirstProblem | null }) {
  const reading = useReading();
  return (
    <div role="status" data-testid="shortcut-status">
      {found && (
        <p className="note shortcut-note">
          Nothing to download yet: the plan is not complete. {found.step}: {problemText(found.problem, reading)}
        </p>
      )}
    </div>
  );
}
