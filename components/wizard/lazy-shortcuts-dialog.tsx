import dynamic from "next/dynamic";
import { useState } from "react";

/** The dialog's code loads the first time it opens: nobody needs it to use the first step. */
const ShortcutsDialog = dynamic(() => import("./shortcuts-dialog").then((module) => module.ShortcutsDialog), { ssr: false });

interface LazyShortcutsDialogProps {
  open: boolean;
  onClose: () => void;
}

/**
 * The keyboard shortcuts dialog, rendered from its first opening on: it stays mounted after that, so that
 * closing it (Escape, the backdrop, the shortcut again) goes through the dialog and focus returns.
 */
export function LazyShortcutsDialog({ open, onClose }: LazyShortcutsDialogProps) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened ? <ShortcutsDialog open={open} onClose={onClose} /> : null;
}
