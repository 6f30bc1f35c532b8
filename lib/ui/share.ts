/**
 * What "Copy link" and "Copy curl" put on the clipboard. Both carry the share query exactly as the
 * address bar shows it, so the link, the API call and the download describe one plan.
 */

/** The page's address with the plan's query. */
export function shareUrl(origin: string, pathname: string, query: string): string {
  const url = new URL(pathname, origin);
  url.search = query;
  return url.toString();
}

/**
 * A word for a POSIX shell: inside single quotes nothing is special except the closing quote, which is
 * written as '\'' (close, escaped quote, reopen). The query is percent-encoded, but encodeURIComponent
 * leaves ' ( ) ! * unescaped, and the default `exclude` holds a quote.
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : quoteAlways(word);
}

/** The `curl` command that downloads the same zip from the HTTP API into `zipName`. */
export function curlCommand(origin: string, zipName: string, query: string): string {
  const url = `${origin}/api/bundle${query === "" ? "" : `?${query}`}`;
  return `curl -fo ${shellQuote(zipName)} ${quoteAlways(url)}`;
}

/** The URL is always quoted, even when it would not need it: `&` and `?` would, and the command reads the same for every plan. */
function quoteAlways(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
