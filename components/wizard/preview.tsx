import { useState } from "react";
import type { Problem } from "@/lib/config";
import { ParamLink } from "./param-link";
import { describeBundleFile, type BundleFile } from "@/lib/generators";
import { fileTree, type TreeNode } from "@/lib/ui/tree";

interface PreviewProps {
  /** The bundle of the current plan, or null while the plan does not validate. */
  files: readonly BundleFile[] | null;
  /** Why there is no bundle: one problem per parameter. */
  problems: readonly Problem[];
  onShowParam: (param: string) => void;
}

/** The file first shown: the one that wires rotation together. */
const FIRST_FILE = "rotation.tf";

/** The files the download will contain, and the text of the selected one, as the user types. */
export function Preview({ files, problems, onShowParam }: PreviewProps) {
  const [selected, setSelected] = useState(FIRST_FILE);

  if (files === null) {
    return (
      <section className="preview" aria-labelledby="preview-title">
        <h2 id="preview-title" className="preview-title">
          Preview
        </h2>
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
      </section>
    );
  }

  const current = files.find((file) => file.path === selected) ?? files.find((file) => file.path === FIRST_FILE) ?? files[0];
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
              <span className="file-view-path" data-testid="preview-path">
                {current.path}
              </span>
              <span className="file-view-meta">
                {current.executable && "executable · "}
                {lineCount(current.content)} lines
              </span>
            </div>
            <p className="file-view-why" data-testid="preview-why">
              {describeBundleFile(current.path)}
            </p>
            <pre className="code" tabIndex={0} aria-label={`Content of ${current.path}`} data-testid="preview-content">
              <code>{current.content}</code>
            </pre>
          </div>
        )}
      </div>
    </section>
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
