/**
 * Writes the browser's history with Next.js's router in the loop. Next.js wraps pushState and replaceState
 * once the app router has mounted: it copies its own state into the entry (without it, going back to the
 * entry reloads the page) and takes the new address as its own, but only when the state it is handed does
 * not already carry the router's marker. So the router's fields are left out for the wrapper to put back,
 * and kept when the browser's own method is still in place (before the router's effect has run).
 */

const ROUTER_FIELDS = ["__NA", "__PRIVATE_NEXTJS_INTERNALS_TREE"];

function entryState(keepRouterFields = false): Record<string, unknown> {
  const state: unknown = window.history.state;
  const current = typeof state === "object" && state !== null ? { ...(state as Record<string, unknown>) } : {};
  const wrapped = window.history.replaceState !== History.prototype.replaceState;
  if (wrapped && !keepRouterFields) for (const field of ROUTER_FIELDS) delete current[field];
  return current;
}

/** The address changes in its fragment only: the router's address (path and query) stays as it is. */
function fragmentOnly(url: string): boolean {
  const next = new URL(url, window.location.href);
  return next.pathname === window.location.pathname && next.search === window.location.search;
}

/**
 * Adds an entry (a step moved to), keeping the page's own state in it. A new fragment alone (`#network`)
 * keeps the router's fields too: the router tracks no fragment, so its wrapper passes the entry straight
 * to the browser instead of updating the router, a re-render of the whole app that a click on Next would
 * otherwise wait for.
 */
export function pushAddress(url: string): void {
  window.history.pushState(entryState(fragmentOnly(url)), "", url);
}

/** Changes the current entry's address (the plan's query, a step corrected), keeping its state. */
export function replaceAddress(url: string): void {
  window.history.replaceState(entryState(), "", url);
}

/** The current address with another fragment: the query (the plan) stays. */
export function withHash(hash: string): string {
  return `${window.location.pathname}${window.location.search}${hash}`;
}
