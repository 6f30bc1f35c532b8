/**
 * Which UTC days a Secrets Manager cron() expression runs on: its day-of-month, month and day-of-week
 * fields, with everything lib/config/schedule.ts accepts (lists, ranges, steps, month and day names, L,
 * LW, nW, nL and n#k). The hours come from `cronFieldHours` there. One reading for the whole app: the schedule
 * builder's next windows and the bundle's "rotations are at most N days apart" both ask this module.
 *
 * Semantics, from "Schedule expressions in Secrets Manager rotation"
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html) and the
 * EventBridge cron reference it follows: day-of-week counts 1–7 from Sunday (SUN–SAT); `?` leaves a day
 * field to the other one; `L` is the last day of the month (in day-of-week alone, the last day of the
 * week, Saturday; `5L` the month's last Thursday); `W` the weekday nearest a day of the same month; `#`
 * the nth such weekday of the month (`2#1`: the first Monday).
 */

/** A day of the calendar, as the day fields read it. Callers say what they know; nothing here makes a Date. */
export interface CalendarDay {
  /** 1 (January) to 12. */
  month: number;
  /** The day of the month, from 1. */
  date: number;
  /** AWS's day-of-week number: 1 (Sunday) to 7 (Saturday). */
  weekday: number;
  daysInMonth: number;
}

export type CronDayMatcher = (day: CalendarDay) => boolean;

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** Days in a month (month 1–12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The calendar day of a date, in UTC. */
export function calendarDayOf(date: Date): CalendarDay {
  const month = date.getUTCMonth() + 1;
  return { month, date: date.getUTCDate(), weekday: date.getUTCDay() + 1, daysInMonth: daysInMonth(date.getUTCFullYear(), month) };
}

function valueOf(token: string, names: readonly string[], min: number): number | null {
  const named = names.indexOf(token.toUpperCase());
  if (named >= 0) return named + min;
  return /^\d{1,2}$/.test(token) ? Number(token) : null;
}

/**
 * A list field (`1,15`, `MON-FRI`, `1/7`, `*\/3`, `JAN-DEC/3`) as a table: `table[value]` is true for each
 * value it names. A range written backwards (`FRI-MON`, `NOV-FEB`) wraps around, as the fields are cyclic.
 * Null when it is not a list at all.
 */
function listValues(field: string, min: number, max: number, names: readonly string[] = []): boolean[] | null {
  const values: boolean[] = new Array<boolean>(max + 1).fill(false);
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
      values[value > max ? value - (max - min + 1) : value] = true;
    }
  }
  return values;
}

/** The weekday (1–7) of another date of the same month. */
function weekdayOfDate(day: CalendarDay, date: number): number {
  return ((day.weekday - 1 + date - day.date + 35) % 7) + 1;
}

/** The weekday (Monday to Friday) nearest `target` in the same month, as the `W` wildcard means it. */
function nearestWeekday(day: CalendarDay, target: number): number {
  const weekday = weekdayOfDate(day, target);
  if (weekday === 7) return target === 1 ? 3 : target - 1; // Saturday: Friday, or Monday the 3rd
  if (weekday === 1) return target === day.daysInMonth ? target - 2 : target + 1; // Sunday: Monday, or Friday
  return target;
}

function dayOfMonthMatcher(field: string): CronDayMatcher | null {
  if (field === "*" || field === "?") return () => true;
  if (field === "L") return (day) => day.date === day.daysInMonth;
  if (field === "LW") return (day) => day.date === nearestWeekday(day, day.daysInMonth);
  const weekday = /^(\d{1,2})W$/.exec(field);
  if (weekday) {
    const target = Number(weekday[1]);
    // A day the month does not have (31W in April) names no day that month.
    return (day) => target >= 1 && target <= day.daysInMonth && day.date === nearestWeekday(day, target);
  }
  const dates = listValues(field, 1, 31);
  return dates && ((day) => dates[day.date] === true);
}

function dayOfWeekMatcher(field: string): CronDayMatcher | null {
  if (field === "*" || field === "?") return () => true;
  if (field === "L") return (day) => day.weekday === 7;
  const last = /^([1-7])L$/.exec(field);
  if (last) {
    const wanted = Number(last[1]);
    return (day) => day.weekday === wanted && day.date + 7 > day.daysInMonth;
  }
  const nth = /^([1-7])#([1-5])$/.exec(field);
  if (nth) {
    const [wanted, which] = [Number(nth[1]), Number(nth[2])];
    return (day) => day.weekday === wanted && Math.ceil(day.date / 7) === which;
  }
  const weekdays = listValues(field, 1, 7, DAY_NAMES);
  return weekdays && ((day) => weekdays[day.weekday] === true);
}

/**
 * The days a cron() runs on, from its day-of-month, month and day-of-week fields, or null when a field
 * is not one this reads (the schema refuses those too). One of the two day fields is `?`: the other decides.
 */
export function cronDayMatcher(dayOfMonth: string, month: string, dayOfWeek: string): CronDayMatcher | null {
  const byDayOfMonth = dayOfMonthMatcher(dayOfMonth);
  const byDayOfWeek = dayOfWeekMatcher(dayOfWeek);
  const months = listValues(month, 1, 12, MONTH_NAMES);
  if (!byDayOfMonth || !byDayOfWeek || !months) return null;
  return (day) => months[day.month] === true && byDayOfMonth(day) && byDayOfWeek(day);
}

/**
 * Whether the days depend on the weekday alone (every month, no day of the month, a plain list of weekdays):
 * such a schedule repeats every week, so any two weeks show all of its gaps.
 */
export function isWeeklyCron(dayOfMonth: string, month: string, dayOfWeek: string): boolean {
  return month === "*" && (dayOfMonth === "?" || dayOfMonth === "*") && listValues(dayOfWeek, 1, 7, DAY_NAMES) !== null;
}
