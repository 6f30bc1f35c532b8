import { readBodyWithin } from "@/lib/api/read-body";
import { diagnose, InputError, LimitError, LIMITS, LIMITS_TEXT, terraformFiles, Budget, type Upload } from "./index";

/**
 * POST /api/diagnose: multipart (the page's form, `curl -F`) or JSON, to the same JSON as `doctor --json`.
 * The body is read in memory up to a fixed size and nothing of it is stored or logged. Over a limit: 413;
 * unusable input: 400; both as { errors: [{ param, message }] }, like /api/bundle.
 */

/** Room for multipart boundaries and headers on top of the content limit. */
export const MAX_REQUEST_BYTES = LIMITS.totalBytes + 512 * 1024;

/** Multipart field names: `terraform` (files, zips or pasted text, repeatable), `describe`, `versions`, `logs`. */
export const FIELDS = ["terraform", "describe", "versions", "logs"] as const;

const HEADERS = { "Cache-Control": "no-store" };

function problem(status: number, param: string, message: string): Response {
  return Response.json({ errors: [{ param, message }] }, { status, headers: HEADERS });
}

async function readBody(request: Request): Promise<Uint8Array | Response> {
  const body = await readBodyWithin(request, MAX_REQUEST_BYTES);
  return body === "too-large" ? problem(413, "body", `the request must be at most ${MAX_REQUEST_BYTES} bytes; limits: ${LIMITS_TEXT}`) : body;
}

interface Decoded {
  uploads: Upload[];
  describe?: string;
  versions?: string;
  logs?: string;
}

const decoder = new TextDecoder("utf-8");

async function decodeMultipart(body: Uint8Array, contentType: string): Promise<Decoded> {
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new InputError("body", "the multipart body could not be read; send the files as multipart/form-data fields terraform, describe, versions and logs");
  }
  const decoded: Decoded = { uploads: [] };
  let parts = 0;
  for (const [name, value] of form.entries()) {
    if (++parts > LIMITS.files + FIELDS.length) throw new LimitError("files", `the request has more than ${LIMITS.files} files; limits: ${LIMITS_TEXT}`);
    if (!(FIELDS as readonly string[]).includes(name)) throw new InputError(name || "(empty name)", `${name || "(empty name)"} is not a field; send ${FIELDS.join(", ")}`);
    const bytes = typeof value === "string" ? new TextEncoder().encode(value) : new Uint8Array(await value.arrayBuffer());
    if (name === "terraform") {
      if (bytes.length === 0) continue;
      decoded.uploads.push({ name: typeof value === "string" ? "pasted.tf" : value.name || "upload.tf", bytes });
    } else {
      const text = decoder.decode(bytes);
      const key = name as "describe" | "versions" | "logs";
      decoded[key] = decoded[key] === undefined ? text : `${decoded[key]}\n${text}`;
    }
  }
  return decoded;
}

function decodeJson(body: Uint8Array): Decoded {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new InputError("body", 'the body must be JSON like {"files": [{"path": "main.tf", "content": "…"}], "describe": {…}, "versions": {…}, "logs": "…"}, or multipart/form-data');
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new InputError("body", "the body must be a JSON object with files, and optionally describe, versions and logs");
  const object = json as Record<string, unknown>;
  for (const key of Object.keys(object)) if (!["files", "describe", "versions", "logs"].includes(key)) throw new InputError(key, `${key} is not a field; send files, describe, versions and logs`);
  const files = object.files;
  if (!Array.isArray(files)) throw new InputError("files", 'files must be a list of {"path": "main.tf", "content": "…"}');
  if (files.length > LIMITS.files) throw new LimitError("files", `the request has more than ${LIMITS.files} files; limits: ${LIMITS_TEXT}`);
  const uploads: Upload[] = files.map((file, index) => {
    if (typeof file !== "object" || file === null) throw new InputError("files", `files[${index}] must be {"path": "…", "content": "…"}`);
    const { path, content } = file as Record<string, unknown>;
    if (typeof path !== "string" || path === "" || typeof content !== "string") throw new InputError("files", `files[${index}] needs a path and a content, both text`);
    return { name: path, bytes: new TextEncoder().encode(content) };
  });
  const text = (key: "describe" | "versions" | "logs"): string | undefined => {
    const value = object[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return value;
    if (key !== "logs" && typeof value === "object") return JSON.stringify(value);
    if (key === "logs" && Array.isArray(value) && value.every((line) => typeof line === "string")) return value.join("\n");
    throw new InputError(key, key === "logs" ? "logs must be text, or a list of lines" : `${key} must be the CLI's JSON, as an object or as text`);
  };
  return { uploads, describe: text("describe"), versions: text("versions"), logs: text("logs") };
}

export async function diagnoseRequest(request: Request, now: Date): Promise<Response> {
  const body = await readBody(request);
  if (body instanceof Response) return body;
  try {
    const contentType = request.headers.get("content-type") ?? "";
    const decoded = /^multipart\/form-data/i.test(contentType) ? await decodeMultipart(body, contentType) : decodeJson(body);
    const budget = new Budget();
    for (const text of [decoded.describe, decoded.versions, decoded.logs]) if (text !== undefined) budget.addBytes(new TextEncoder().encode(text).length, "the JSON and logs");
    const files = terraformFiles(decoded.uploads, budget);
    const result = diagnose({ files, describe: decoded.describe, versions: decoded.versions, logs: decoded.logs, now });
    return Response.json(result, { headers: HEADERS });
  } catch (error) {
    if (error instanceof LimitError) return problem(413, error.param, error.message);
    if (error instanceof InputError) return problem(400, error.param, error.message);
    // A bug, not the input's fault. Nothing of the input goes to the server's log.
    return problem(500, "diagnosis", "the diagnosis failed on this input; nothing of it was kept");
  }
}
