import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { zipBundle } from "@/lib/bundle/zip";
import { decodePlanQuery } from "@/lib/config";
import { bundleOf } from "./support/plans";

const QUERY = "name=orders&engine=mysql&subnets=subnet-0123456789abcdef0&vpc=vpc-0123456789abcdef0&days=7";

function generate(...args: string[]) {
  return spawnSync("npx", ["tsx", "cli/generate.ts", ...args], { encoding: "utf8" });
}

describe("npm run generate", () => {
  it("writes the bundle's files, scripts executable", () => {
    const out = mkdtempSync(join(tmpdir(), "rw-cli-"));
    const run = generate("--query", QUERY, "--out", out, "--offline");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const plan = decodePlanQuery(QUERY).plan!;
    for (const file of bundleOf(plan)) {
      const path = join(out, "orders-rotation", file.path);
      expect(readFileSync(path, "utf8")).toBe(file.content);
      expect((statSync(path).mode & 0o111) !== 0).toBe(Boolean(file.executable));
    }
  });

  it("writes the same zip bytes as the library, from a query or a plan file", () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-cli-"));
    const plan = decodePlanQuery(QUERY).plan!;
    const expected = Buffer.from(zipBundle(plan.name, bundleOf(plan)));
    execFileSync("npx", ["tsx", "cli/generate.ts", "--query", QUERY, "--zip", join(dir, "a.zip"), "--offline"]);
    writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
    execFileSync("npx", ["tsx", "cli/generate.ts", "--plan", join(dir, "plan.json"), "--zip", join(dir, "b.zip"), "--offline"]);
    expect(readFileSync(join(dir, "a.zip")).equals(expected)).toBe(true);
    expect(readFileSync(join(dir, "b.zip")).equals(expected)).toBe(true);
  });

  it("exits with status 2 and one line per problem, naming the parameter", () => {
    const run = generate("--query", "engine=nosuch&subnets=subnet-xyz&window=99h", "--out", tmpdir());
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines.map((line) => line.split(":")[0]).sort()).toEqual(["engine", "subnets", "window"]);
    expect(lines.find((line) => line.startsWith("subnets:"))).toMatch(/subnet-0123456789abcdef0/);
  });

  it("exits with status 2 on a missing or unreadable plan", () => {
    expect(generate("--out", tmpdir()).status).toBe(2);
    const run = generate("--plan", "/nonexistent/plan.json", "--zip", join(tmpdir(), "x.zip"));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot read \/nonexistent\/plan.json/);
  });
});
