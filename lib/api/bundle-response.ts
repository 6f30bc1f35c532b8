import { createHash } from "node:crypto";
import { completePlan, decodePlanObject, decodePlanQuery, encodePlanQuery, type DecodedPlan, type Plan, type Problem } from "@/lib/config";
import { bundleZipName, zipBundle } from "@/lib/bundle/zip";
import { generateBundle } from "@/lib/generators";
import type { ToolVersions } from "@/lib/versions";
import { currentVersions } from "@/lib/versions/releases";
import { readBodyWithin } from "./read-body";

/**
 * The HTTP API's answers, kept out of the route files so that each route reads in a few lines. Anything
 * a client sends gets a 2xx, a 304 or a 4xx with a reason; never a 5xx.
 */

export const MAX_QUERY_BYTES = 8 * 1024;
export const MAX_BODY_BYTES = 64 * 1024;

export function errorResponse(status: number, errors: Problem[], headers: Record<string, string> = {}): Response {
  return Response.json({ errors }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/**
 * Recently built zips, by plan and versions. Generation is deterministic, so a plan asked for again
 * (a shared link, a CI job fetching its bundle) gets the same bytes without building them again.
 */
const BUILT_LIMIT = 64;
const built = new Map<string, { zip: Uint8Array; etag: string }>();

function builtBundle(plan: Plan, versions: ToolVersions): { zip: Uint8Array; etag: string } {
  const key = `${JSON.stringify(versions)}?${encodePlanQuery(plan)}`;
  const cached = built.get(key);
  if (cached) {
    built.delete(key); // most recently used last
    built.set(key, cached);
    return cached;
  }
  const zip = zipBundle(plan.name, generateBundle({ plan, versions }));
  const entry = { zip, etag: `"${createHash("sha256").update(zip).digest("base64url")}"` };
  built.set(key, entry);
  if (built.size > BUILT_LIMIT) built.delete(built.keys().next().value!);
  return entry;
}

/** The zip of a decoded plan, or 400 with every problem. */
export async function bundleResponse(decoded: DecodedPlan, request: Request): Promise<Response> {
  const result = completePlan(decoded);
  if (!result.ok) return errorResponse(400, result.problems);
  const { zip, etag } = builtBundle(result.plan, await currentVersions());
  const headers = {
    "Content-Type": "application/zip",
    "Content-Disposition": `attachment; filename="${bundleZipName(result.plan.name)}"`,
    ETag: etag,
    // The same plan gives the same bytes until the pinned versions move on: cache, then revalidate.
    "Cache-Control": "public, max-age=3600, must-revalidate",
  };
  if (request.headers.get("if-none-match")?.split(/\s*,\s*/).includes(etag)) return new Response(null, { status: 304, headers });
  return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), { status: 200, headers });
}

export function decodeQueryOf(request: Request): DecodedPlan | Response {
  const query = new URL(request.url).search;
  if (Buffer.byteLength(query) > MAX_QUERY_BYTES) {
    return errorResponse(413, [{ param: "query", message: `the query string must be at most ${MAX_QUERY_BYTES} bytes` }]);
  }
  return decodePlanQuery(query);
}

/** Reads a JSON body of at most MAX_BODY_BYTES, counting what arrives rather than trusting Content-Length. */
export async function decodeBodyOf(request: Request): Promise<DecodedPlan | Response> {
  const body = await readBodyWithin(request, MAX_BODY_BYTES);
  if (body === "too-large") return errorResponse(413, [{ param: "body", message: `the body must be at most ${MAX_BODY_BYTES} bytes of JSON` }]);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return errorResponse(400, [{ param: "body", message: 'the body must be a JSON object of plan parameters, like {"engine": "mysql"}' }]);
  }
  return decodePlanObject(json);
}
