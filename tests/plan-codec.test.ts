import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePlanObject, decodePlanQuery, defaultValues, encodePlanQuery, PLAN_PARAMS, validatePlan, type PlanValues } from "@/lib/config";
import { MAX_CONSECUTIVE_INVALID, planArbitrary, planValuesArbitrary, validPlans } from "./support/plan-arbitrary";

const NETWORK = "subnets=subnet-0123456789abcdef0,subnet-0fedcba9876543210&vpc=vpc-0123456789abcdef0";

describe("share URL codec", () => {
  it("decodes an encoded valid plan to the same plan", () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const decoded = decodePlanQuery(encodePlanQuery(plan));
        expect(decoded.problems).toEqual([]);
        expect(decoded.plan).toEqual(plan);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary query strings, and names a parameter in every problem", () => {
    const key = fc.oneof(fc.constantFrom(...PLAN_PARAMS, "__proto__", "constructor"), fc.string());
    const query = fc.oneof(
      fc.string(),
      fc.array(fc.tuple(key, fc.string()), { maxLength: 8 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")),
    );
    fc.assert(
      fc.property(query, (text) => {
        const decoded = decodePlanQuery(text);
        for (const problem of decoded.problems) {
          expect(problem.param).not.toBe("");
          expect(problem.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("writes only values that differ from their defaults, in a stable order", () => {
    const result = validatePlan({ ...defaultValues("mysql"), subnets: "subnet-0123456789abcdef0", vpc: "vpc-0123456789abcdef0", days: "7", name: "orders" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(encodePlanQuery(result.plan)).toBe("name=orders&engine=mysql&subnets=subnet-0123456789abcdef0&vpc=vpc-0123456789abcdef0&days=7");
  });

  it("reports each bad parameter and falls back for that parameter only", () => {
    const decoded = decodePlanQuery(`engine=nosuch&${NETWORK}&days=5000&window=2h&kms=not-an-arn&colour=blue`);
    expect(decoded.problems.map((p) => p.param).sort()).toEqual(["colour", "days", "engine", "kms"]);
    expect(decoded.problems.find((p) => p.param === "days")?.message).toMatch(/days must be at most 1000/);
    expect(decoded.values.engine).toBe("postgres");
    expect(decoded.values.window).toBe("2h");
    expect(decoded.values.subnets).toBe("subnet-0123456789abcdef0,subnet-0fedcba9876543210");
    expect(decoded.plan?.days).toBe(30);
  });

  it("blames a cross-field conflict on the given parameter and settles it one fallback at a time", () => {
    const decoded = decodePlanQuery(`engine=oracle&platform=aurora&strategy=managed&lambda=bundled&${NETWORK}`);
    const params = decoded.problems.map((p) => p.param);
    // aurora is not offered for Oracle; once it falls back to rds, managed rotation is valid there.
    expect(params[0]).toBe("platform");
    expect(params).not.toContain("strategy");
    expect(decoded.plan?.strategy).toBe("managed");
    // With managed rotation, Lambda settings mean nothing: they are reported, not silently kept.
    expect(params).toEqual(expect.arrayContaining(["lambda", "subnets", "vpc"]));
  });

  it("reports repeated parameters", () => {
    const decoded = decodePlanQuery(`engine=mysql&engine=postgres&${NETWORK}`);
    expect(decoded.problems).toEqual([{ param: "engine", message: expect.stringMatching(/more than once/) }]);
    expect(decoded.plan?.engine).toBe("mysql");
  });

  it("leaves missing required values to the form instead of calling them input problems", () => {
    const decoded = decodePlanQuery("strategy=alternating");
    expect(decoded.problems).toEqual([]);
    expect(decoded.plan).toBeNull();
    const validation = validatePlan(decoded.values);
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.problems.map((p) => p.param).sort()).toEqual(["master", "subnets"]);
  });

  it("reads plan JSON with arrays, numbers and booleans, and reports unknown keys", () => {
    const decoded = decodePlanObject({ engine: "mariadb", subnets: ["subnet-0123456789abcdef0"], vpc: "vpc-0123456789abcdef0", days: 14, immediately: false, colour: 1 });
    expect(decoded.problems).toEqual([{ param: "colour", message: expect.stringMatching(/not a plan parameter/) }]);
    expect(decoded.plan).toMatchObject({ engine: "mariadb", subnets: ["subnet-0123456789abcdef0"], days: 14, immediately: false });
    expect(decodePlanObject([1, 2]).problems[0]?.param).toBe("plan");
  });
});

describe("decoding any JavaScript value", () => {
  const ID = "subnet-0123456789abcdef0";
  const throwing = (thrown: unknown) =>
    Object.defineProperty({ vpc: "vpc-0123456789abcdef0" }, "engine", {
      enumerable: true,
      get() {
        throw thrown;
      },
    });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const sparse: string[] = [];
  sparse.length = 2 ** 32 - 1;

  /** Decodes without throwing, into problems that name a parameter and say what is allowed. */
  function decodedProblems(input: unknown): Record<string, string> {
    const decoded = decodePlanObject(input);
    expect(Object.getPrototypeOf(decoded.values)).toBe(Object.prototype);
    for (const param of PLAN_PARAMS) expect(decoded.values[param], param).toEqual(expect.anything());
    return Object.fromEntries(decoded.problems.map((p) => [p.param, p.message]));
  }

  it.each([
    ["an object without prototype in an id list", { sgs: [Object.create(null)] }, "sgs", /sgs must be a list of ids as text, like \["sg-0123456789abcdef0"\]; item 1 is an object/],
    ["a symbol in an id list", { subnets: [ID, Symbol("x")] }, "subnets", /item 2 is a symbol/],
    ["a BigInt in an id list", { subnets: [1n] }, "subnets", /item 1 is a BigInt/],
    ["a nested list", { subnets: [[ID]] }, "subnets", /item 1 is a list/],
    ["a hole in a list", { subnets: [ID, , ID] }, "subnets", /item 2 is undefined/],
    ["a list of 4 billion holes", { subnets: sparse }, "subnets", /this list has 4294967295 items, far more than a plan takes/],
    ["a million ids", { sgs: new Array(1_000_000).fill("sg-0123456789abcdef0") }, "sgs", /this list has 1000000 items/],
    ["17 ids", { subnets: Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(8, "0")}`) }, "subnets", /subnets takes at most 16 ids/],
    ["an object without prototype as a value", { name: Object.create(null) }, "name", /name must be text/],
    ["an object whose length throws (zod reads it)", { alarm: Object.defineProperty({}, "length", { get: () => { throw new Error("x"); } }) }, "alarm", /alarm must be text/],
    ["a symbol as a value", { engine: Symbol("mysql") }, "engine", /engine must be one of: postgres/],
    ["a BigInt as a number", { days: 7n }, "days", /days must be a whole number from 1 to/],
    ["a getter that throws an Error", throwing(new Error("boom")), "engine", /engine could not be read \(Error: boom\); a parameter's value must be text, a number, true or false/],
    ["a getter that throws an object without prototype", throwing(Object.create(null)), "engine", /engine could not be read \(a thrown object\)/],
    ["a symbol as a key", { [Symbol("engine")]: "mysql" }, "Symbol(engine)", /Symbol\(engine\) is not a plan parameter; known: name, engine/],
    ["a revoked proxy as a value", { name: revoked.proxy }, "name", /name must be text, a number, true or false; it could not be read \(TypeError: /],
    ["a revoked proxy in an id list", { subnets: [revoked.proxy] }, "subnets", /item 1 is an unreadable object/],
  ])("reports %s on its parameter", (_, input, param, message) => {
    const problems = decodedProblems(input);
    expect(problems[param], JSON.stringify(problems)).toMatch(message);
  });

  it.each([
    ["undefined", undefined, /not undefined/],
    ["a BigInt", 10n, /not a BigInt/],
    ["a symbol", Symbol("plan"), /not a symbol/],
    ["a function", () => ({ engine: "mysql" }), /not a function/],
    ["a list", [{ engine: "mysql" }], /not a list/],
    ["a revoked proxy", revoked.proxy, /could not be read \(TypeError: .*\); it must be a JSON object of parameters/],
    [
      "a proxy whose keys cannot be listed",
      new Proxy({}, { ownKeys: () => { throw new Error("no keys"); } }),
      /plan could not be read \(Error: no keys\)/,
    ],
  ])("reports %s as a plan that is not an object", (_, input, message) => {
    expect(decodedProblems(input)).toEqual({ plan: expect.stringMatching(message) });
  });

  it("still reads the other parameters of an object with a bad one", () => {
    const decoded = decodePlanObject(Object.assign(throwing(new Error("boom")), { subnets: [ID], name: "orders" }));
    expect(decoded.problems.map((p) => p.param)).toEqual(["engine"]);
    expect(decoded.plan).toMatchObject({ engine: "postgres", name: "orders", subnets: [ID], vpc: "vpc-0123456789abcdef0" });
  });

  it("reports a query that is not text", () => {
    for (const [query, what] of [[undefined, "undefined"], [42, "a number"], [Symbol("q"), "a symbol"], [{ engine: "mysql" }, "an object"]] as const) {
      const decoded = decodePlanQuery(query as never);
      expect(decoded.problems).toEqual([{ param: "query", message: `query must be a query string like engine=mysql&subnets=subnet-0123456789abcdef0, not ${what}` }]);
      expect(decoded.values).toEqual(defaultValues());
    }
  });
});

describe("the generator of valid plans", () => {
  it("draws valid plans of every engine and strategy", () => {
    const plans = fc.sample(planArbitrary, { numRuns: 300, seed: 5 });
    for (const plan of plans) expect(validatePlan(plan).ok).toBe(true);
    expect(new Set(plans.map((plan) => plan.engine)).size).toBeGreaterThan(5);
    expect(new Set(plans.map((plan) => plan.strategy))).toEqual(new Set(["single", "alternating", "managed"]));
  });

  it("fails fast, naming the problem, when a new required parameter makes every drawn plan invalid", () => {
    // As if the schema had gained a required parameter that the generator does not draw.
    const withRequiredRegion = (values: PlanValues) => {
      const result = validatePlan(values);
      const region = { param: "region", message: "region is required: the AWS region, like eu-west-1" };
      return result.ok ? { ok: false as const, problems: [region] } : { ok: false as const, problems: [...result.problems, region] };
    };
    const started = Date.now();
    let thrown: unknown;
    try {
      fc.assert(fc.property(validPlans(planValuesArbitrary, withRequiredRegion), () => true), { numRuns: 10, seed: 1 });
    } catch (error) {
      thrown = error;
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(String(thrown)).toMatch(new RegExp(`${MAX_CONSECUTIVE_INVALID} plans drawn in a row were all invalid`));
    expect(String(thrown)).toContain(`region: region is required: the AWS region, like eu-west-1 (${MAX_CONSECUTIVE_INVALID} of ${MAX_CONSECUTIVE_INVALID})`);
    expect(String(thrown)).toContain("tests/support/plan-arbitrary.ts");
  });

  it("tolerates some invalid draws: only a run of them is a failure", () => {
    let calls = 0;
    const everyOtherInvalid = (values: PlanValues) => (++calls % 2 === 0 ? validatePlan(values) : { ok: false as const, problems: [{ param: "x", message: "x is odd" }] });
    expect(fc.sample(validPlans(planValuesArbitrary, everyOtherInvalid), { numRuns: 20, seed: 2 })).toHaveLength(20);
  });
});
