import { z } from "zod";
import { defaultValues, planFields } from "@/lib/config";

/** GET /api/plan-schema: the plan's JSON Schema, made from the zod schema (rules between fields aside). */
export function GET(): Response {
  const schema = z.toJSONSchema(planFields, { io: "input", unrepresentable: "any" }) as { properties: Record<string, Record<string, unknown>> };
  const defaults = defaultValues();
  for (const [param, property] of Object.entries(schema.properties)) {
    property.default = defaults[param as keyof typeof defaults];
  }
  return Response.json(
    { ...schema, title: "Rotation Wizard plan", description: "Every parameter is optional; missing ones take their defaults. Rules between parameters are checked by POST /api/bundle." },
    { headers: { "Cache-Control": "public, max-age=3600" } },
  );
}
