import { useEffect, useEffectEvent, useState } from "react";
import { isTextEntry } from "@/lib/ui/keyboard";

/**
 * The page's keyboard shortcuts, listened for on the whole window: Ctrl+Enter (⌘+Enter) downloads the
 * bundle from any step, once there is one; `?` outside text fields opens the shortcuts dialog, whose
 * open state lives here.
 */
export function useKeyboardShortcuts(download: (() => void) | null) {
  const [helpOpen, setHelpOpen] = useState(false);

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if (download) {
        event.preventDefault();
        download();
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

  return { helpOpen, openHelp: () => setHelpOpen(true), closeHelp: () => setHelpOpen(false) };
}
