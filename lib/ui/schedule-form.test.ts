import { describe, expect, it } from "vitest";
import { validatePlan, defaultValues } from "@/lib/config";
import { builderFromSchedule, scheduleFromBuilder, weeklyExpression } from "./schedule-form";

const BASE = { days: "30", weekdays: ["SUN"], hour: "4", custom: "rate(12 hours)" };

describe("scheduleFromBuilder", () => {
  it("every N days: the days as typed and no schedule", () => {
    expect(scheduleFromBuilder({ ...BASE, mode: "every", days: "14" })).toEqual({ days: "14", schedule: "" });
  });

  it("weekly: a cron() at the hour on the chosen days, Monday first", () => {
    expect(scheduleFromBuilder({ ...BASE, mode: "weekly" })).toEqual({ days: "30", schedule: "cron(0 4 ? * SUN *)" });
    expect(scheduleFromBuilder({ ...BASE, mode: "weekly", weekdays: ["THU", "mon", "XYZ", "MON"], hour: 23 })).toEqual({
      days: "30",
      schedule: "cron(0 23 ? * MON,THU *)",
    });
  });

  it("custom: the expression, trimmed", () => {
    expect(scheduleFromBuilder({ ...BASE, mode: "custom", custom: "  cron(0 8 L * ? *) " })).toEqual({ days: "30", schedule: "cron(0 8 L * ? *)" });
  });

  it("an unknown mode is every N days", () => {
    expect(scheduleFromBuilder({ ...BASE, mode: "hourly" })).toEqual({ days: "30", schedule: "" });
  });

  it("every weekly choice makes a schedule the plan accepts; no day makes one it refuses", () => {
    const complete = { ...defaultValues(), subnets: "subnet-0123456789abcdef0" };
    for (let hour = 0; hour < 24; hour += 1) {
      expect(validatePlan({ ...complete, schedule: weeklyExpression(["MON", "WED", "FRI", "SAT", "SUN", "TUE", "THU"], hour) }).ok).toBe(true);
    }
    expect(validatePlan({ ...complete, schedule: weeklyExpression([], 4) }).ok).toBe(false);
    // An hour out of range falls back to 04:00 rather than making an invalid expression.
    expect(weeklyExpression(["SUN"], "24")).toBe("cron(0 4 ? * SUN *)");
  });
});

describe("builderFromSchedule", () => {
  it("reads what the weekly builder writes as weekly, and back", () => {
    expect(builderFromSchedule("cron(0 4 ? * MON,THU *)")).toEqual({ mode: "weekly", weekdays: ["MON", "THU"], hour: 4, custom: "" });
    for (const weekdays of [["SUN"], ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"], ["SAT", "SUN"]]) {
      const schedule = weeklyExpression(weekdays, 17);
      const state = builderFromSchedule(schedule);
      expect(state).toMatchObject({ mode: "weekly", hour: 17 });
      expect(scheduleFromBuilder({ ...BASE, ...state, days: "30" }).schedule).toBe(schedule);
    }
  });

  it("no schedule is every N days; anything else is custom, as typed", () => {
    expect(builderFromSchedule("")).toMatchObject({ mode: "every" });
    expect(builderFromSchedule("  ")).toMatchObject({ mode: "every" });
    for (const schedule of ["rate(7 days)", "cron(0 4 ? * 1 *)", "cron(0 4,16 ? * SUN *)", "cron(0 4 ? * MON-FRI *)", "cron(0 4 ? * SUN,SUN *)", "cron(0 30 ? * SUN *)", "cron(0 4 ? * sun *)"]) {
      expect(builderFromSchedule(schedule), schedule).toMatchObject({ mode: "custom", custom: schedule });
    }
  });
});
