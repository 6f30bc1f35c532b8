import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/bundle/route";
import { decodePlanObject, decodePlanQuery, PLAN_PARAMS } from "@/lib/config";

/**
 * Hostile and random input through the decoder and the API: always a plan or problems that name a
 * parameter, always 200 or 400 (413 for oversized input) with messages, never a throw or a 5xx.
 * `npm run fuzz` runs the same properties for longer (FUZZ_RUNS).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
// A fixed seed in the suite; `npm run fuzz` draws one (fast-check prints it with any counterexample).
const SEED = process.env.FUZZ_SEED === "random" ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 20261125);

const hostileText = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "${x}", "%{if}", "\"]}", "\\", "\u0000", "\ud800", "%", "%zz", "%E0%A4%A", "+", "&&", "=="),
  fc.stringMatching(/^[a-z0-9-]{0,5000}$/),
  fc.constantFrom("subnet-0123456789abcdef0", "vpc-0123456789abcdef0", "sg-0123456789abcdef0", "mysql", "alternating", "managed", "sar", "rate(4 hours)", "cron(0 4 ? * SUN *)", "true", "12"),
);
const key = fc.oneof(fc.constantFrom(...PLAN_PARAMS), fc.constantFrom("__proto__", "constructor", "hasOwnProperty", "", "subnets[]", "engine[0]"), fc.string());

/** encodeURIComponent throws on lone surrogates; send their (invalid) UTF-8 bytes instead, as a hostile client might. */
function encodeHostile(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[\ud800-\udfff]/g, "%ED%A0%80");
  }
}

const pairs = fc
  .array(fc.tuple(key, hostileText, fc.boolean()), { maxLength: 12 })
  .map((list) => list.map(([k, v, encode]) => (encode ? `${encodeHostile(k)}=${encodeHostile(v)}` : `${k}=${v}`)).join("&"));
/** A valid network first, so that many hostile queries still make a plan and reach the generators. */
const VALID = "subnets=subnet-0123456789abcdef0&vpc=vpc-0123456789abcdef0";
const queryString = fc.oneof(fc.string({ maxLength: 300 }), pairs, pairs.map((rest) => `${VALID}&${rest}`));

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(key, tie("value"), { maxKeys: 4 })),
})).value;
const body = fc.oneof(fc.dictionary(key, jsonValue, { maxKeys: 12 }).map((o) => JSON.stringify(o)), jsonValue.map((v) => JSON.stringify(v) ?? "null"), fc.string());

const statuses = new Set<number>();

async function expectClientAnswer(response: Response) {
  statuses.add(response.status);
  expect([200, 400, 413]).toContain(response.status);
  if (response.status !== 200) {
    const { errors } = (await response.json()) as { errors: Array<{ param: string; message: string }> };
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(typeof error.param).toBe("string");
      expect(error.message.length).toBeGreaterThan(5);
    }
  }
}

describe("fuzzing", () => {
  it("the decoder reads any query string or JSON value", () => {
    fc.assert(
      fc.property(queryString, jsonValue, (query, json) => {
        for (const decoded of [decodePlanQuery(query), decodePlanObject(json)]) {
          for (const problem of decoded.problems) expect(problem.param.length).toBeGreaterThan(0);
          expect(Object.getPrototypeOf(decoded.values)).toBe(Object.prototype);
        }
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });

  it("GET /api/bundle answers every query with 200 or 400", async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async (query) => {
        await expectClientAnswer(await GET(new Request(`http://127.0.0.1/api/bundle?${query}`)));
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Both outcomes happened: the campaign reached the generators and the error path alike.
    expect(statuses).toContain(200);
    expect(statuses).toContain(400);
  }, 600_000);

  it("POST /api/bundle answers every body with 200 or 400", async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        await expectClientAnswer(await POST(new Request("http://127.0.0.1/api/bundle", { method: "POST", body: text })));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
