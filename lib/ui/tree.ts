/**
 * Bundle paths as a tree for the preview. The order is the bundle's own (the generator registry lists
 * files in reading order); a folder appears where its first file does.
 */

export type TreeNode =
  | { kind: "folder"; name: string; path: string; children: TreeNode[] }
  | { kind: "file"; name: string; path: string };

export function fileTree(files: readonly { path: string }[]): TreeNode[] {
  const root: TreeNode[] = [];
  for (const { path } of files) {
    const parts = path.split("/");
    let level = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const folderPath = parts.slice(0, i + 1).join("/");
      let folder = level.find((node): node is Extract<TreeNode, { kind: "folder" }> => node.kind === "folder" && node.path === folderPath);
      if (!folder) {
        folder = { kind: "folder", name: parts[i]!, path: folderPath, children: [] };
        level.push(folder);
      }
      level = folder.children;
    }
    level.push({ kind: "file", name: parts[parts.length - 1]!, path });
  }
  return root;
}
