/** Keys typed into these are text, not shortcuts: `?` in a name field is a question mark. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"].includes(target.type);
}

/** What the shortcuts dialog lists: each entry's key combinations (alternatives), and what they do. */
export const SHORTCUTS: ReadonlyArray<{ combos: ReadonlyArray<readonly string[]>; action: string }> = [
  { combos: [["Ctrl", "Enter"], ["⌘", "Enter"]], action: "Download the bundle, from any step; while the plan is incomplete, go to what it still needs" },
  { combos: [["Enter"]], action: "In a text field: check this step and go to the next one" },
  { combos: [["Tab"], ["Shift", "Tab"]], action: "Move to the next or previous field, button or file" },
  { combos: [["←"], ["→"], ["↑"], ["↓"]], action: "Pick another option in a group of choices" },
  { combos: [["Space"]], action: "Tick or untick a checkbox, or press the focused button" },
  { combos: [["?"]], action: "Show these shortcuts (outside text fields)" },
  { combos: [["Esc"]], action: "Close this dialog" },
];
