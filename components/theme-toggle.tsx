"use client";

import { useEffect } from "react";
import { STORAGE_KEYS, useStoredValue } from "@/lib/ui/storage";

const THEMES = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
] as const;
type Theme = (typeof THEMES)[number]["value"];

function isTheme(value: string): value is Theme {
  return THEMES.some((theme) => theme.value === value);
}

/**
 * System, light or dark. The stylesheet follows the system by itself (prefers-color-scheme), so the page
 * paints right with no script; an explicit choice is remembered on this device and applied as
 * `<html data-theme>` once the page is interactive.
 */
export function ThemeToggle() {
  const [stored, setStored] = useStoredValue(STORAGE_KEYS.theme, "system");
  const theme: Theme = isTheme(stored) ? stored : "system";

  useEffect(() => {
    const root = document.documentElement;
    if (theme === "system") root.removeAttribute("data-theme");
    else root.setAttribute("data-theme", theme);
  }, [theme]);

  return (
    <fieldset className="theme-toggle" data-testid="theme-toggle">
      <legend className="visually-hidden">Colour theme</legend>
      {THEMES.map((option) => (
        <label key={option.value} className="theme-option">
          <input
            type="radio"
            name="colour-theme"
            value={option.value}
            checked={theme === option.value}
            onChange={() => setStored(option.value === "system" ? null : option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
