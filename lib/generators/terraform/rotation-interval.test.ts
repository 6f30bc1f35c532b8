import { describe, expect, it } from "vitest";
import { longestHoursBetweenRotations } from "./rotation-interval";

const longestDays = (expression: string) => longestHoursBetweenRotations({ expression }) / 24;

describe("longestHoursBetweenRotations", () => {
  it("reads days and rate() outright", () => {
    expect(longestHoursBetweenRotations({ days: 30 })).toBe(720);
    expect(longestHoursBetweenRotations({ expression: "rate(3 days)" })).toBe(72);
    expect(longestHoursBetweenRotations({ expression: "rate(12 hours)" })).toBe(12);
  });

  it("walks hours, names, ranges, steps and lists", () => {
    expect(longestHoursBetweenRotations({ expression: "cron(0 0,12 * * ? *)" })).toBe(12);
    expect(longestHoursBetweenRotations({ expression: "cron(0 1-5 * * ? *)" })).toBe(20);
    expect(longestHoursBetweenRotations({ expression: "cron(0 */6 * * ? *)" })).toBe(6);
    expect(longestDays("cron(0 4 * * ? *)")).toBe(1);
    expect(longestDays("cron(0 4 ? * SUN *)")).toBe(7);
    expect(longestDays("cron(0 4 ? * 1 *)")).toBe(7);
    expect(longestDays("cron(0 4 ? * MON-FRI *)")).toBe(3);
    expect(longestDays("cron(0 4 1 JAN,JUL ? *)")).toBe(184);
    expect(longestDays("cron(0 4 1 */3 ? *)")).toBe(92);
  });

  it("reads a range written backwards as wrapping around, as the schedule builder does", () => {
    expect(longestDays("cron(0 4 ? * FRI-MON *)")).toBe(4); // Monday to Friday
    expect(longestDays("cron(0 4 ? * SAT-SUN *)")).toBe(6);
    expect(longestDays("cron(0 4 1 NOV-FEB ? *)")).toBe(274); // 1 February to 1 November of a leap year
  });

  it("follows AWS's day-of-month rules: L, LW, nW", () => {
    expect(longestDays("cron(0 4 L * ? *)")).toBe(31); // 28 February to 31 March
    expect(longestDays("cron(0 4 LW * ? *)")).toBe(33);
    expect(longestDays("cron(0 4 15W * ? *)")).toBe(32);
    expect(longestDays("cron(0 4 1W * ? *)")).toBe(33); // a Saturday 1st moves on to Monday the 3rd
    expect(longestDays("cron(0 4 31W * ? *)")).toBe(63);
    expect(longestDays("cron(0 4 31 * ? *)")).toBe(61); // 31 August to 31 October
  });

  it("follows AWS's day-of-week rules: L, nL, n#k", () => {
    expect(longestDays("cron(0 4 ? * L *)")).toBe(7); // Saturdays
    expect(longestDays("cron(0 4 ? * 6L *)")).toBe(35); // the last Friday of the month
    expect(longestDays("cron(0 4 ? * 2#1 *)")).toBe(35); // the first Monday
    expect(longestDays("cron(0 4 ? * 6#5 *)")).toBe(119); // a fifth Friday, when there is one
  });

  it("counts leap days, and schedules that (almost) never fire", () => {
    expect(longestDays("cron(0 4 29 FEB ? *)")).toBe(1461); // 2028 to 2032
    expect(longestHoursBetweenRotations({ expression: "cron(0 4 30 2 ? *)" })).toBe(Infinity);
    expect(longestHoursBetweenRotations({ expression: "cron(0 4 1 13 ? *)" })).toBe(Infinity);
    expect(longestHoursBetweenRotations({ expression: "nonsense" })).toBe(Infinity);
  });
});
