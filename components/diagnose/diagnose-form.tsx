"use client";

import { useEffect, useRef, useState, useSyncExternalStore, type ChangeEvent, type DragEvent, type FormEvent } from "react";
import type { DiagnoseResult } from "@/lib/diagnose/types";
import { DiagnoseResults } from "./diagnose-results";

/**
 * The Diagnose form: Terraform (files, a folder, a zip, dropped or pasted), optionally the secret's JSON
 * and log lines; sent to POST /api/diagnose, the same engine as the CLI, and shown as a report.
 */

interface Chosen {
  /** The path the engine reports findings at. */
  name: string;
  file: File;
}

interface Problem {
  param: string;
  message: string;
}

/** The server's limits, repeated here only to warn before sending; the server decides. */
const MAX_TOTAL_BYTES = 5 * 1024 * 1024;
const WANTED = /\.(tf|tfvars|zip)$/i;

type Status = { kind: "idle" } | { kind: "running" } | { kind: "done"; result: DiagnoseResult } | { kind: "failed"; problems: Problem[] };

/** Files of a dropped folder, read through the File System entries API, with their paths. */
async function entryFiles(entry: FileSystemEntry, prefix = ""): Promise<Chosen[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return WANTED.test(file.name) ? [{ name: `${prefix}${file.name}`, file }] : [];
  }
  if (!entry.isDirectory || entry.name === ".terraform" || entry.name === ".git") return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map((child) => entryFiles(child, `${prefix}${entry.name}/`)));
  return nested.flat();
}

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function DiagnoseForm() {
  const [files, setFiles] = useState<Chosen[]>([]);
  const [pasted, setPasted] = useState("");
  const [describe, setDescribe] = useState("");
  const [versions, setVersions] = useState("");
  const [logs, setLogs] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [dragging, setDragging] = useState(false);
  // False in the server's HTML, true once hydrated: tests wait for it before using the form.
  const ready = useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );
  const folderInput = useRef<HTMLInputElement>(null);
  const report = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // React has no prop for folder pickers; the attribute is set on the element itself.
    folderInput.current?.setAttribute("webkitdirectory", "");
  }, []);

  useEffect(() => {
    if (status.kind === "done" || status.kind === "failed") report.current?.querySelector<HTMLElement>("h2, [role=alert]")?.focus();
  }, [status]);

  const add = (chosen: Chosen[]) => {
    setFiles((current) => {
      const byName = new Map(current.map((c) => [c.name, c]));
      for (const c of chosen) byName.set(c.name, c);
      return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    });
  };

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const list = [...(event.target.files ?? [])];
    add(list.filter((file) => WANTED.test(file.name)).map((file) => ({ name: file.webkitRelativePath || file.name, file })));
    event.target.value = "";
  };

  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const items = [...event.dataTransfer.items];
    const entries = items.map((item) => item.webkitGetAsEntry?.()).filter((entry): entry is FileSystemEntry => Boolean(entry));
    if (entries.length > 0) add((await Promise.all(entries.map((entry) => entryFiles(entry)))).flat());
    else add([...event.dataTransfer.files].filter((file) => WANTED.test(file.name)).map((file) => ({ name: file.name, file })));
  };

  const readInto = (setter: (text: string) => void) => async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setter(await file.text());
    event.target.value = "";
  };

  const total = files.reduce((sum, c) => sum + c.file.size, 0) + pasted.length + describe.length + versions.length + logs.length;
  const hasTerraform = files.length > 0 || pasted.trim() !== "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!hasTerraform) {
      setStatus({ kind: "failed", problems: [{ param: "terraform", message: "Give at least one Terraform file, a folder or a zip, or paste Terraform." }] });
      return;
    }
    if (total > MAX_TOTAL_BYTES) {
      setStatus({ kind: "failed", problems: [{ param: "total", message: `This is ${sizeText(total)}; the limit is 5 MiB in all.` }] });
      return;
    }
    const form = new FormData();
    for (const chosen of files) form.append("terraform", chosen.file, chosen.name);
    if (pasted.trim() !== "") form.append("terraform", new File([pasted], "pasted.tf", { type: "text/plain" }), "pasted.tf");
    if (describe.trim() !== "") form.append("describe", describe);
    if (versions.trim() !== "") form.append("versions", versions);
    if (logs.trim() !== "") form.append("logs", logs);
    setStatus({ kind: "running" });
    try {
      const response = await fetch("/api/diagnose", { method: "POST", body: form });
      const body = (await response.json()) as DiagnoseResult | { errors: Problem[] };
      if ("errors" in body) setStatus({ kind: "failed", problems: body.errors });
      else setStatus({ kind: "done", result: body });
    } catch {
      setStatus({ kind: "failed", problems: [{ param: "network", message: "The diagnosis could not be reached. Check the connection and try again." }] });
    }
  };

  return (
    <>
      <form className="diag-form" onSubmit={submit} data-testid="diagnose-form" data-ready={ready ? "" : undefined} noValidate>
        <section className="diag-panel" aria-labelledby="diag-terraform">
          <h2 id="diag-terraform">Your Terraform</h2>
          <p className="diag-hint">.tf and .tfvars files, a folder of them, or a zip. Other files are ignored.</p>
          <div
            className={`diag-drop${dragging ? " diag-drop-active" : ""}`}
            data-testid="drop-zone"
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <p>Drop files, a folder or a zip here, or</p>
            <div className="diag-pickers">
              <label className="diag-button">
                Choose files or a zip
                <input className="diag-file-input" type="file" multiple accept=".tf,.tfvars,.zip" onChange={onPick} data-testid="terraform-files" />
              </label>
              <label className="diag-button">
                Choose a folder
                <input className="diag-file-input" type="file" ref={folderInput} onChange={onPick} data-testid="terraform-folder" />
              </label>
            </div>
          </div>
          {files.length > 0 && (
            <ul className="diag-chosen" aria-label="Chosen files" data-testid="chosen-files">
              {files.map((chosen) => (
                <li key={chosen.name}>
                  <code>{chosen.name}</code> <span className="diag-muted">{sizeText(chosen.file.size)}</span>
                  <button type="button" className="diag-link-button" onClick={() => setFiles((current) => current.filter((c) => c.name !== chosen.name))}>
                    Remove <span className="visually-hidden">{chosen.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label className="diag-label" htmlFor="diag-pasted">
            Or paste Terraform
          </label>
          <textarea id="diag-pasted" className="diag-textarea" rows={6} spellCheck={false} value={pasted} onChange={(event) => setPasted(event.target.value)} placeholder={'resource "aws_secretsmanager_secret" "db" { … }'} />
        </section>

        <section className="diag-panel" aria-labelledby="diag-live">
          <h2 id="diag-live">What AWS says (optional)</h2>
          <p className="diag-hint">
            Paste or load the output of <code>aws secretsmanager describe-secret --secret-id …</code> and of{" "}
            <code>aws secretsmanager list-secret-version-ids --secret-id … --include-deprecated</code>.
          </p>
          <JsonField id="describe" label="describe-secret JSON" value={describe} onChange={setDescribe} onLoad={readInto(setDescribe)} />
          <JsonField id="versions" label="list-secret-version-ids JSON" value={versions} onChange={setVersions} onLoad={readInto(setVersions)} />
        </section>

        <section className="diag-panel" aria-labelledby="diag-logs">
          <h2 id="diag-logs">The rotation function&rsquo;s log (optional)</h2>
          <JsonField id="logs" label="CloudWatch log lines" value={logs} onChange={setLogs} onLoad={readInto(setLogs)} rows={6} />
        </section>

        <p className="diag-privacy" data-testid="privacy-note">
          Your files are processed in memory to make this report and are not kept: nothing you send is stored or logged. Limits: 5 MiB in
          all, 500 files, 1 MiB per file.
        </p>
        <div className="diag-actions">
          <button type="submit" className="diag-button diag-button-primary" disabled={status.kind === "running"} data-testid="diagnose-submit">
            {status.kind === "running" ? "Diagnosing…" : "Diagnose"}
          </button>
          <span className="diag-muted">{total > 0 ? `${sizeText(total)} to send` : ""}</span>
        </div>
      </form>
      <div ref={report} aria-live="polite">
        {status.kind === "failed" && (
          <div className="diag-alert" role="alert" tabIndex={-1} data-testid="diagnose-errors">
            <p>The diagnosis could not read this input:</p>
            <ul>
              {status.problems.map((problem) => (
                <li key={`${problem.param}:${problem.message}`}>{problem.message}</li>
              ))}
            </ul>
          </div>
        )}
        {status.kind === "done" && <DiagnoseResults result={status.result} />}
      </div>
    </>
  );
}

function JsonField(props: { id: string; label: string; value: string; onChange: (text: string) => void; onLoad: (event: ChangeEvent<HTMLInputElement>) => void; rows?: number }) {
  return (
    <div className="diag-field">
      <div className="diag-field-head">
        <label className="diag-label" htmlFor={`diag-${props.id}`}>
          {props.label}
        </label>
        <label className="diag-link-button">
          Load a file<span className="visually-hidden"> for {props.label}</span>
          <input className="diag-file-input" type="file" onChange={props.onLoad} data-testid={`${props.id}-file`} />
        </label>
      </div>
      <textarea id={`diag-${props.id}`} className="diag-textarea" rows={props.rows ?? 4} spellCheck={false} value={props.value} onChange={(event) => props.onChange(event.target.value)} data-testid={`${props.id}-text`} />
    </div>
  );
}
