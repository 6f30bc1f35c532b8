/** Hands bytes to the user as a file, the way a link with `download` does. */
export function saveFile(parts: BlobPart[], name: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking right after the click can cancel the download in some browsers; the blob is small.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** One file of the preview, saved under its own name with the text the preview shows (UTF-8, as in the zip). */
export function saveTextFile(path: string, content: string): void {
  saveFile([content], path.slice(path.lastIndexOf("/") + 1), "application/octet-stream");
}
