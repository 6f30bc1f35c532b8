import { describe, expect, it } from "vitest";
import { checkScheduleExpression, checkWindowFits, defaultValues, planFields, readField, validatePlan, type PlanValues } from "@/lib/config";

const valid: PlanValues = {
  ...defaultValues(),
  subnets: "subnet-0123456789abcdef0, subnet-0fedcba9876543210",
  vpc: "vpc-0123456789abcdef0",
};

function problemsFor(changes: Partial<PlanValues>) {
  const result = validatePlan({ ...valid, ...changes });
  return result.ok ? {} : Object.fromEntries(result.problems.map((p) => [p.param, p.message]));
}

describe("plan schema", () => {
  it("accepts a complete default plan and splits the id lists", () => {
    const result = validatePlan(valid);
    expect(result.ok && result.plan.subnets).toEqual(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]);
  });

  it.each([
    [{ name: "App" }, "name", /lowercase letter/],
    [{ subnets: "subnet-xyz" }, "subnets", /subnet-0123456789abcdef0/],
    [{ subnets: "subnet-01234567,subnet-01234567" }, "subnets", /same id twice/],
    [{ sgs: "sg-1" }, "sgs", /sg-0123456789abcdef0/],
    [{ secret: "arn:aws:s3:::bucket" }, "secret", /"new" or the ARN/],
    [{ days: "0" }, "days", /at least 1/],
    [{ days: "seven" }, "days", /whole number/],
    [{ length: "7" }, "length", /at least 8/],
    [{ alarm: "not an email" }, "alarm", /e-mail address/],
    [{ exclude: "a b" }, "exclude", /printable ASCII/],
    [{ window: "25h" }, "window", /1h to 24h/],
    [{ runtime: "python2.7" }, "runtime", /python3.13/],
  ] as const)("rejects %o on its parameter", (changes, param, message) => {
    expect(problemsFor(changes)[param]).toMatch(message);
  });

  it("applies the rules between parameters", () => {
    expect(problemsFor({ strategy: "alternating" }).master).toMatch(/required with strategy=alternating/);
    expect(problemsFor({ engine: "mysql", platform: "self-managed", strategy: "managed" }).strategy).toMatch(/not offered/);
    expect(problemsFor({ engine: "mongodb", strategy: "managed" })).toEqual({});
    expect(problemsFor({ engine: "postgres", platform: "self-managed", strategy: "managed" }).strategy).toMatch(/not offered/);
    expect(problemsFor({ engine: "oracle", lambda: "bundled" }).lambda).toMatch(/choose lambda=sar/);
    expect(problemsFor({ engine: "mariadb", platform: "aurora" }).platform).toMatch(/not available for MariaDB/);
    // The VPC comes from the subnets: a plan needs no vpc, whatever sgs and endpoint are.
    expect(problemsFor({ vpc: "" })).toEqual({});
    expect(problemsFor({ vpc: "", sgs: "sg-01234567" })).toEqual({});
    expect(problemsFor({ vpc: "", sgs: "sg-01234567", endpoint: "nat" })).toEqual({});
    expect(problemsFor({ engine: "oracle", lambda: "sar", length: "31" })).toEqual({});
    expect(problemsFor({ exclude: "abcdefghijklmnopqrstuvwxyz" }).exclude).toMatch(/every lowercase letter/);
  });

  it("ignores what other choices make meaningless instead of failing on it", () => {
    // A half-typed master secret does not block a single-user plan, and Lambda settings do not block managed rotation.
    expect(problemsFor({ master: "arn:aws:secretsm" })).toEqual({});
    expect(problemsFor({ strategy: "managed", subnets: "", vpc: "", exclude: "x y" })).toEqual({});
    expect(problemsFor({ schedule: "rate(6 hours)", days: "0" })).toEqual({});
  });
});

describe("one field's reading (readField), kept between keystrokes", () => {
  it("reads each value as the field's own schema does, whatever was read before", () => {
    // Typed text, the default the diagram falls back on, and back: the readings kept must never answer for another value.
    const sequence = ["subnet-0123", "", "subnet-0123456789abcdef0", "subnet-0123", "subnet-0123456789abcdef0, subnet-", "", "subnet-0123"];
    for (const value of sequence) {
      const read = readField("subnets", value);
      const fresh = planFields.shape.subnets.safeParse(value);
      expect({ value, success: read.success, data: read.data }).toEqual({ value, success: fresh.success, data: fresh.data });
    }
  });

  it("keeps fields apart", () => {
    // 7 is a number of days, but too short for a password.
    expect(readField("days", "7").success).toBe(true);
    expect(readField("length", "7").success).toBe(false);
    expect(readField("days", "7").data).toBe(7);
  });
});

describe("AWS schedule rules", () => {
  it.each([
    "rate(4 hours)",
    "rate(23 hours)",
    "rate(1 day)",
    "rate(1000 days)",
    "cron(0 4 ? * SUN *)",
    "cron(0 0,12 1 * ? *)",
    "cron(0 */6 ? * MON-FRI *)",
    "cron(0 8 L * ? *)",
    "cron(0 3 ? * 2#1 *)",
  ])("accepts %s", (expression) => {
    expect(checkScheduleExpression(expression)).toMatchObject({ ok: true });
  });

  it.each([
    ["rate(3 hours)", /at most every four hours/],
    ["rate(1 days)", /singular/],
    ["rate(2 day)", /plural/],
    ["rate(1001 days)", /1 to 1000/],
    ["cron(15 4 ? * SUN *)", /minutes must be 0/],
    ["cron(0 4 ? * SUN 2027)", /year must be \*/],
    ["cron(0 4 * * * *)", /exactly one of day-of-month and day-of-week/],
    ["cron(0 4 ? * ? *)", /exactly one of day-of-month and day-of-week/],
    ["cron(0 */2 ? * SUN *)", /at least 4 hours apart/],
    ["cron(0 25 ? * SUN *)", /hours "25"/],
    ["cron(0 4 ? *)", /six fields/],
    ["every day", /must be rate/],
  ])("rejects %s", (expression, message) => {
    const check = checkScheduleExpression(expression);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });

  it("fits the window before the next window and the end of the UTC day", () => {
    const every6h = checkScheduleExpression("rate(6 hours)");
    const at20 = checkScheduleExpression("cron(0 20 ? * SUN *)");
    if (!every6h.ok || !at20.ok) throw new Error("valid schedules expected");
    expect(checkWindowFits(6, every6h.shape)).toBeNull();
    expect(checkWindowFits(7, every6h.shape)).toMatch(/at most 6h/);
    expect(checkWindowFits(4, at20.shape)).toBeNull();
    expect(checkWindowFits(5, at20.shape)).toMatch(/at most 4h/);
    expect(problemsFor({ schedule: "cron(0 20 ? * SUN *)", window: "5h" }).window).toMatch(/does not fit/);
    expect(problemsFor({ days: "30", window: "24h" })).toEqual({});
  });
});

describe("the network of a plan", () => {
  it("is complete with subnets alone: the VPC comes from them", () => {
    for (const changes of [{}, { sgs: "sg-0123456789abcdef0" }, { endpoint: "existing" }, { engine: "oracle", lambda: "sar" }] as const) {
      const result = validatePlan({ ...defaultValues(), subnets: "subnet-0123456789abcdef0", ...changes });
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
  });

  it("still takes a vpc id, and only a well-formed one", () => {
    expect(problemsFor({ vpc: "vpc-0123456789abcdef0" })).toEqual({});
    expect(problemsFor({ vpc: "vpc-xyz" }).vpc).toMatch(/VPC id like vpc-0123456789abcdef0/);
  });
});

describe("the ARNs of a plan", () => {
  const arn = (service: "secretsmanager" | "kms", region = "eu-west-1", account = "123456789012", partition = "aws") =>
    service === "kms"
      ? `arn:${partition}:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
      : `arn:${partition}:secretsmanager:${region}:${account}:secret:app-db-AbCdEf`;
  const alternating = { strategy: "alternating", master: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin-AbCdEf" } as const;

  it("accepts ARNs of one region and account, IAM ARNs without a region, and AWS managed policies", () => {
    expect(
      problemsFor({
        ...alternating,
        secret: arn("secretsmanager"),
        masterkms: arn("kms"),
        kms: arn("kms"),
        boundary: "arn:aws:iam::123456789012:policy/org/boundary",
      }),
    ).toEqual({});
    expect(problemsFor({ secret: arn("secretsmanager"), boundary: "arn:aws:iam::aws:policy/PowerUserAccess" })).toEqual({});
  });

  it.each([
    [{ secret: arn("secretsmanager"), kms: arn("kms", "us-east-1") }, "kms", /kms is in region us-east-1, but secret is in region eu-west-1/],
    [{ ...alternating, secret: arn("secretsmanager", "eu-west-1", "210987654321") }, "master", /master is in account 123456789012, but secret is in account 210987654321/],
    [{ ...alternating, masterkms: arn("kms", "eu-central-1") }, "masterkms", /masterkms is in region eu-central-1, but master is in region eu-west-1/],
    [{ kms: arn("kms"), boundary: "arn:aws:iam::210987654321:policy/boundary" }, "boundary", /boundary is in account 210987654321, but kms is in account 123456789012/],
    [{ kms: arn("kms"), boundary: "arn:aws-cn:iam::123456789012:policy/boundary" }, "boundary", /boundary is in partition aws-cn, but kms is in partition aws/],
    [{ strategy: "managed", secret: arn("secretsmanager"), kms: arn("kms", "us-east-1") }, "kms", /kms is in region us-east-1, but secret/],
  ] as const)("rejects %o on the later parameter, naming both", (changes, param, message) => {
    const problems = problemsFor(changes);
    expect(problems[param], JSON.stringify(problems)).toMatch(message);
    expect(problems[param]).toMatch(/every ARN of a plan must be in the/);
  });

  it("ignores the ARNs that other choices make meaningless", () => {
    // A master secret from elsewhere means nothing to a single-user plan.
    expect(problemsFor({ kms: arn("kms"), master: arn("secretsmanager", "us-east-1") })).toEqual({});
  });
});
