import { Fragment, useEffect, useRef } from "react";
import { SHORTCUTS } from "@/lib/ui/keyboard";

interface ShortcutsDialogProps {
  open: boolean;
  onClose: () => void;
}

/**
 * The keyboard shortcuts, in a modal `<dialog>`: the browser traps focus inside it and closes it on
 * Escape; on closing, focus goes back to where it was when the dialog opened.
 */
export function ShortcutsDialog({ open, onClose }: ShortcutsDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  const closed = () => {
    onClose();
    returnFocus.current?.focus();
    returnFocus.current = null;
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="shortcuts-title"
      onClose={closed}
      // A click on the backdrop lands on the dialog element itself.
      onClick={(event) => event.target === dialog.current && dialog.current.close()}
      data-testid="shortcuts-dialog"
    >
      <div className="dialog-header">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button type="button" className="button button-small" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <dl className="shortcuts">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.action} className="shortcut">
            <dt>
              {shortcut.combos.map((combo, index) => (
                <Fragment key={combo.join("+")}>
                  {index > 0 && " or "}
                  <span className="shortcut-combo">
                    <Keys keys={combo} />
                  </span>
                </Fragment>
              ))}
            </dt>
            <dd>{shortcut.action}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}

function Keys({ keys }: { keys: readonly string[] }) {
  return keys.map((key, index) => (
    <Fragment key={key}>
      {index > 0 && " + "}
      <kbd>{key}</kbd>
    </Fragment>
  ));
}
