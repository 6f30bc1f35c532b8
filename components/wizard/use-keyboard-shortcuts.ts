import { useEffect, useEffectEvent, useState } from "react";
import type { Problem } from "@/lib/config";
import { isTextEntry } from "@/lib/ui/keyboard";

/** Shows the step of the plan's first problem (focus on its field) and says which; null when there is none. */
type ShowFirstProblem = () => Promise<FirstProblem | null>;

/** The first problem of the plan, and the title of the step that asks for its parameter. */
export interface FirstProblem {
  problem: Problem;
  step: string;
}

/**
 * The page's keyboard shortcuts, listened for on the whole window: Ctrl+Enter (⌘+Enter) downloads the
 * bundle from any step once there is one; before that, it shows where the plan falls short and keeps which
 * problem it found (`shortcutProblem`, for ShortcutStatus) until the plan is complete. `?` outside text fields opens the shortcuts dialog, whose open state lives here.
 */
export function useKeyboardShortcuts(download: (() => void) | null, showFirstProblem: ShowFirstProblem) {
  const [helpOpen, setHelpOpen] = useState(false);
  const [found, setFound] = useState<FirstProblem | null>(null);

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (download) {
        setFound(null);
        download();
      } else {
        void showFirstProblem().then(setFound);
      }
    } else if (event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey && !helpOpen && !isTextEntry(event.target)) {
      event.preventDefault();
      setHelpOpen(true);
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  // A complete plan answers what the sentence was about.
  const shortcutProblem = download ? null : found;

  return { helpOpen, openHelp: () => setHelpOpen(true), closeHelp: () => setHelpOpen(false), shortcutProblem };
}
