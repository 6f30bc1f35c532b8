import { Inflate } from "fflate";
import { InputError } from "./live-input";
import { isTerraformFile, type SourceFile } from "./terraform/project";

/**
 * What people upload, made into Terraform files under fixed limits, in memory only: nothing is written,
 * stored or logged. Zips are read entry by entry with a counted, streaming inflate, so a zip bomb stops at
 * the limit instead of filling memory. The CLI, the API and the page (through the API) share these limits.
 */
export const LIMITS = {
  /** Everything uploaded together, counted again after unzipping. */
  totalBytes: 5 * 1024 * 1024,
  /** Files, counting each zip entry that is read. */
  files: 500,
  /** Entries of all zips together, whatever they hold. */
  zipEntries: 2000,
  /** Unzipped bytes at most this many times the zip's own size. */
  expansionRatio: 100,
  /** One file, after unzipping. */
  fileBytes: 1024 * 1024,
} as const;

export const LIMITS_TEXT =
  `at most ${LIMITS.totalBytes / 1024 / 1024} MiB in all (after unzipping), ${LIMITS.files} files, ${LIMITS.fileBytes / 1024 / 1024} MiB per file, ` +
  `${LIMITS.zipEntries} zip entries, and ${LIMITS.expansionRatio} times a zip's size once unzipped`;

/** An input over a limit: the API answers 413, the CLI exits with status 2. */
export class LimitError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = "LimitError";
  }
}

export interface Upload {
  /** The name it was given (a path inside a folder, or a file name). */
  name: string;
  bytes: Uint8Array;
}

/** Running totals across one request or one command. */
export class Budget {
  bytes = 0;
  files = 0;
  zipEntries = 0;

  addBytes(count: number, what: string) {
    this.bytes += count;
    if (this.bytes > LIMITS.totalBytes) throw new LimitError("total", `the input is over ${LIMITS.totalBytes / 1024 / 1024} MiB in all (reached with ${what}); limits: ${LIMITS_TEXT}`);
  }

  addFile(name: string, size: number) {
    if (++this.files > LIMITS.files) throw new LimitError("files", `the input has more than ${LIMITS.files} files; limits: ${LIMITS_TEXT}`);
    if (size > LIMITS.fileBytes) throw new LimitError("file", `${name} is over ${LIMITS.fileBytes / 1024 / 1024} MiB; limits: ${LIMITS_TEXT}`);
  }
}

const decoder = new TextDecoder("utf-8");

function cleanPath(name: string): string {
  return name
    .replace(/\\/g, "/")
    .split("/")
    .filter((part) => part !== "" && part !== "." && part !== "..")
    .join("/");
}

/** Directories never read: provider caches, version control, macOS zip metadata. */
function skipped(path: string): boolean {
  return path.split("/").some((part) => part === ".terraform" || part === ".git" || part === "__MACOSX");
}

function isZip(upload: Upload): boolean {
  const b = upload.bytes;
  return upload.name.toLowerCase().endsWith(".zip") || (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04);
}

/** The Terraform files of uploads (files and zips), under the limits. Other files are skipped. */
export function terraformFiles(uploads: readonly Upload[], budget = new Budget()): SourceFile[] {
  const files: SourceFile[] = [];
  for (const upload of uploads) {
    budget.addBytes(upload.bytes.length, upload.name);
    if (isZip(upload)) {
      for (const entry of readZip(upload, budget)) files.push({ path: entry.name, text: decoder.decode(entry.bytes) });
      continue;
    }
    const path = cleanPath(upload.name);
    if (!isTerraformFile(path) || skipped(path)) continue;
    budget.addFile(path, upload.bytes.length);
    files.push({ path, text: decoder.decode(upload.bytes) });
  }
  const seen = new Set<string>();
  return files.filter((file) => {
    if (seen.has(file.path)) return false;
    seen.add(file.path);
    return true;
  });
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** The Terraform entries of a zip. Reads the central directory, then each entry with a bounded inflate. */
export function readZip(upload: Upload, budget: Budget): Array<{ name: string; bytes: Uint8Array }> {
  const zip = upload.bytes;
  const bad = (why: string) => new InputError("zip", `${upload.name} is not a zip this tool can read: ${why}`);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (u32(zip, i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end === -1) throw bad("no end of central directory");
  const count = u16(zip, end + 10);
  const directorySize = u32(zip, end + 12);
  let offset = u32(zip, end + 16);
  if (count === 0xffff || offset === 0xffffffff || directorySize === 0xffffffff) throw bad("ZIP64 archives are not supported");
  if (offset + directorySize > zip.length) throw bad("the central directory lies outside the file");
  const allowedOut = LIMITS.expansionRatio * Math.max(zip.length, 1);
  let expanded = 0;
  const entries: Array<{ name: string; bytes: Uint8Array }> = [];
  for (let n = 0; n < count; n++) {
    if (++budget.zipEntries > LIMITS.zipEntries) throw new LimitError("zipEntries", `${upload.name} and the other zips have more than ${LIMITS.zipEntries} entries; limits: ${LIMITS_TEXT}`);
    if (offset + 46 > zip.length || u32(zip, offset) !== 0x02014b50) throw bad("a damaged central directory");
    const flags = u16(zip, offset + 8);
    const method = u16(zip, offset + 10);
    const compressedSize = u32(zip, offset + 20);
    const declaredSize = u32(zip, offset + 24);
    const nameLength = u16(zip, offset + 28);
    const extraLength = u16(zip, offset + 30);
    const commentLength = u16(zip, offset + 32);
    const localOffset = u32(zip, offset + 42);
    const rawName = zip.subarray(offset + 46, offset + 46 + nameLength);
    const name = cleanPath(decoder.decode(rawName));
    offset += 46 + nameLength + extraLength + commentLength;
    if (name === "" || rawName[rawName.length - 1] === 0x2f || !isTerraformFile(name) || skipped(name)) continue;
    if (flags & 1) throw bad(`${name} is encrypted`);
    if (declaredSize > allowedOut - expanded) throw expansionError(upload.name);
    budget.addFile(name, declaredSize);
    if (localOffset + 30 > zip.length || u32(zip, localOffset) !== 0x04034b50) throw bad(`${name} has no local header`);
    const start = localOffset + 30 + u16(zip, localOffset + 26) + u16(zip, localOffset + 28);
    if (start + compressedSize > zip.length) throw bad(`${name} is cut short`);
    const data = zip.subarray(start, start + compressedSize);
    // The declared size may lie: the inflate counts what it really produces.
    const limits: Array<[number, () => LimitError]> = [
      [LIMITS.fileBytes, () => new LimitError("file", `${name} is over ${LIMITS.fileBytes / 1024 / 1024} MiB once unzipped; limits: ${LIMITS_TEXT}`)],
      [allowedOut - expanded, () => expansionError(upload.name)],
      [LIMITS.totalBytes - budget.bytes, () => new LimitError("total", `the input is over ${LIMITS.totalBytes / 1024 / 1024} MiB in all once ${upload.name} is unzipped; limits: ${LIMITS_TEXT}`)],
    ];
    const [cap, overLimit] = limits.reduce((tightest, limit) => (limit[0] < tightest[0] ? limit : tightest));
    if (method !== 0 && method !== 8) throw bad(`${name} uses compression method ${method}; only stored and deflated entries are read`);
    const bytes = method === 0 ? (data.length > cap ? null : data) : inflateAtMost(data, cap, upload.name, name);
    if (bytes === null) throw overLimit();
    expanded += bytes.length;
    budget.addBytes(bytes.length, name);
    entries.push({ name, bytes });
  }
  return entries;
}

function expansionError(zipName: string): LimitError {
  return new LimitError("expansion", `${zipName} unzips to more than ${LIMITS.expansionRatio} times its size (or past the total limit); limits: ${LIMITS_TEXT}`);
}

class Overflow extends Error {}

/** Inflates at most `cap` bytes (null past that), feeding the input in small slices so that no slice can blow up. */
function inflateAtMost(data: Uint8Array, cap: number, zipName: string, name: string): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflate = new Inflate((chunk) => {
    total += chunk.length;
    if (total > cap) throw new Overflow();
    chunks.push(chunk);
  });
  try {
    const slice = 1024;
    for (let i = 0; i < data.length; i += slice) inflate.push(data.subarray(i, Math.min(data.length, i + slice)), i + slice >= data.length);
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof Overflow) return null;
    throw new InputError("zip", `${zipName}: ${name} is damaged (${error instanceof Error ? error.message : "inflate failed"})`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
