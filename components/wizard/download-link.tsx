import type { MouseEvent, ReactNode } from "react";

interface DownloadLinkProps {
  /** The plan's share query, without `?`. */
  query: string;
  zipName: string;
  /** Builds and saves the zip in the browser (the same bytes as the API's). */
  onDownload: () => void;
  className: string;
  testId: string;
  children: ReactNode;
}

/**
 * The bundle's download as a link to the HTTP API, which a page without JavaScript (or a "save link as")
 * follows; with JavaScript, a plain click builds the same zip in the browser instead.
 */
export function DownloadLink({ query, zipName, onDownload, className, testId, children }: DownloadLinkProps) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // A click with a modifier (new tab, save as) is the browser's to handle.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onDownload();
  };
  return (
    <a href={`/api/bundle${query === "" ? "" : `?${query}`}`} download={zipName} className={className} onClick={onClick} data-testid={testId}>
      {children}
    </a>
  );
}
