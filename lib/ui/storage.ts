import { useCallback, useSyncExternalStore } from "react";

/**
 * What the wizard keeps on this device, in localStorage: the colour theme, whether to remember the last
 * plan, and that plan's share query. Storage can be missing or refuse writes (private windows, quotas,
 * policies); then nothing is remembered and nothing breaks.
 */

export const STORAGE_KEYS = {
  theme: "rotation-wizard:theme",
  /** "off" once the user opts out of remembering; absent means on. */
  rememberPlan: "rotation-wizard:remember-plan",
  lastPlan: "rotation-wizard:last-plan",
  /** "on" once the user asks to see parameter names beside the labels and in messages; absent means off. */
  paramNames: "rotation-wizard:param-names",
} as const;

type StorageKey = (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS];

/** Same-tab writes: the `storage` event only reaches other tabs. */
const LOCAL_CHANGE = "rotation-wizard:storage";

/**
 * What was last read for each key. Every component that shows a stored setting (the parameter names' switch
 * is read by each field, message and link) reads it in each render and again when React commits, so reads
 * come from here. A write forgets the key (`writeStored`); another tab's write forgets them all (it reaches
 * this tab as a `storage` event, heard here before any component's listener).
 */
const known = new Map<StorageKey, string | null>();
if (typeof window !== "undefined") window.addEventListener("storage", () => known.clear());

export function readStored(key: StorageKey): string | null {
  if (known.has(key)) return known.get(key)!;
  try {
    const value = window.localStorage.getItem(key);
    known.set(key, value);
    return value;
  } catch {
    return null;
  }
}

/** Writes a value, or removes it when `value` is null. */
export function writeStored(key: StorageKey, value: string | null): void {
  known.delete(key);
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    return;
  }
  window.dispatchEvent(new CustomEvent(LOCAL_CHANGE, { detail: key }));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(LOCAL_CHANGE, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(LOCAL_CHANGE, onChange);
  };
}

/**
 * A stored value as React state. The server's HTML and the hydrating render use `fallback`; the stored
 * value follows right after, so the markup never disagrees with the server's.
 */
export function useStoredValue(key: StorageKey, fallback: string): [string, (value: string | null) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => readStored(key) ?? fallback,
    () => fallback,
  );
  const set = useCallback((next: string | null) => writeStored(key, next), [key]);
  return [value, set];
}
