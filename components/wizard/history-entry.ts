/**
 * Writes the browser's history with Next.js's router in the loop. Next.js wraps pushState and replaceState
 * once the app router has mounted: it copies its own state into the entry (without it, going back to the
 * entry reloads the page) and takes the new address as its own, but only when the state it is handed does
 * not already carry the router's marker. So the router's fields are left out for the wrapper to put back,
 * and kept when the browser's own method is still in place (before the router's effect has run).
 */

const ROUTER_FIELDS = ["__NA", "__PRIVATE_NEXTJS_INTERNALS_TREE"];

function entryState(): Record<string, unknown> {
  const state: unknown = window.history.state;
  const current = typeof state === "object" && state !== null ? { ...(state as Record<string, unknown>) } : {};
  const wrapped = window.history.replaceState !== History.prototype.replaceState;
  if (wrapped) for (const field of ROUTER_FIELDS) delete current[field];
  return current;
}

/** Adds an entry (a step moved to), keeping the page's own state in it. */
export function pushAddress(url: string): void {
  window.history.pushState(entryState(), "", url);
}

/** Changes the current entry's address (the plan's query, a step corrected), keeping its state. */
export function replaceAddress(url: string): void {
  window.history.replaceState(entryState(), "", url);
}

/** The current address with another fragment: the query (the plan) stays. */
export function withHash(hash: string): string {
  return `${window.location.pathname}${window.location.search}${hash}`;
}
