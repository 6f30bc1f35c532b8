import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/diagnose/route";
import { LIMITS } from "@/lib/diagnose";
import { MAX_REQUEST_BYTES } from "@/lib/diagnose/http";
import { FIXTURES, fixture, type Files } from "./fixtures/diagnose/support";

/**
 * POST /api/diagnose and `npm run doctor`: the same JSON for the same input, and the same limits (413 from
 * the API, exit status 2 from the CLI), each limit tested.
 */

const URL_ = "http://127.0.0.1/api/diagnose";
const seedFixed = fixture("seed-fixed");
const healthy = fixture("healthy");

function multipart(files: Files, extra: Record<string, string> = {}): Request {
  const form = new FormData();
  for (const [path, text] of Object.entries(files)) form.append("terraform", new File([text], path));
  for (const [name, value] of Object.entries(extra)) form.append(name, value);
  return new Request(URL_, { method: "POST", body: form });
}

function json(body: unknown): Request {
  return new Request(URL_, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

function zipRequest(zip: Uint8Array, name = "infra.zip"): Request {
  const form = new FormData();
  form.append("terraform", new File([zip as Uint8Array<ArrayBuffer>], name));
  return new Request(URL_, { method: "POST", body: form });
}

async function errorsOf(response: Response): Promise<Array<{ param: string; message: string }>> {
  const body = (await response.json()) as { errors: Array<{ param: string; message: string }> };
  expect(body.errors.length).toBeGreaterThan(0);
  return body.errors;
}

function doctor(...args: string[]) {
  return spawnSync("npx", ["tsx", "cli/doctor.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function folder(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), "rw-doctor-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A result without the parts that depend on the clock (none, for these fixtures, but stay safe). */
function stable(result: unknown) {
  return JSON.parse(JSON.stringify(result));
}

describe("POST /api/diagnose", () => {
  it("answers multipart and JSON with the same report, and the CLI's --json is that report", async () => {
    const describeJson = `{"ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/db-credentials-Xy12Ab", "Name": "prod/orders/db-credentials", "RotationEnabled": false}`;
    const logs = "Task timed out after 30.02 seconds";
    const fromForm = await POST(multipart(seedFixed, { describe: describeJson, logs }));
    expect(fromForm.status).toBe(200);
    expect(fromForm.headers.get("cache-control")).toBe("no-store");
    const form = await fromForm.json();
    const fromJson = await (await POST(json({ files: Object.entries(seedFixed).map(([path, content]) => ({ path, content })), describe: JSON.parse(describeJson), logs }))).json();
    expect(fromJson).toEqual(form);

    const dir = folder(seedFixed);
    writeFileSync(join(dir, "describe.json"), describeJson);
    writeFileSync(join(dir, "rotation.log"), logs);
    const run = doctor(dir, "--describe", join(dir, "describe.json"), "--logs", join(dir, "rotation.log"), "--json");
    expect(run.status).toBe(1);
    expect(stable(JSON.parse(run.stdout))).toEqual(stable(form));
    expect(Object.keys(form)).toEqual(["findings", "plan", "wizardQuery"]);
    expect(Object.keys(form.findings[0])).toEqual(["id", "severity", "file", "line", "title", "why", "fix"]);
  });

  it("reads a zip of a project, its folders kept in the paths", async () => {
    const zip = zipSync(Object.fromEntries(Object.entries(healthy).map(([path, text]) => [`billing/${path}`, strToU8(text)])));
    const response = await POST(zipRequest(zip));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.findings).toEqual([]);
    expect(body.plan.found.find((v: { param: string }) => v.param === "subnets").from).toMatch(/^billing\/rotation\.tf:/);
  });

  it("answers unusable input with 400 and a reason", async () => {
    for (const request of [
      json("not json"),
      json([1, 2]),
      json({ files: "main.tf" }),
      json({ files: [{ path: "main.tf" }] }),
      json({ files: [], colour: "blue" }),
      json({ files: [{ path: "main.tf", content: 'resource "a" "b" {}' }], describe: "{" }),
      json({ files: [{ path: "notes.txt", content: "hello" }] }),
      multipart({ "README.md": "# nothing here" }),
    ]) {
      const response = await POST(request);
      expect(response.status).toBe(400);
      for (const error of await errorsOf(response)) expect(error.message.length).toBeGreaterThan(10);
    }
  });
});

describe("limits", () => {
  const bigFile = "#".repeat(LIMITS.fileBytes + 10);

  it(`a body over ${MAX_REQUEST_BYTES} bytes: 413, read no further`, async () => {
    const response = await POST(json({ files: [{ path: "main.tf", content: "x".repeat(MAX_REQUEST_BYTES) }] }));
    expect(response.status).toBe(413);
    expect((await errorsOf(response))[0]!.message).toMatch(/at most/);
  });

  it("more than 5 MiB in all: 413, and the CLI exits 2", async () => {
    const files: Files = {};
    // Under the request's size, over the content's: five files of nearly 1 MiB and one of 200 KiB.
    for (let i = 0; i < 5; i++) files[`f${i}.tf`] = `# ${"x".repeat(LIMITS.fileBytes - 100)}\n`;
    files["f5.tf"] = `# ${"x".repeat(200 * 1024)}\n`;
    const response = await POST(multipart(files));
    expect(response.status).toBe(413);
    expect((await errorsOf(response))[0]!.param).toBe("total");
    const run = doctor(folder(files));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/total: .*5 MiB/);
  });

  it("a file over 1 MiB: 413, and the CLI exits 2", async () => {
    const response = await POST(multipart({ "main.tf": bigFile }));
    expect(response.status).toBe(413);
    expect((await errorsOf(response))[0]!.param).toBe("file");
    expect(doctor(folder({ "main.tf": bigFile })).status).toBe(2);
  });

  it("more than 500 files: 413, and the CLI exits 2", async () => {
    const files: Files = {};
    for (let i = 0; i <= LIMITS.files; i++) files[`f${i}.tf`] = `locals {\n  n${i} = ${i}\n}\n`;
    const response = await POST(multipart(files));
    expect(response.status).toBe(413);
    expect((await errorsOf(response))[0]!.param).toBe("files");
    const run = doctor(folder(files));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/files: more than 500/);
  }, 120_000);

  it("a zip of more than 2000 entries: 413, and the CLI exits 2", async () => {
    const entries: Record<string, Uint8Array> = {};
    for (let i = 0; i <= LIMITS.zipEntries; i++) entries[`docs/note-${i}.txt`] = strToU8("x");
    entries["main.tf"] = strToU8(seedFixed["main.tf"]!);
    const zip = zipSync(entries, { level: 0 });
    const response = await POST(zipRequest(zip));
    expect(response.status).toBe(413);
    expect((await errorsOf(response))[0]!.param).toBe("zipEntries");
    const dir = folder({});
    writeFileSync(join(dir, "infra.zip"), zip);
    expect(doctor(join(dir, "infra.zip")).status).toBe(2);
  });

  it("a zip bomb (64 MiB of zeros in 64 KiB) is refused at once from its declared size: 413, and the CLI exits 2", async () => {
    // 64 MiB of zeros deflates to about 64 KiB; the header says it expands 1000 times.
    const zip = zipSync({ "main.tf": new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    const started = performance.now();
    const response = await POST(zipRequest(zip));
    expect(response.status).toBe(413);
    expect((await errorsOf(response))[0]!.param).toBe("expansion");
    expect(performance.now() - started).toBeLessThan(2000);
    const dir = folder({});
    writeFileSync(join(dir, "bomb.zip"), zip);
    const run = doctor(join(dir, "bomb.zip"));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unzips to more than 100 times/);
  });

  it("a zip bomb that lies about its size is stopped by the counting inflate", async () => {
    const zip = zipSync({ "main.tf": new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    // Patch the central directory's uncompressed size to 100 bytes: the declared size passes, the real one does not.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const end = zip.length - 22;
    const directory = view.getUint32(end + 16, true);
    view.setUint32(directory + 24, 100, true);
    const started = performance.now();
    const response = await POST(zipRequest(zip));
    expect(response.status).toBe(413);
    expect(["expansion", "file"]).toContain((await errorsOf(response))[0]!.param);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("a damaged zip is unusable input: 400, and the CLI exits 2", async () => {
    const zip = zipSync({ "main.tf": strToU8(seedFixed["main.tf"]!) }, { level: 6 });
    const broken = zip.slice();
    broken.fill(0xff, 40, 80);
    const response = await POST(zipRequest(broken));
    expect(response.status).toBe(400);
    const dir = folder({});
    writeFileSync(join(dir, "bad.zip"), broken);
    expect(doctor(join(dir, "bad.zip")).status).toBe(2);
  });
});

describe("npm run doctor", () => {
  it("exits 0 when nothing is an error, 1 when something is, 2 for unusable input", () => {
    expect(doctor(join(FIXTURES, "healthy")).status).toBe(0);
    const broken = doctor(join(FIXTURES, "seed-broken"));
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/main\.tf:41: \[rotation-missing\]/);
    expect(broken.stdout).toMatch(/Generate the working setup: http:\/\/127\.0\.0\.1:3000\/\?/);
    expect(doctor().status).toBe(2);
    expect(doctor("/nonexistent/infra").status).toBe(2);
    expect(doctor(folder({ "README.md": "no terraform" })).status).toBe(2);
    const dir = folder(healthy);
    writeFileSync(join(dir, "describe.json"), "{ not json");
    const run = doctor(dir, "--describe", join(dir, "describe.json"));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^describe: /);
  });

  it("skips .terraform and reads nested folders", () => {
    const dir = folder({ ...healthy, ".terraform/modules/x/main.tf": "resource {", "modules/empty/versions.tf": 'terraform {\n  required_version = ">= 1.5"\n}\n' });
    expect(doctor(dir, "--json").status).toBe(0);
  });
});
