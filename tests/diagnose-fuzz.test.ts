import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/diagnose/route";
import { CATALOGUE, diagnose, InputError } from "@/lib/diagnose";
import { fixture, NOW } from "./fixtures/diagnose/support";

/**
 * Hostile HCL, JSON and logs through the engine and POST /api/diagnose, as tests/fuzz.test.ts does for
 * /api/bundle: findings or a 400/413 with reasons, never a throw, a hang or a 5xx. `npm run fuzz` style:
 * FUZZ_RUNS and FUZZ_SEED apply here too.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = process.env.FUZZ_SEED === "random" ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 20261129);

const sources = Object.values(fixture("healthy"));
const HCL_PIECES = ["resource", "data", "module", "locals", "variable", '"aws_secretsmanager_secret_rotation"', '"x"', "{", "}", "[", "]", "(", ")", "=", "==", "?", ":", "=>", "...", ",", ".", "*", "\n", " ", "#", "//", "/*", "*/", '"', "${", "%{", "}", "<<EOT\n", "EOT\n", "<<-X\n", "for", "in", "if", "jsonencode(", "aws_lambda_function.x.arn", "var.x", "local.y", "-", "!", "\\", "\u0000", "\ud800", "é", "0", "1e9", "true", "null"];

const hostileHcl = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: "binary", maxLength: 400 }),
  fc.array(fc.constantFrom(...HCL_PIECES), { maxLength: 200 }).map((pieces) => pieces.join("")),
  fc.tuple(fc.nat(sources.length - 1), fc.nat(), fc.nat({ max: 40 }), fc.array(fc.constantFrom(...HCL_PIECES), { maxLength: 6 })).map(([i, at, length, insert]) => {
    const source = sources[i]!;
    const position = at % source.length;
    return source.slice(0, position) + insert.join("") + source.slice(position + length);
  }),
  fc.integer({ min: 50, max: 3000 }).map((depth) => `x = ${"[".repeat(depth)}${"]".repeat(depth)}\n`),
  fc.integer({ min: 50, max: 3000 }).map((depth) => `${'a "b" {\n'.repeat(depth)}${"}\n".repeat(depth)}`),
  fc.integer({ min: 50, max: 3000 }).map((depth) => `x = "${"${".repeat(depth)}"\n`),
);

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.constantFrom("ARN", "Name", "RotationEnabled", "RotationRules", "LastRotatedDate", "NextRotationDate", "VersionIdsToStages", "Versions", "VersionStages", "VersionId", "AutomaticallyAfterDays", "ScheduleExpression", "Duration", "__proto__", "constructor"), fc.string()), tie("value"), { maxKeys: 5 })),
})).value;
const hostileJson = fc.oneof(jsonValue.map((v) => JSON.stringify(v) ?? "null"), fc.string({ maxLength: 200 }));
const hostileLog = fc.oneof(fc.string({ maxLength: 500 }), fc.array(fc.constantFrom("Task timed out after 3 seconds", "KeyError: '", "AccessDenied", "kms", "Could not connect", "\n", "x".repeat(5000), "password authentication failed"), { maxLength: 30 }).map((parts) => parts.join("")));

describe("fuzzing the diagnosis", () => {
  it("the engine reads any Terraform, JSON and log: findings, or InputError for unusable JSON", () => {
    const ids = new Set(CATALOGUE.map((rule) => rule.id));
    let parsed = 0;
    fc.assert(
      fc.property(fc.array(hostileHcl, { minLength: 1, maxLength: 3 }), fc.option(hostileJson), fc.option(hostileJson), fc.option(hostileLog), (texts, describe, versions, logs) => {
        const files = texts.map((text, i) => ({ path: `f${i}.tf`, text }));
        try {
          const result = diagnose({ files, describe: describe ?? undefined, versions: versions ?? undefined, logs: logs ?? undefined, now: NOW });
          for (const finding of result.findings) {
            expect(ids).toContain(finding.id);
            expect(finding.title.length).toBeGreaterThan(5);
          }
          if (!result.findings.some((f) => f.id === "terraform-invalid")) parsed++;
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(parsed).toBeGreaterThan(0);
  }, 600_000);

  it("POST /api/diagnose answers every hostile body with 200, 400 or 413", async () => {
    const statuses = new Set<number>();
    const body = fc.oneof(
      fc.tuple(fc.array(hostileHcl, { maxLength: 3 }), fc.option(hostileJson), fc.option(hostileLog)).map(([texts, describe, logs]) => {
        const form = new FormData();
        texts.forEach((text, i) => form.append("terraform", new File([text], `f${i}.tf`)));
        if (describe !== null) form.append("describe", describe);
        if (logs !== null) form.append("logs", logs);
        return new Request("http://127.0.0.1/api/diagnose", { method: "POST", body: form });
      }),
      fc.tuple(fc.array(hostileHcl, { maxLength: 3 }), fc.option(hostileJson)).map(([texts, describe]) => {
        const payload = { files: texts.map((content, i) => ({ path: `f${i}.tf`, content })), ...(describe !== null ? { describe } : {}) };
        return new Request("http://127.0.0.1/api/diagnose", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
      }),
      jsonValue.map((value) => new Request("http://127.0.0.1/api/diagnose", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) ?? "null" })),
      fc.string({ unit: "binary", maxLength: 300 }).map((text) => new Request("http://127.0.0.1/api/diagnose", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body: text })),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => {
        const form = new FormData();
        form.append("terraform", new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes])], "x.zip"));
        return new Request("http://127.0.0.1/api/diagnose", { method: "POST", body: form });
      }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (request) => {
        const response = await POST(request);
        statuses.add(response.status);
        expect([200, 400, 413]).toContain(response.status);
        const json = (await response.json()) as { errors?: Array<{ message: string }> };
        if (response.status !== 200) expect(json.errors?.[0]?.message.length).toBeGreaterThan(10);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(statuses).toContain(200);
    expect(statuses).toContain(400);
  }, 600_000);
});
