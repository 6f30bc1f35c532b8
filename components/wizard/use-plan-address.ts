import { useEffect } from "react";
import { STORAGE_KEYS, writeStored } from "@/lib/ui/storage";

const URL_UPDATE_DELAY_MS = 250;

/**
 * The address bar (and the remembered plan, while `remember` is on) follow the last valid plan once typing
 * pauses: replacing, not pushing, keeps Back meaning "leave", and waiting keeps keystrokes fast (a URL
 * update re-renders the router) and clear of the browser's limit on history updates. `query` is the plan's
 * share query, null while the plan is not valid.
 */
export function usePlanAddress(query: string | null, remember: boolean): void {
  useEffect(() => {
    if (query === null) return;
    const timer = setTimeout(() => {
      const search = query === "" ? "" : `?${query}`;
      if (window.location.search !== search) window.history.replaceState(null, "", search === "" ? window.location.pathname : search);
      if (remember) writeStored(STORAGE_KEYS.lastPlan, query);
    }, URL_UPDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, remember]);
}
