import { useEffect, useState } from "react";
import type { Problem } from "@/lib/config";
import type { BundleFile } from "@/lib/generators/types";
import type { ResourceExplanation } from "@/lib/generators/explain";
import { loadHighlighter, type CodeHighlighter } from "@/lib/ui/highlight";
import { saveTextFile } from "@/lib/ui/download";
import { fileTree, type TreeNode } from "@/lib/ui/tree";
import { CodeView } from "./code-view";
import { ParamLink } from "./param-link";

export interface FileExplanation {
  /** Why the file exists (`describeBundleFile`). */
  summary: string | undefined;
  /** For Terraform files: why each resource exists, as the README says it (`explainResources`). */
  resources: ResourceExplanation[];
}

interface PreviewProps {
  /** The bundle of the current plan, or null while there is none. */
  files: readonly BundleFile[] | null;
  /** Why there is no bundle: one problem per parameter. Empty while the bundle is being built. */
  problems: readonly Problem[];
  explain: ((path: string) => FileExplanation) | null;
  onShowParam: (param: string) => void;
}

/** The file first shown: the one that wires rotation together. */
const FIRST_FILE = "rotation.tf";

type CopyState = { path: string; outcome: "copied" | "failed" } | null;

/** The files the download will contain, the text of the selected one and why it exists, as the user types. */
export function Preview({ files, problems, explain, onShowParam }: PreviewProps) {
  const [selected, setSelected] = useState(FIRST_FILE);
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

  // The keystroke benchmark (bench/keystroke.ts) measures up to here: the preview shows what the new plan
  // gives, its files or what it still needs. Both lists keep their identity while the plan is unchanged.
  useEffect(() => {
    performance.mark("preview-updated");
  }, [files, problems]);

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
            <ul className="problem-list">
              {problems.map((problem) => (
                <li key={problem.param}>
                  <span>{problem.message}</span> <ParamLink param={problem.param} onShowParam={onShowParam} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
    );
  }

  const current = files.find((file) => file.path === selected) ?? files.find((file) => file.path === FIRST_FILE) ?? files[0];
  const explanation = current && explain ? explain(current.path) : null;

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
    <section className="preview" aria-labelledby="preview-title">
      <h2 id="preview-title" className="preview-title">
        Preview <span className="preview-count">{files.length} files</span>
      </h2>
      <div className="preview-body">
        <nav className="file-tree" aria-label="Files in the bundle" data-testid="preview-files">
          <Tree nodes={fileTree(files)} current={current?.path} onSelect={setSelected} />
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
function Explanation({ path, explanation }: { path: string; explanation: FileExplanation }) {
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
}

function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

function Tree({ nodes, current, onSelect }: { nodes: readonly TreeNode[]; current: string | undefined; onSelect: (path: string) => void }) {
  return (
    <ul>
      {nodes.map((node) =>
        node.kind === "folder" ? (
          <li key={node.path} className="tree-folder">
            <span className="tree-folder-name">{node.name}/</span>
            <Tree nodes={node.children} current={current} onSelect={onSelect} />
          </li>
        ) : (
          <li key={node.path}>
            <button
              type="button"
              className="tree-file"
              data-path={node.path}
              aria-current={node.path === current ? "true" : undefined}
              onClick={() => onSelect(node.path)}
            >
              {node.name}
            </button>
          </li>
        ),
      )}
    </ul>
  );
}
