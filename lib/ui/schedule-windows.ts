import { checkScheduleExpression, checkWindowFits, cronFieldHours, MAX_ROTATION_DAYS } from "@/lib/config/schedule";
import { calendarDayOf, cronDayMatcher } from "@/lib/config/cron-days";

/**
 * When the next rotation windows open and close, by AWS's documented rules:
 *
 * - Secrets Manager rotation schedules are in UTC, and windows always start on the hour.
 * - rate(N days), and AutomaticallyAfterDays (the plan's `days`), count from the previous rotation
 *   ("Secrets Manager calculates the next rotation date based on the previous rotation", RotationRulesType),
 *   and their window starts at midnight UTC.
 * - rate(N hours) opens at midnight UTC, then every N hours; a cron() opens at the hours it names, and
 *   "a cron expression that includes increments of hours resets each day".
 * - Without a Duration (the plan's `window`), a window closes after one hour for a schedule in hours and
 *   at the end of the UTC day for a schedule in days. A window never reaches into the next window or the
 *   next UTC day.
 *
 * Sources: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html and
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html
 */

export interface RotationWindow {
  start: Date;
  end: Date;
}

export type NextWindows =
  /** Windows at times the schedule names (cron(), rate(N hours)). */
  | { kind: "fixed"; windows: RotationWindow[] }
  /** Windows that follow the last rotation (days, rate(N days)): counted from a rotation on `from`'s UTC day. */
  | { kind: "after-rotation"; every: number; windows: RotationWindow[] }
  /** The schedule or the window is not valid yet: there is nothing to count. */
  | { kind: "invalid" };

export interface ScheduleValues {
  days: string;
  schedule: string;
  window: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far ahead to look: sixteen years find three of any date, even 29 February across 2100 (not a leap year). */
const SEARCH_DAYS = 16 * 366;

function startOfUtcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** The window's length in hours: the plan's `window`, or AWS's default for the schedule. */
function windowHours(window: string, startHour: number, hoursBetween: number): number {
  const given = /^\s*(\d{1,2})h\s*$/.exec(window);
  if (given) return Number(given[1]);
  return hoursBetween < 24 ? 1 : 24 - startHour;
}

/**
 * The next `count` rotation windows that open at or after `from`, or, for schedules that follow the last
 * rotation, the next `count` after a rotation on `from`'s UTC day.
 */
export function nextRotationWindows(values: ScheduleValues, from: Date, count: number): NextWindows {
  const expression = values.schedule.trim();
  const windowText = values.window.trim();
  if (windowText !== "" && !/^([1-9]|1\d|2[0-4])h$/.test(windowText)) return { kind: "invalid" };

  const days = expression === "" ? daysOf(values.days) : rateDays(expression);
  if (days !== null) {
    if (days === undefined) return { kind: "invalid" };
    const check = checkScheduleExpression(`rate(${days} ${days === 1 ? "day" : "days"})`);
    if (!check.ok || (windowText !== "" && checkWindowFits(Number.parseInt(windowText, 10), check.shape))) return { kind: "invalid" };
    const length = windowHours(windowText, 0, 24) * HOUR;
    const rotated = startOfUtcDay(from);
    const windows = Array.from({ length: count }, (_, i) => {
      const start = rotated + (i + 1) * days * DAY;
      return { start: new Date(start), end: new Date(start + length) };
    });
    return { kind: "after-rotation", every: days, windows };
  }

  const check = checkScheduleExpression(expression);
  if (!check.ok) return { kind: "invalid" };
  if (windowText !== "" && checkWindowFits(Number.parseInt(windowText, 10), check.shape)) return { kind: "invalid" };
  const { startHours, hoursBetween } = check.shape;
  const matches = dayMatcherOf(expression);
  if (!matches) return { kind: "invalid" };

  const windows: RotationWindow[] = [];
  const first = startOfUtcDay(from);
  for (let offset = 0; offset < SEARCH_DAYS && windows.length < count; offset += 1) {
    const day = new Date(first + offset * DAY);
    if (!matches(calendarDayOf(day))) continue;
    for (const hour of startHours) {
      const start = day.getTime() + hour * HOUR;
      if (start < from.getTime() || windows.length === count) continue;
      windows.push({ start: new Date(start), end: new Date(start + windowHours(windowText, hour, hoursBetween) * HOUR) });
    }
  }
  return { kind: "fixed", windows };
}

/** The plan's `days` as a number of days, or undefined when it is not one. */
function daysOf(text: string): number | undefined {
  const days = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  return Number.isInteger(days) && days >= 1 && days <= MAX_ROTATION_DAYS ? days : undefined;
}

/** N for rate(N days) (undefined when N is out of range), null for any other expression. */
function rateDays(expression: string): number | undefined | null {
  const rate = /^rate\((\d{1,4}) days?\)$/.exec(expression);
  if (!rate) return null;
  return checkScheduleExpression(expression).ok ? Number(rate[1]) : undefined;
}

/** Every day for rate(N hours); the day fields for a cron(). */
function dayMatcherOf(expression: string) {
  if (expression.startsWith("rate(")) return () => true;
  const fields = /^cron\((.*)\)$/.exec(expression)![1]!.trim().split(/\s+/);
  if (cronFieldHours(fields[1]!) === null) return null;
  return cronDayMatcher(fields[2]!, fields[3]!, fields[4]!);
}

/** A window as the page shows it in one time zone: its day, then its hours ("04:00 – 24:00"). */
export interface WindowText {
  day: string;
  hours: string;
}

/** One formatter per time zone: building one takes milliseconds, and the builder formats four dates a render. */
const FORMATS = new Map<string, Intl.DateTimeFormat>();

function parts(date: Date, timeZone: string) {
  let format = FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    FORMATS.set(timeZone, format);
  }
  const found = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  return { day: `${found.weekday} ${found.day} ${found.month} ${found.year}`, time: `${found.hour}:${found.minute}` };
}

/**
 * A window in a time zone: the day it opens and its hours. A window that ends at the next midnight ends
 * at "24:00"; one that ends later on the next day says so ("01:00 next day").
 */
export function formatWindow(window: RotationWindow, timeZone: string): WindowText {
  const start = parts(window.start, timeZone);
  const end = parts(window.end, timeZone);
  let closes = end.time;
  // A window lasts at most 24 hours, so a different day is the next one.
  if (end.day !== start.day) closes = end.time === "00:00" ? "24:00" : `${end.time} next day`;
  return { day: start.day, hours: `${start.time} – ${closes}` };
}
