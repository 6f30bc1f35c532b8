import { checkScheduleExpression, checkWindowFits, cronFieldHours, MAX_ROTATION_DAYS, MIN_HOURS_BETWEEN_ROTATIONS } from "@/lib/config/schedule";

/**
 * The corrected value for the common schedule mistakes, offered as a one-click fix beside the error.
 * A suggestion is made only when it passes the same checks the plan schema runs (lib/config/schedule.ts,
 * cross-field-rules.ts), and only when the intent is clear: an expression that sets both day fields to
 * specific days, for example, gets no guess. Every function returns null when it has nothing to offer.
 */

const HOUR_UNITS = /^(h|hrs?|hours?)$/i;
const DAY_UNITS = /^(d|days?)$/i;
const WEEK_UNITS = /^(w|wks?|weeks?)$/i;

function rateText(value: number, unit: "hour" | "day"): string {
  return `rate(${value} ${unit}${value === 1 ? "" : "s"})`;
}

/** `rate(1 days)`, `rate(2 hour)`, `rate(3 hours)`, `rate(48 hours)`, `rate(2 weeks)`, `30 days`… */
function fixRate(text: string): string | null {
  const rate = /^(?:rate\s*\(?\s*)?(?:every\s+)?(\d{1,5})\s*([a-z]+)\s*\)?$/i.exec(text);
  if (!rate) return null;
  const value = Number(rate[1]);
  const unit = rate[2]!;
  if (HOUR_UNITS.test(unit)) {
    // At most one rotation every four hours; whole days of hours read better as days.
    if (value >= 24) return value % 24 === 0 ? rateText(Math.min(value / 24, MAX_ROTATION_DAYS), "day") : null;
    return rateText(Math.max(value, MIN_HOURS_BETWEEN_ROTATIONS), "hour");
  }
  const days = DAY_UNITS.test(unit) ? value : WEEK_UNITS.test(unit) ? value * 7 : null;
  if (days === null) return null;
  return rateText(Math.min(Math.max(days, 1), MAX_ROTATION_DAYS), "day");
}

/** The body of a cron(), however it was wrapped: `cron(…)`, `CRON (…)`, `cron …`, `(…)` or bare fields. */
function cronBody(text: string): string | null {
  const wrapped = /^cron\s*\((.*)\)$/i.exec(text) ?? /^cron\s+(.*)$/i.exec(text) ?? /^\((.*)\)$/.exec(text);
  if (wrapped) return wrapped[1]!.trim();
  return /^[\w*?,/#-]+(\s+[\w*?,/#-]+){4,6}$/.test(text) ? text : null;
}

/** Hours at least four apart: a step below four becomes four; a list keeps each hour four after the last kept. */
function spacedHours(field: string): string | null {
  const hours = cronFieldHours(field);
  if (hours === null) return null;
  const gaps = hours.slice(1).map((hour, i) => hour - hours[i]!);
  if (gaps.every((gap) => gap >= MIN_HOURS_BETWEEN_ROTATIONS)) return field;
  if (field === "*") return `*/${MIN_HOURS_BETWEEN_ROTATIONS}`;
  const stepped = /^(\*|\d{1,2}(?:-\d{1,2})?)\/\d{1,2}$/.exec(field);
  if (stepped) return `${stepped[1]}/${MIN_HOURS_BETWEEN_ROTATIONS}`;
  const kept: number[] = [];
  for (const hour of hours) if (kept.length === 0 || hour - kept[kept.length - 1]! >= MIN_HOURS_BETWEEN_ROTATIONS) kept.push(hour);
  return kept.join(",");
}

function fixCron(text: string): string | null {
  const body = cronBody(text);
  if (body === null) return null;
  const fields = body.split(/\s+/);
  // A Quartz expression starts with seconds; a Unix one has no year.
  if (fields.length === 7 && fields[0] === "0") fields.shift();
  if (fields.length === 5) fields.push("*");
  if (fields.length !== 6) return null;
  const [, hoursField, ...rest] = fields as [string, string, string, string, string, string];
  const [dayOfMonth, month, dayOfWeek] = rest.slice(0, 3).map((field) => field.toUpperCase()) as [string, string, string];
  const hours = spacedHours(hoursField);
  if (hours === null) return null;
  let [dom, dow] = [dayOfMonth, dayOfWeek];
  if (dom !== "?" && dow !== "?") {
    if (dow === "*") dow = "?";
    else if (dom === "*") dom = "?";
    else return null;
  }
  // Windows open on the hour, and schedules repeat within a year: minutes 0, year *.
  return `cron(0 ${hours} ${dom} ${month} ${dow} *)`;
}

/** The corrected schedule expression, or null when it is fine or no fix is clear. */
export function suggestScheduleFix(expression: string): string | null {
  const typed = expression.trim();
  if (typed === "" || checkScheduleExpression(typed).ok) return null;
  const text = typed.replace(/\s+/g, " ");
  const fixed = (/^cron/i.test(text) ? null : fixRate(text)) ?? fixCron(text);
  return fixed !== null && fixed !== typed && checkScheduleExpression(fixed).ok ? fixed : null;
}

/** The schedule a plan runs on: its expression, or `days` as rate(N days) (how the schema reads it too). */
function effectiveSchedule(days: string, schedule: string): string {
  if (schedule.trim() !== "") return schedule.trim();
  const count = Number(days.trim());
  return rateText(Number.isInteger(count) ? count : 0, "day");
}

/**
 * The corrected rotation window: `3` or `3 hours` → `3h`, 0 → 1h, more than 24h → 24h, and a window
 * longer than the schedule allows → the longest that fits (before the next window and the UTC day's end).
 */
export function suggestWindowFix(window: string, values: { days: string; schedule: string }): string | null {
  const text = window.trim();
  const hours = /^(\d{1,4})\s*([a-z]*)$/i.exec(text);
  const minutes = /^(\d{1,5})\s*(m|mins?|minutes?)$/i.exec(text);
  let value: number;
  if (minutes) value = Math.ceil(Number(minutes[1]) / 60);
  else if (hours && (hours[2] === "" || HOUR_UNITS.test(hours[2]!))) value = Number(hours[1]);
  else return null;
  value = Math.min(Math.max(value, 1), 24);
  const check = checkScheduleExpression(effectiveSchedule(values.days, values.schedule));
  if (check.ok && checkWindowFits(value, check.shape)) {
    const lastStart = check.shape.startHours[check.shape.startHours.length - 1] ?? 0;
    value = Math.min(check.shape.hoursBetween, 24 - lastStart);
  }
  const fixed = `${value}h`;
  return fixed === text ? null : fixed;
}

/** The corrected number of days: `30 days` → 30, `2 weeks` → 14, 0 → 1, above the maximum → the maximum. */
export function suggestDaysFix(days: string): string | null {
  const parsed = /^(\d{1,7})\s*([a-z]*)$/i.exec(days.trim());
  if (!parsed) return null;
  const unit = parsed[2]!;
  const count = unit === "" || DAY_UNITS.test(unit) ? Number(parsed[1]) : WEEK_UNITS.test(unit) ? Number(parsed[1]) * 7 : null;
  if (count === null) return null;
  const fixed = String(Math.min(Math.max(count, 1), MAX_ROTATION_DAYS));
  return fixed === days.trim() ? null : fixed;
}
