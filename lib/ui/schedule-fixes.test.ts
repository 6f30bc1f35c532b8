import { describe, expect, it } from "vitest";
import { checkScheduleExpression, defaultValues, validatePlan, type PlanValues } from "@/lib/config";
import { suggestDaysFix, suggestScheduleFix, suggestWindowFix } from "./schedule-fixes";

const COMPLETE: PlanValues = { ...defaultValues(), subnets: "subnet-0123456789abcdef0", vpc: "vpc-0123456789abcdef0" };

/** The plan schema's problems with these changes to a complete plan, parameter → message. */
function problems(changes: Partial<PlanValues>): Record<string, string> {
  const result = validatePlan({ ...COMPLETE, ...changes });
  return result.ok ? {} : Object.fromEntries(result.problems.map((problem) => [problem.param, problem.message]));
}

describe("suggestScheduleFix", () => {
  it.each([
    // Both day fields set: the one that says "every day" gives way.
    ["cron(0 4 * * SUN *)", "cron(0 4 ? * SUN *)"],
    ["cron(0 4 1 * * *)", "cron(0 4 1 * ? *)"],
    ["cron(0 4 * * * *)", "cron(0 4 * * ? *)"],
    // Windows open on the hour.
    ["cron(30 4 ? * SUN *)", "cron(0 4 ? * SUN *)"],
    // Five fields: the year is missing.
    ["cron(0 4 ? * SUN)", "cron(0 4 ? * SUN *)"],
    ["cron(0 4 ? * SUN 2027)", "cron(0 4 ? * SUN *)"],
    // No cron( … ) around the fields, or a stray spelling of it.
    ["0 4 ? * SUN *", "cron(0 4 ? * SUN *)"],
    ["CRON(0 4 ? * SUN *)", "cron(0 4 ? * SUN *)"],
    ["cron 0 4 ? * SUN *", "cron(0 4 ? * SUN *)"],
    ["0 4 * * SUN", "cron(0 4 ? * SUN *)"],
    // Lowercase names.
    ["cron(0 4 ? jan,jul sun,wed *)", "cron(0 4 ? JAN,JUL SUN,WED *)"],
    ["cron(0 4 l * ? *)", "cron(0 4 L * ? *)"],
    // rate(): singular and plural, and at most every four hours.
    ["rate(1 days)", "rate(1 day)"],
    ["rate(2 day)", "rate(2 days)"],
    ["rate(12 hour)", "rate(12 hours)"],
    ["rate(1 hour)", "rate(4 hours)"],
    ["rate(2 hours)", "rate(4 hours)"],
    ["rate(48 hours)", "rate(2 days)"],
    ["rate(2 weeks)", "rate(14 days)"],
    ["rate(1001 days)", "rate(1000 days)"],
    ["rate(0 days)", "rate(1 day)"],
    ["30 days", "rate(30 days)"],
    ["Rate(7 Days)", "rate(7 days)"],
    // Hours closer than four apart.
    ["cron(0 */2 ? * SUN *)", "cron(0 */4 ? * SUN *)"],
    ["cron(0 * ? * SUN *)", "cron(0 */4 ? * SUN *)"],
    ["cron(0 2-20/3 ? * SUN *)", "cron(0 2-20/4 ? * SUN *)"],
    ["cron(0 0,2,8,10 ? * SUN *)", "cron(0 0,8 ? * SUN *)"],
    // Several at once.
    ["15 4 * * sun", "cron(0 4 ? * SUN *)"],
  ])("%s → %s, which the plan schema accepts", (typed, fixed) => {
    expect(problems({ schedule: typed }).schedule, "the typed value is refused").toBeDefined();
    expect(suggestScheduleFix(typed)).toBe(fixed);
    expect(checkScheduleExpression(fixed)).toMatchObject({ ok: true });
    expect(problems({ schedule: fixed })).toEqual({});
  });

  it.each([
    "",
    "cron(0 4 ? * SUN *)",
    "rate(30 days)",
    // Both day fields name days: which one was meant is not clear.
    "cron(0 4 1 * MON *)",
    "cron(0 4 ? * ? *)",
    "every day",
    "rate(36 hours)",
    "cron(0 25 ? * SUN *)",
  ])("offers nothing for %j", (typed) => {
    expect(suggestScheduleFix(typed)).toBeNull();
  });
});

describe("suggestWindowFix", () => {
  it.each([
    ["3", {}, "3h"],
    ["3 hours", {}, "3h"],
    ["3H", {}, "3h"],
    ["03h", {}, "3h"],
    ["0h", {}, "1h"],
    ["25h", {}, "24h"],
    ["90 minutes", {}, "2h"],
    // Longer than the schedule allows: before the next window, and before the UTC day ends.
    ["5h", { schedule: "cron(0 20 ? * SUN *)" }, "4h"],
    ["8h", { schedule: "rate(6 hours)" }, "6h"],
    ["24h", { schedule: "cron(0 4,16 * * ? *)" }, "8h"],
    ["12", { schedule: "cron(0 18 ? * SUN *)" }, "6h"],
  ] as const)("%s with %j → %s, which the plan schema accepts", (typed, changes, fixed) => {
    expect(problems({ ...changes, window: typed }).window, "the typed value is refused").toBeDefined();
    expect(suggestWindowFix(typed, { days: COMPLETE.days, schedule: "", ...changes })).toBe(fixed);
    expect(problems({ ...changes, window: fixed })).toEqual({});
  });

  it.each(["", "3h", "soon", "3 days"])("offers nothing for %j", (typed) => {
    expect(suggestWindowFix(typed, { days: "30", schedule: "" })).toBeNull();
  });
});

describe("suggestDaysFix", () => {
  it.each([
    ["1001", "1000"],
    ["5000", "1000"],
    ["0", "1"],
    ["30 days", "30"],
    ["2 weeks", "14"],
    [" 7d ", "7"],
  ])("%s → %s, which the plan schema accepts", (typed, fixed) => {
    expect(problems({ days: typed }).days, "the typed value is refused").toBeDefined();
    expect(suggestDaysFix(typed)).toBe(fixed);
    expect(problems({ days: fixed })).toEqual({});
  });

  it.each(["30", "", "monthly", "-3"])("offers nothing for %j", (typed) => {
    expect(suggestDaysFix(typed)).toBeNull();
  });
});
