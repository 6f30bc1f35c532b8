import { MAX_BODY_BYTES, MAX_QUERY_BYTES } from "@/lib/api/bundle-response";
import { PLAN_PARAMS } from "@/lib/config";

/** GET /api: how to use the API, in plain text. */
export function GET(request: Request): Response {
  const origin = new URL(request.url).origin;
  const help = `Rotation Wizard API

GET  ${origin}/api/bundle?<share-link query>   the bundle as a zip
POST ${origin}/api/bundle                      the same, from a plan JSON object
GET  ${origin}/api/plan-schema                 the plan's JSON Schema
POST ${origin}/api/diagnose                    findings for your own Terraform (multipart files, or
                                               {"files": [{"path", "content"}], "describe", "versions", "logs"})

Parameters: ${PLAN_PARAMS.join(", ")}

Examples:
  curl -fo app-db-rotation.zip '${origin}/api/bundle?engine=mysql&subnets=subnet-0123456789abcdef0'
  curl -fo app-db-rotation.zip -H 'Content-Type: application/json' \\
       -d '{"engine": "mysql", "subnets": ["subnet-0123456789abcdef0"]}' \\
       '${origin}/api/bundle'
  curl -F terraform=@main.tf '${origin}/api/diagnose'

Bad input: HTTP 400 with {"errors": [{"param": ..., "message": ...}]}.
Queries over ${MAX_QUERY_BYTES} bytes and bodies over ${MAX_BODY_BYTES} bytes: HTTP 413.
`;
  return new Response(help, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
