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
/** A complete plan object (the network given), so that hostile extra keys still reach the generators. */
const VALID_OBJECT = { subnets: ["subnet-0123456789abcdef0"], vpc: "vpc-0123456789abcdef0" };
const jsonObject = fc.dictionary(key, jsonValue, { maxKeys: 12 });
const body = fc.oneof(
  jsonObject.map((o) => JSON.stringify(o)),
  jsonObject.map((o) => JSON.stringify({ ...VALID_OBJECT, ...o })),
  jsonValue.map((v) => JSON.stringify(v) ?? "null"),
  fc.string(),
);

/**
 * A value that cannot be looked at without a throw (a getter that throws, a proxy). fast-check prints the
 * counterexample of a failure, and printing such a value would throw in place of the report; so the
 * arbitraries hold this recipe, which prints as its label, and the property makes the value (`materialize`).
 */
class Hostile {
  constructor(
    readonly label: string,
    readonly make: () => unknown,
  ) {}

  [fc.toStringMethod](): string {
    return this.label;
  }
}

const thrownValue = fc.constantFrom<[string, unknown]>(["Error", new Error("boom")], ["object without prototype", Object.create(null)], ["text", "text"], ["undefined", undefined], ["symbol", Symbol("thrown")]);
const throwingGetter = fc.tuple(key, thrownValue).map(
  ([name, [what, thrown]]) =>
    new Hostile(`{ get ${JSON.stringify(name)}() { throw ${what} } }`, () =>
      Object.defineProperty({}, name, {
        enumerable: true,
        get() {
          throw thrown;
        },
      }),
    ),
);
const hostileObject = fc.oneof(
  throwingGetter,
  fc.constant(new Hostile("Proxy whose ownKeys throws", () => new Proxy({}, { ownKeys: () => { throw new Error("no keys"); } }))),
  fc.constant(
    new Hostile("revoked Proxy", () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }),
  ),
);

/** The value a recipe stands for, in the value and the objects and lists right under it (where the arbitraries put recipes). */
function materialize(value: unknown, depth = 2): unknown {
  if (value instanceof Hostile) return value.make();
  if (depth === 0 || typeof value !== "object" || value === null || !holdsHostile(value)) return value;
  if (Array.isArray(value)) return value.map((item) => materialize(item, depth - 1));
  const copy: object = Object.create(Object.getPrototypeOf(value) as object | null);
  for (const name of Object.keys(value)) {
    Object.defineProperty(copy, name, { value: materialize((value as Record<string, unknown>)[name], depth - 1), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function holdsHostile(value: object): boolean {
  const children = Array.isArray(value) ? value : Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null ? Object.values(value) : [];
  return children.some((child) => child instanceof Hostile || (typeof child === "object" && child !== null && Array.isArray(child) && child.some((item) => item instanceof Hostile)));
}

/**
 * What a JavaScript caller, unlike JSON.parse, can hand the decoder: objects without a prototype, symbols,
 * BigInts, boxed values, dates, maps, sparse and typed arrays, getters that throw, proxies.
 */
const jsValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    key,
    values: [hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), fc.constantFrom(Symbol("x"), Symbol.iterator)],
    maxDepth: 3,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withObjectString: true,
    withNullPrototype: true,
    withBigInt: true,
    withDate: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
  hostileObject,
  fc.constantFrom<unknown>(Symbol("plan"), () => VALID_OBJECT),
);
const planParam = fc.constantFrom(...PLAN_PARAMS);
/** Hostile values on plan parameters, alone or on top of a complete plan. */
const hostilePlan = fc.oneof(
  jsValue,
  fc.dictionary(fc.oneof(planParam, key), jsValue, { maxKeys: 6, noNullPrototype: false }),
  fc.dictionary(planParam, fc.oneof(jsValue, jsonValue), { maxKeys: 6 }).map((o) => ({ ...VALID_OBJECT, ...o })),
  fc.record({ subnets: fc.array(fc.oneof(jsValue, fc.constant("subnet-0123456789abcdef0")), { maxLength: 20 }), sgs: fc.array(jsValue, { maxLength: 3 }) }),
);

/** Outcomes per test: each campaign must reach both the accepted and the rejected path, or it proved nothing. */
const statuses = { GET: new Set<number>(), POST: new Set<number>() };

async function expectClientAnswer(response: Response, method: keyof typeof statuses) {
  statuses[method].add(response.status);
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
  it("the decoder reads any query string, JSON value or JavaScript value", () => {
    const accepted = { query: 0, json: 0, javascript: 0 };
    fc.assert(
      fc.property(queryString, fc.oneof(jsonValue, jsonObject.map((o) => ({ ...VALID_OBJECT, ...o }))), hostilePlan, (query, json, value) => {
        const decodings = { query: decodePlanQuery(query), json: decodePlanObject(json), javascript: decodePlanObject(materialize(value)) };
        for (const [input, decoded] of Object.entries(decodings)) {
          for (const problem of decoded.problems) {
            expect(problem.param.length).toBeGreaterThan(0);
            expect(problem.message.length).toBeGreaterThan(10);
          }
          expect(Object.getPrototypeOf(decoded.values)).toBe(Object.prototype);
          if (decoded.plan) accepted[input as keyof typeof accepted]++;
        }
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
    // Every kind of input made a plan at least once: the property checked the accepted path, not only rejections.
    for (const [input, count] of Object.entries(accepted)) expect(count, `no ${input} input was accepted as a plan`).toBeGreaterThan(0);
  }, 600_000);

  it("GET /api/bundle answers every query with 200 or 400", async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async (query) => {
        await expectClientAnswer(await GET(new Request(`http://127.0.0.1/api/bundle?${query}`)), "GET");
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Both outcomes happened: the campaign reached the generators and the error path alike.
    expect(statuses.GET).toContain(200);
    expect(statuses.GET).toContain(400);
  }, 600_000);

  it("POST /api/bundle answers every body with 200 or 400", async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        await expectClientAnswer(await POST(new Request("http://127.0.0.1/api/bundle", { method: "POST", body: text })), "POST");
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(statuses.POST).toContain(200);
    expect(statuses.POST).toContain(400);
  }, 600_000);
});
