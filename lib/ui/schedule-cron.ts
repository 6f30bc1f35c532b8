/**
 * Which UTC days a Secrets Manager cron() expression runs on: its day-of-month, month and day-of-week
 * fields, with everything lib/config/schedule.ts accepts (lists, ranges, steps, month and day names, L,
 * LW, nW, nL and n#k). The hours come from `cronFieldHours` there.
 *
 * Semantics, from "Schedule expressions in Secrets Manager rotation"
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html) and the
 * EventBridge cron reference it follows: day-of-week counts 1–7 from Sunday (SUN–SAT); `?` leaves a day
 * field to the other one; `L` is the last day of the month (in day-of-week alone, the last day of the
 * week, Saturday; `5L` the month's last Thursday); `W` the weekday nearest a day of the same month; `#`
 * the nth such weekday of the month (`2#1`: the first Monday).
 */

export type DayMatcher = (year: number, month: number, day: number) => boolean;

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** Days in a month (month 1–12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** AWS's day-of-week number (1 = Sunday … 7 = Saturday) of a date. */
function awsWeekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function valueOf(token: string, names: readonly string[], min: number): number | null {
  const named = names.indexOf(token.toUpperCase());
  if (named >= 0) return named + min;
  return /^\d{1,2}$/.test(token) ? Number(token) : null;
}

/**
 * A list field (`1,15`, `MON-FRI`, `1/7`, `*\/3`, `JAN-DEC/3`) as the set of values it names. A range
 * written backwards (`FRI-MON`, `NOV-FEB`) wraps around, as the fields are cyclic. Null when it is not
 * a list at all.
 */
function listValues(field: string, min: number, max: number, names: readonly string[] = []): Set<number> | null {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const [range = "", stepText, extra] = item.split("/");
    if (extra !== undefined) return null;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return null;
    let first: number | null;
    let last: number | null;
    if (range === "*") {
      [first, last] = [min, max];
    } else {
      const bounds = range.split("-");
      first = valueOf(bounds[0]!, names, min);
      // `a/n` runs from a to the end of the field; `a-b-c` (which the schema lets through) reads as a-c.
      last = bounds.length > 1 ? valueOf(bounds[bounds.length - 1]!, names, min) : stepText !== undefined ? max : first;
    }
    // Out of the field's range (the schema lets day-of-month 0 or 45 through): such a day never comes.
    if (first === null || last === null || first < min || first > max || last < min || last > max) return null;
    const span = last >= first ? last - first : last - first + (max - min + 1);
    for (let offset = 0; offset <= span; offset += step) {
      const value = first + offset;
      values.add(value > max ? value - (max - min + 1) : value);
    }
  }
  return values;
}

/** The weekday (Monday to Friday) nearest `target` in the same month, as the `W` wildcard means it. */
function nearestWeekday(year: number, month: number, target: number): number {
  const last = daysInMonth(year, month);
  const weekday = awsWeekday(year, month, target);
  if (weekday === 7) return target === 1 ? 3 : target - 1; // Saturday: Friday, or Monday the 3rd
  if (weekday === 1) return target === last ? target - 2 : target + 1; // Sunday: Monday, or Friday
  return target;
}

function dayOfMonthMatcher(field: string): DayMatcher | null {
  if (field === "*" || field === "?") return () => true;
  if (field === "L") return (year, month, day) => day === daysInMonth(year, month);
  if (field === "LW") return (year, month, day) => day === nearestWeekday(year, month, daysInMonth(year, month));
  const weekday = /^(\d{1,2})W$/.exec(field);
  if (weekday) {
    const target = Number(weekday[1]);
    // A day the month does not have (31W in April) names no day that month.
    return (year, month, day) => target >= 1 && target <= daysInMonth(year, month) && day === nearestWeekday(year, month, target);
  }
  const days = listValues(field, 1, 31);
  return days && ((_year, _month, day) => days.has(day));
}

function dayOfWeekMatcher(field: string): DayMatcher | null {
  if (field === "*" || field === "?") return () => true;
  if (field === "L") return (year, month, day) => awsWeekday(year, month, day) === 7;
  const last = /^([1-7])L$/.exec(field);
  if (last) {
    const wanted = Number(last[1]);
    return (year, month, day) => awsWeekday(year, month, day) === wanted && day + 7 > daysInMonth(year, month);
  }
  const nth = /^([1-7])#([1-5])$/.exec(field);
  if (nth) {
    const [wanted, which] = [Number(nth[1]), Number(nth[2])];
    return (year, month, day) => awsWeekday(year, month, day) === wanted && Math.ceil(day / 7) === which;
  }
  const days = listValues(field, 1, 7, DAY_NAMES);
  return days && ((year, month, day) => days.has(awsWeekday(year, month, day)));
}

/**
 * The days a cron() runs on, from its day-of-month, month and day-of-week fields, or null when a field
 * is not one this reads (the schema refuses those too). One of the two day fields is `?`: the other decides.
 */
export function cronDayMatcher(dayOfMonth: string, month: string, dayOfWeek: string): DayMatcher | null {
  const byDayOfMonth = dayOfMonthMatcher(dayOfMonth);
  const byDayOfWeek = dayOfWeekMatcher(dayOfWeek);
  const months = listValues(month, 1, 12, MONTH_NAMES);
  if (!byDayOfMonth || !byDayOfWeek || !months) return null;
  return (year, monthOfYear, day) => months.has(monthOfYear) && byDayOfMonth(year, monthOfYear, day) && byDayOfWeek(year, monthOfYear, day);
}
