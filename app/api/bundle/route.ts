import { bundleResponse, decodeBodyOf, decodeQueryOf } from "@/lib/api/bundle-response";

/** GET /api/bundle?<share-link query>: the bundle's zip, the same bytes as the wizard's download. */
export async function GET(request: Request): Promise<Response> {
  const decoded = decodeQueryOf(request);
  return decoded instanceof Response ? decoded : bundleResponse(decoded, request);
}

/** POST /api/bundle with a plan JSON object: the same zip. */
export async function POST(request: Request): Promise<Response> {
  const decoded = await decodeBodyOf(request);
  return decoded instanceof Response ? decoded : bundleResponse(decoded, request);
}
