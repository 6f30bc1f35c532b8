/**
 * AWS Secrets Manager's rules for rotation schedules (RotationRulesType): `rate()` and `cron()`
 * expressions, at most one rotation every four hours, cron minutes 0 and year `*`, and a rotation
 * window (`Duration`) that ends before the next window and before the end of the UTC day.
 */

export const MIN_HOURS_BETWEEN_ROTATIONS = 4;
export const MAX_ROTATION_DAYS = 1000;

/** What a valid schedule means, in hours of the UTC day. */
export interface ScheduleShape {
  /** UTC hours at which a rotation window may open, ascending. */
  startHours: number[];
  /** Hours until the next window opens (24 for daily or rarer schedules). */
  hoursBetween: number;
}

export type ScheduleCheck = { ok: true; shape: ScheduleShape } | { ok: false; message: string };

const RATE = /^rate\((\d{1,4}) (hours?|days?)\)$/;
const CRON = /^cron\((.*)\)$/;

export function checkScheduleExpression(expression: string): ScheduleCheck {
  const rate = RATE.exec(expression);
  if (rate) return checkRate(Number(rate[1]), rate[2]!);
  const cron = CRON.exec(expression);
  if (cron) return checkCron(cron[1]!);
  return fail("must be rate(N hours), rate(N days) or cron(0 H DOM MON DOW *)");
}

function checkRate(value: number, unit: string): ScheduleCheck {
  const plural = unit.endsWith("s");
  if (value === 1 && plural) return fail(`write rate(1 ${unit.slice(0, -1)}), singular`);
  if (value !== 1 && !plural) return fail(`write rate(${value} ${unit}s), plural`);
  if (unit.startsWith("hour")) {
    if (value < MIN_HOURS_BETWEEN_ROTATIONS || value > 23) {
      return fail("rate in hours must be 4 to 23 hours: AWS rotates at most every four hours (use days beyond that)");
    }
    // A rate() window opens at midnight UTC, then every `value` hours within the day.
    const startHours = [];
    for (let hour = 0; hour < 24; hour += value) startHours.push(hour);
    return { ok: true, shape: { startHours, hoursBetween: value } };
  }
  if (value < 1 || value > MAX_ROTATION_DAYS) return fail(`rate in days must be 1 to ${MAX_ROTATION_DAYS}`);
  return { ok: true, shape: { startHours: [0], hoursBetween: 24 } };
}

const DAY_OF_MONTH = /^(\?|\*|L|LW|\d{1,2}W|(\d{1,2}(-\d{1,2})?(\/\d{1,2})?)(,\d{1,2}(-\d{1,2})?)*)$/;
const MONTH = /^(\*|([1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)([-,]([1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))*(\/\d{1,2})?)$/;
const DAY_OF_WEEK = /^(\?|\*|[1-7]L|[1-7]#[1-5]|L|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)([-,]([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))*)$/;

function checkCron(body: string): ScheduleCheck {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return fail("cron() needs six fields: minutes hours day-of-month month day-of-week year");
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if (minutes !== "0") return fail("cron() minutes must be 0: Secrets Manager starts rotation windows on the hour");
  if (year !== "*") return fail("cron() year must be *");
  if (!DAY_OF_MONTH.test(dayOfMonth)) return fail(`cron() day-of-month "${dayOfMonth}" is not valid`);
  if (!MONTH.test(month)) return fail(`cron() month "${month}" is not valid`);
  if (!DAY_OF_WEEK.test(dayOfWeek)) return fail(`cron() day-of-week "${dayOfWeek}" is not valid`);
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    return fail("cron() needs ? in exactly one of day-of-month and day-of-week");
  }
  const startHours = expandHours(hours);
  if (startHours === null) return fail(`cron() hours "${hours}" is not valid: use 0-23, lists, ranges or steps`);
  const gaps = startHours.slice(1).map((hour, i) => hour - startHours[i]!);
  const hoursBetween = gaps.length === 0 ? 24 : Math.min(...gaps);
  if (hoursBetween < MIN_HOURS_BETWEEN_ROTATIONS) {
    return fail("cron() hours must be at least 4 hours apart: AWS rotates at most every four hours");
  }
  return { ok: true, shape: { startHours, hoursBetween } };
}

/** Expands a cron hours field (`*`, `8`, `2,14`, `0-12/6`, `*\/6`) to its sorted hours, or null. */
function expandHours(field: string): number[] | null {
  const hours = new Set<number>();
  for (const part of field.split(",")) {
    const match = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
    if (!match) return null;
    const [, whole, from, to, step] = match;
    const first = whole === "*" ? 0 : Number(from);
    const last = whole === "*" ? 23 : to !== undefined ? Number(to) : step !== undefined ? 23 : first;
    const stride = step !== undefined ? Number(step) : 1;
    if (first > 23 || last > 23 || first > last || stride < 1) return null;
    for (let hour = first; hour <= last; hour += stride) hours.add(hour);
  }
  return [...hours].sort((a, b) => a - b);
}

/** The rotation window must close before the next window opens and before the UTC day ends. */
export function checkWindowFits(windowHours: number, shape: ScheduleShape): string | null {
  const lastStart = shape.startHours[shape.startHours.length - 1] ?? 0;
  const limit = Math.min(shape.hoursBetween, 24 - lastStart);
  if (windowHours > limit) {
    return `a ${windowHours}h window does not fit this schedule: at most ${limit}h, so that it ends before the next window and the UTC day`;
  }
  return null;
}

function fail(message: string): ScheduleCheck {
  return { ok: false, message };
}

/**
 * The UTC hours a cron() hours field names (`*`, `8`, `2,14`, `0-12/6`, `*\/6`), sorted, or null when the
 * field is not valid. For the schedule builder's windows and fixes, which need the hours of fields that
 * break the four-hour rule too.
 */
export function cronFieldHours(field: string): number[] | null {
  return expandHours(field);
}
