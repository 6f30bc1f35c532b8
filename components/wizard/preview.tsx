import { memo, useEffect, useMemo, useState } from "react";
import type { Problem } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import type { ResourceExplanation } from "@/lib/generators/explain";
import { loadHighlighter, type CodeHighlighter } from "@/lib/ui/highlight";
import { saveTextFile } from "@/lib/ui/download";
import { fileToFollow } from "@/lib/ui/follow-edit";
import { fileTree, type TreeNode } from "@/lib/ui/tree";
import { CodeView, useWarmHighlighting } from "./code-view";
import { DownloadLink } from "./download-link";
import { ExampleNotice, StaleNotice } from "./preview-notices";
import { ProblemList } from "./problem-message";
import type { TypedValues } from "./use-live-plan";
import type { ShownBundle } from "./use-shown-bundle";
import { useTypedFile, type LatestFile } from "./use-typed-file";

export interface FileExplanation {
  /** Why the file exists (`describeBundleFile`). */
  summary: string | undefined;
  /** For Terraform files: why each resource exists, as the README says it (`explainResources`). */
  resources: ResourceExplanation[];
}

interface PreviewProps {
  /** The bundle shown (the plan's, one completed by examples, or the last one while a field is invalid), or null while there is none. */
  shown: ShownBundle | null;
  /** Where the values are read as they are typed: the file on screen follows them before `shown` does. */
  typed?: TypedValues | null;
  /** Why the form holds no plan: one problem per parameter. Empty while the bundle is being built. */
  problems: readonly Problem[];
  /** Saves the bundle with its example values: the one way examples leave the page, on the user's word. */
  onDownloadExamples: (() => void) | null;
  onShowParam: (param: string) => void;
  /**
   * The plan's download, in the header from any step, while the plan is complete; once it is downloaded,
   * `onShowNextSteps` leads to what to run (on Review), from the other steps.
   */
  download?: { query: string; zipName: string; onDownload: () => void; onShowNextSteps: (() => void) | null } | null;
}

/** The file first shown: the one that wires rotation together. */
const FIRST_FILE = "rotation.tf";

const NO_CHANGES: ReadonlySet<string> = new Set();

type CopyState = { path: string; outcome: "copied" | "failed" } | null;

/** The files the download will contain, the text of the selected one and why it exists, as the user types. */
export function Preview({ typed = null, ...props }: PreviewProps) {
  return typed ? <TypedPreview typed={typed} {...props} /> : <PreviewView latest={null} {...props} />;
}

/** The preview that watches the values itself: a keystroke renders it (and the field), not the whole wizard. */
function TypedPreview({ typed, ...props }: Omit<PreviewProps, "typed"> & { typed: TypedValues }) {
  return <PreviewView latest={useTypedFile(typed)} {...props} />;
}

type PreviewViewProps = Omit<PreviewProps, "typed"> & {
  /** The file on screen as the values just typed make it, until `shown` follows them (null once it has). */
  latest: LatestFile | null;
};

function PreviewView({ shown, latest, problems, onDownloadExamples, onShowParam, download }: PreviewViewProps) {
  const files = shown?.files ?? null;
  const explain = shown?.explain ?? null;
  const [selected, setSelected] = useState<string>(FIRST_FILE);
  const [followed, setFollowed] = useState(shown?.changed);
  const [highlighter, setHighlighter] = useState<CodeHighlighter | null>(null);
  const [copied, setCopied] = useState<CopyState>(null);
  const showing = files !== null;

  // Shiki loads the first time there is a file to show, not before: it is not part of the page's first load.
  useEffect(() => {
    if (!showing) return;
    let live = true;
    loadHighlighter().then(
      (loaded) => live && setHighlighter(() => loaded),
      () => undefined, // Plain text is still the whole file.
    );
    return () => {
      live = false;
    };
  }, [showing]);

  // A mark once the preview shows what the new plan gives, its files or what it still needs (e2e checks one
  // per change; bench/keystroke.ts measures the paint that follows). Both lists keep their identity while
  // the plan is unchanged.
  useEffect(() => {
    performance.mark("preview-updated");
  }, [files, problems]);

  // The preview follows the edit: when the file shown did not change, the first file that did opens.
  if (shown && shown.changed !== followed) {
    setFollowed(shown.changed);
    const next = fileToFollow(shown.files, shown.changed, selected);
    if (next !== selected) setSelected(next);
  }

  const shownFile = files?.find((file) => file.path === selected) ?? files?.find((file) => file.path === FIRST_FILE) ?? files?.[0];
  // The file as the values just typed make it, until the bundle follows them.
  const latestOfShown = useMemo(() => (shownFile && latest ? latest.fileOf(shownFile.path) : null), [latest, shownFile]);
  const current = latestOfShown ?? shownFile;
  const currentPath = current?.path;
  const explanation = useMemo(() => (currentPath && explain ? explain(currentPath) : null), [currentPath, explain]);
  const tree = useMemo(() => (files ? fileTree(files) : []), [files]);
  useWarmHighlighting(highlighter, files);

  if (files === null) {
    return (
      <section className="preview" aria-labelledby="preview-title">
        <h2 id="preview-title" className="preview-title">
          Preview
        </h2>
        {problems.length === 0 ? (
          <p className="preview-blocked preview-pending" data-testid="preview-pending">
            Building the preview…
          </p>
        ) : (
          <div className="preview-blocked" data-testid="preview-blockers">
            <p>The preview appears as soon as the plan is complete. It still needs:</p>
            <ProblemList problems={problems} onShowParam={onShowParam} />
          </div>
        )}
      </section>
    );
  }

  const stale = latest ? latest.stale : shown?.stale;

  const copy = async (file: BundleFile) => {
    try {
      await navigator.clipboard.writeText(file.content);
      setCopied({ path: file.path, outcome: "copied" });
    } catch {
      setCopied({ path: file.path, outcome: "failed" });
    }
  };
  const copyStatus = copied && current && copied.path === current.path ? (copied.outcome === "copied" ? "Copied" : "Could not copy") : "";

  return (
    <section className={`preview${stale ? " preview-stale" : ""}`} aria-labelledby="preview-title" data-stale={stale || undefined}>
      <div className="preview-header">
        <h2 id="preview-title" className="preview-title">
          Preview <span className="preview-count">{files.length} files</span>
          {shown && shown.changed.size > 0 && !shown.stale && (
            <span className="preview-count" data-testid="preview-changed-count">
              {" "}
              · {shown.changed.size} changed
            </span>
          )}
        </h2>
        {download?.onShowNextSteps && (
          <button type="button" className="link-button preview-next-steps" onClick={download.onShowNextSteps} data-testid="preview-next-steps">
            What to run next
          </button>
        )}
        {download && (
          <DownloadLink
            query={download.query}
            zipName={download.zipName}
            onDownload={download.onDownload}
            className="button button-primary button-small preview-download"
            testId="preview-download"
          >
            Download <span className="visually-hidden">{download.zipName}</span>
          </DownloadLink>
        )}
      </div>
      {shown?.stale && <StaleNotice problems={problems} onShowParam={onShowParam} />}
      {shown && !shown.stale && shown.examples.length > 0 && (
        <ExampleNotice examples={shown.examples} onDownload={onDownloadExamples} onShowParam={onShowParam} />
      )}
      <div className="preview-body">
        <nav className="file-tree" aria-label="Files in the bundle" data-testid="preview-files">
          <Tree nodes={tree} current={current?.path} changed={shown?.changed ?? NO_CHANGES} onSelect={setSelected} />
        </nav>
        {current && (
          <div className="file-view">
            <div className="file-view-header">
              <div className="file-view-name">
                <span className="file-view-path" data-testid="preview-path">
                  {current.path}
                </span>
                <span className="file-view-meta">
                  {current.executable && "executable · "}
                  {lineCount(current.content)} lines
                </span>
              </div>
              <div className="file-view-actions">
                <span role="status" className="share-status" data-testid="file-copy-status">
                  {copyStatus}
                </span>
                <button type="button" className="button button-small" onClick={() => void copy(current)} aria-label={`Copy ${current.path}`}>
                  Copy
                </button>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => saveTextFile(current.path, current.content)}
                  aria-label={`Download ${current.path}`}
                >
                  Download
                </button>
              </div>
            </div>
            {explanation && <Explanation path={current.path} explanation={explanation} />}
            <CodeView path={current.path} content={current.content} highlighter={highlighter} />
          </div>
        )}
      </div>
    </section>
  );
}

/** Why the selected file exists and, for Terraform, why each of its resources does: the README's words. */
const Explanation = memo(function Explanation({ path, explanation }: { path: string; explanation: FileExplanation }) {
  const { summary, resources } = explanation;
  if (!summary && resources.length === 0) return null;
  return (
    <div className="file-explain" data-testid="preview-explain">
      {summary && (
        <p className="file-view-why" data-testid="preview-why">
          {summary}
        </p>
      )}
      {resources.length > 0 && (
        <details className="resource-notes" open>
          <summary>
            Why each resource exists <span className="preview-count">({resources.length})</span>
          </summary>
          <dl className="resource-list" data-testid="preview-resources" tabIndex={0} aria-label={`Resources of ${path}`}>
            {resources.map((resource) => (
              <div key={resource.address} className="resource">
                <dt>
                  <code>{resource.address}</code>
                </dt>
                <dd>{resource.why}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </div>
  );
});

/** Counted, not split: the file on screen changes with every keystroke, and splitting it copies every line. */
function lineCount(text: string): number {
  let breaks = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) breaks++;
  return text === "" || text.endsWith("\n") ? breaks : breaks + 1;
}

interface TreeProps {
  nodes: readonly TreeNode[];
  current: string | undefined;
  /** Files the last edit changed: marked, in words for screen readers too. */
  changed: ReadonlySet<string>;
  onSelect: (path: string) => void;
}

/** Memoised: a keystroke changes the file on screen first, and the list of files only a render later. */
const Tree = memo(function Tree({ nodes, current, changed, onSelect }: TreeProps) {
  return (
    <ul>
      {nodes.map((node) =>
        node.kind === "folder" ? (
          <li key={node.path} className="tree-folder">
            <span className="tree-folder-name">{node.name}/</span>
            <Tree nodes={node.children} current={current} changed={changed} onSelect={onSelect} />
          </li>
        ) : (
          <li key={node.path}>
            <button
              type="button"
              className={`tree-file${changed.has(node.path) ? " tree-file-changed" : ""}`}
              data-path={node.path}
              data-changed={changed.has(node.path) || undefined}
              aria-current={node.path === current ? "true" : undefined}
              onClick={() => onSelect(node.path)}
            >
              {node.name}
              {changed.has(node.path) && <span className="visually-hidden"> (changed)</span>}
            </button>
          </li>
        ),
      )}
    </ul>
  );
});
