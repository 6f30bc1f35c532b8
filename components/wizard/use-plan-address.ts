import { useEffect, useEffectEvent } from "react";
import { STORAGE_KEYS, writeStored } from "@/lib/ui/storage";
import { replaceAddress } from "./history-entry";

const URL_UPDATE_DELAY_MS = 250;

/** Puts the plan's query in the current entry's address; the step's fragment and the entry's state stay. */
function showQuery(query: string): void {
  const search = query === "" ? "" : `?${query}`;
  const { pathname, hash } = window.location;
  if (window.location.search !== search) replaceAddress(`${pathname}${search}${hash}`);
}

/**
 * The address bar (and the remembered plan, while `remember` is on) follow the last valid plan once typing
 * pauses: replacing, not pushing, keeps history at one entry per step (use-step-navigation.ts), and waiting
 * keeps keystrokes fast (a URL update re-renders the router) and clear of the browser's limit on history
 * updates. Back and Forward reach entries written before the last edits: their address takes the plan as it
 * is now, since the form keeps it. `query` is the plan's share query, null while the plan is not valid.
 */
export function usePlanAddress(query: string | null, remember: boolean): void {
  useEffect(() => {
    if (query === null) return;
    const timer = setTimeout(() => {
      showQuery(query);
      if (remember) writeStored(STORAGE_KEYS.lastPlan, query);
    }, URL_UPDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, remember]);

  const onHistoryMove = useEffectEvent(() => {
    if (query !== null) showQuery(query);
  });
  useEffect(() => {
    const listener = () => onHistoryMove();
    window.addEventListener("popstate", listener);
    return () => window.removeEventListener("popstate", listener);
  }, []);
}
