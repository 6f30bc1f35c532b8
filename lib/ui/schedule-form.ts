/**
 * The schedule builder's three ways to say when the password changes, and the plan values each one
 * makes. Both the wizard (components/wizard/schedule-builder.tsx) and the server's no-JavaScript form
 * read their controls through this one function, so a schedule means the same with and without scripts.
 *
 * The controls (their names are the no-JavaScript form's contract):
 *   `schedulemode` every | weekly | custom
 *   `days`         the "every N days" number (the plan's `days`)
 *   `weekday`      MON … SUN, any number of them (weekly)
 *   `hour`         0 … 23, the UTC hour the weekly window opens
 *   `schedule`     the custom expression (the plan's `schedule`)
 */

export const SCHEDULE_MODES = ["every", "weekly", "custom"] as const;
export type ScheduleMode = (typeof SCHEDULE_MODES)[number];

/** Monday first, as people read a week; cron() takes the names in any order. */
export const WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  MON: "Monday",
  TUE: "Tuesday",
  WED: "Wednesday",
  THU: "Thursday",
  FRI: "Friday",
  SAT: "Saturday",
  SUN: "Sunday",
};

/** The weekly builder's starting point before the user picks: Sunday at 04:00 UTC, a quiet hour in most places. */
export const DEFAULT_WEEKDAYS: readonly Weekday[] = ["SUN"];
export const DEFAULT_HOUR = 4;

export interface ScheduleBuilderInput {
  mode: string;
  days: string;
  weekdays: readonly string[];
  hour: string | number;
  custom: string;
}

export interface BuilderState {
  mode: ScheduleMode;
  weekdays: Weekday[];
  hour: number;
  custom: string;
}

export function isScheduleMode(value: unknown): value is ScheduleMode {
  return typeof value === "string" && (SCHEDULE_MODES as readonly string[]).includes(value);
}

/** Known day names in Monday-first order, each once; anything else is dropped. */
export function normalWeekdays(values: readonly string[]): Weekday[] {
  const wanted = new Set(values.map((value) => value.trim().toUpperCase()));
  return WEEKDAYS.filter((day) => wanted.has(day));
}

/** A whole hour 0–23, or the default when the value is anything else. */
export function normalHour(value: string | number): number {
  const hour = typeof value === "number" ? value : /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : DEFAULT_HOUR;
}

/**
 * The weekly cron() expression. With no day chosen it puts `?` in both day fields, which the schema
 * refuses (a schedule that names no day); the builder says "choose at least one day" beside it.
 */
export function weeklyExpression(weekdays: readonly string[], hour: string | number): string {
  const days = normalWeekdays(weekdays);
  return `cron(0 ${normalHour(hour)} ? * ${days.length > 0 ? days.join(",") : "?"} *)`;
}

/**
 * The plan's `days` and `schedule` from the builder's controls. `days` is always passed through as typed
 * (the plan ignores it when a schedule is given, and keeps it for the way back to "every N days").
 * An unknown mode counts as "every": an empty schedule, which is what the plan does without one.
 */
export function scheduleFromBuilder({ mode, days, weekdays, hour, custom }: ScheduleBuilderInput): { days: string; schedule: string } {
  switch (mode) {
    case "weekly":
      return { days, schedule: weeklyExpression(weekdays, hour) };
    case "custom":
      return { days, schedule: custom.trim() };
    default:
      return { days, schedule: "" };
  }
}

const WEEKLY = /^cron\(0 (\d{1,2}) \? \* ((?:MON|TUE|WED|THU|FRI|SAT|SUN)(?:,(?:MON|TUE|WED|THU|FRI|SAT|SUN))*) \*\)$/;

/**
 * The builder's state for a plan's schedule: none → every N days; a cron() at one hour on plain day
 * names (what the weekly builder writes) → weekly; anything else → custom, with the expression as typed.
 */
export function builderFromSchedule(schedule: string): BuilderState {
  const expression = schedule.trim();
  if (expression === "") return { mode: "every", weekdays: [...DEFAULT_WEEKDAYS], hour: DEFAULT_HOUR, custom: "" };
  const weekly = WEEKLY.exec(expression);
  const hour = weekly ? Number(weekly[1]) : Number.NaN;
  if (weekly && hour <= 23) {
    const days = weekly[2]!.split(",");
    // A list with a day twice is valid cron but not what the builder writes: keep it as typed.
    if (new Set(days).size === days.length) return { mode: "weekly", weekdays: normalWeekdays(days), hour, custom: "" };
  }
  return { mode: "custom", weekdays: [...DEFAULT_WEEKDAYS], hour: DEFAULT_HOUR, custom: schedule };
}

/** "Weekly" as words for the hour select: 04:00. */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}
