import { diagnoseRequest } from "@/lib/diagnose/http";

/** POST /api/diagnose: Terraform (files, zips), describe-secret and version JSON, log lines → findings and a plan. */
export async function POST(request: Request): Promise<Response> {
  return diagnoseRequest(request, new Date());
}
