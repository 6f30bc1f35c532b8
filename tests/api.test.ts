import { describe, expect, it } from "vitest";
import { GET as help } from "@/app/api/route";
import { GET as getBundle, POST as postBundle } from "@/app/api/bundle/route";
import { GET as getSchema } from "@/app/api/plan-schema/route";
import { zipBundle } from "@/lib/bundle/zip";
import { decodePlanQuery } from "@/lib/config";
import { generateBundle } from "@/lib/generators";
import { currentVersions } from "@/lib/versions/releases";

const BASE = "http://127.0.0.1/api";
const QUERY = "name=orders&engine=mysql&subnets=subnet-0123456789abcdef0&vpc=vpc-0123456789abcdef0";

async function expectedZip(query: string) {
  const plan = decodePlanQuery(query).plan!;
  return Buffer.from(zipBundle(plan.name, generateBundle({ plan, versions: await currentVersions() })));
}

describe("GET and POST /api/bundle", () => {
  it("returns the same zip as the library, with download and caching headers", async () => {
    const response = await getBundle(new Request(`${BASE}/bundle?${QUERY}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="orders-rotation.zip"');
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(Buffer.from(await response.arrayBuffer()).equals(await expectedZip(QUERY))).toBe(true);
  });

  it("answers 304 when the client has the same zip", async () => {
    const first = await getBundle(new Request(`${BASE}/bundle?${QUERY}`));
    const again = await getBundle(new Request(`${BASE}/bundle?${QUERY}`, { headers: { "If-None-Match": first.headers.get("etag")! } }));
    expect(again.status).toBe(304);
  });

  it("POST with plan JSON gives the same bytes as GET", async () => {
    const body = JSON.stringify({ name: "orders", engine: "mysql", subnets: ["subnet-0123456789abcdef0"], vpc: "vpc-0123456789abcdef0" });
    const response = await postBundle(new Request(`${BASE}/bundle`, { method: "POST", body, headers: { "Content-Type": "application/json" } }));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(await expectedZip(QUERY))).toBe(true);
  });

  it("answers 400 with a problem per parameter", async () => {
    const response = await getBundle(new Request(`${BASE}/bundle?engine=nosuch&subnets=subnet-xyz`));
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: Array<{ param: string; message: string }> };
    expect(errors.map((e) => e.param).sort()).toEqual(["engine", "subnets"]);
  });

  it("answers 400 to a body that is not JSON, and 413 to oversized input", async () => {
    const notJson = await postBundle(new Request(`${BASE}/bundle`, { method: "POST", body: "{engine: mysql" }));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { errors: Array<{ param: string }> }).errors[0]!.param).toBe("body");
    const hugeBody = await postBundle(new Request(`${BASE}/bundle`, { method: "POST", body: JSON.stringify({ name: "x".repeat(70_000) }) }));
    expect(hugeBody.status).toBe(413);
    const hugeQuery = await getBundle(new Request(`${BASE}/bundle?name=${"x".repeat(9000)}`));
    expect(hugeQuery.status).toBe(413);
  });
});

describe("GET /api/plan-schema and /api", () => {
  it("describes every parameter with its default", async () => {
    const schema = (await (await getSchema()).json()) as { properties: Record<string, { default: unknown }> };
    expect(Object.keys(schema.properties)).toContain("subnets");
    expect(schema.properties.engine!.default).toBe("postgres");
  });

  it("explains the API in plain text with curl examples", async () => {
    const response = help(new Request(`${BASE}`));
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/curl -fo app-db-rotation.zip 'http:\/\/127.0.0.1\/api\/bundle\?engine=mysql/);
  });
});
