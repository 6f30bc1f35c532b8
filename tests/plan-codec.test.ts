import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePlanObject, decodePlanQuery, defaultValues, encodePlanQuery, PLAN_PARAMS, validatePlan } from "@/lib/config";
import { planArbitrary } from "./support/plan-arbitrary";

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
    if (!validation.ok) expect(validation.problems.map((p) => p.param).sort()).toEqual(["master", "subnets", "vpc"]);
  });

  it("reads plan JSON with arrays, numbers and booleans, and reports unknown keys", () => {
    const decoded = decodePlanObject({ engine: "mariadb", subnets: ["subnet-0123456789abcdef0"], vpc: "vpc-0123456789abcdef0", days: 14, immediately: false, colour: 1 });
    expect(decoded.problems).toEqual([{ param: "colour", message: expect.stringMatching(/not a plan parameter/) }]);
    expect(decoded.plan).toMatchObject({ engine: "mariadb", subnets: ["subnet-0123456789abcdef0"], days: 14, immediately: false });
    expect(decodePlanObject([1, 2]).problems[0]?.param).toBe("plan");
  });
});
