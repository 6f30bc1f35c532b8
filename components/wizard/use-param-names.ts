import { useCallback } from "react";
import type { Reading } from "@/lib/config/wording";
import { STORAGE_KEYS, useStoredValue } from "@/lib/ui/storage";

/**
 * Whether the wizard shows parameter names (the share link's and the API's `vpc`, `tls=require`) beside its
 * labels and in its messages: off unless the user turns it on, remembered on this device. The server's HTML
 * and the hydrating render are always in words (see `useStoredValue`).
 */
export function useParamNames(): [boolean, (on: boolean) => void] {
  const [stored, store] = useStoredValue(STORAGE_KEYS.paramNames, "off");
  const set = useCallback((on: boolean) => store(on ? "on" : null), [store]);
  return [stored === "on", set];
}

/** How messages read now: in parameter names, or in the form's words. */
export function useReading(): Reading {
  return useParamNames()[0] ? "names" : "words";
}
