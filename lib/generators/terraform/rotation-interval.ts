/**
 * The longest time between two rotations of a schedule, in hours: what rules such as "rotate at least every
 * 90 days" are about. `automatically_after_days` and `rate()` say it outright; a `cron()` expression is
 * walked day by day over nine years (two leap days and every weekday pattern), with AWS's cron rules for the
 * day-of-month (`L`, `LW`, `15W`) and day-of-week (`L`, `6L`, `2#1`) fields.
 */

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const FIRST_YEAR = 2026;
const YEARS = 9;

/** One day of the nine years walked. */
interface CalendarDay {
  /** Day of the month, from 1. */
  date: number;
  /** 0 (Sunday) to 6 (Saturday), as JavaScript numbers them. */
  weekday: number;
  daysInMonth: number;
}

/** One month of the nine years walked, with its days. */
interface CalendarMonth {
  /** 1 (January) to 12. */
  month: number;
  /** How many days of the nine years come before its first. */
  daysBefore: number;
  days: readonly CalendarDay[];
}

/**
 * Every month of the nine years, in order. The same for every schedule, so it is built once, at import; a
 * walk then reads numbers instead of making a Date a day (which cost as much as the rest of a bundle), and
 * skips the months a schedule leaves out whole.
 */
const CALENDAR: readonly CalendarMonth[] = calendarOfYears(FIRST_YEAR, YEARS);

function calendarOfYears(firstYear: number, years: number): CalendarMonth[] {
  const months: CalendarMonth[] = [];
  let daysBefore = 0;
  let weekday = new Date(Date.UTC(firstYear, 0, 1)).getUTCDay();
  for (let year = firstYear; year < firstYear + years; year++) {
    for (let month = 1; month <= 12; month++) {
      const daysInMonth = daysInMonthOf(year, month);
      const days: CalendarDay[] = [];
      for (let date = 1; date <= daysInMonth; date++) {
        days.push({ date, weekday, daysInMonth });
        weekday = (weekday + 1) % 7;
      }
      months.push({ month, daysBefore, days });
      daysBefore += daysInMonth;
    }
  }
  return months;
}

function daysInMonthOf(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Hours between rotations at most; Infinity when the schedule fires at most once in nine years. */
export function longestHoursBetweenRotations(rule: { days: number } | { expression: string }): number {
  if ("days" in rule) return rule.days * 24;
  const rate = /^rate\((\d+) (hours?|days?)\)$/.exec(rule.expression);
  if (rate) return Number(rate[1]) * (rate[2]!.startsWith("hour") ? 1 : 24);
  const cron = /^cron\((.*)\)$/.exec(rule.expression);
  if (!cron) return Infinity;
  return cronLongestGap(cron[1]!.trim());
}

function cronLongestGap(body: string): number {
  const [, hours = "0", dayOfMonth = "*", month = "*", dayOfWeek = "?"] = body.split(/\s+/);
  const months = valuesOf(month, 1, 12, MONTHS);
  const hourSet = [...(valuesOf(hours, 0, 23) ?? new Set([0]))].sort((a, b) => a - b);
  const dayMatches = dayOfMonth !== "?" ? dayOfMonthMatcher(dayOfMonth) : dayOfWeekMatcher(dayOfWeek);
  if (!months || !dayMatches || hourSet.length === 0) return Infinity;
  const first = hourSet[0]!;
  const last = hourSet[hourSet.length - 1]!;
  // Several hours a day: the gaps within a day, then from the day's last hour to the next day's first.
  let longest = hourSet.slice(1).reduce((max, hour, i) => Math.max(max, hour - hourSet[i]!), 0);
  let previousDay: number | null = null;
  let rotationDays = 0;
  for (const calendarMonth of CALENDAR) {
    if (!months.has(calendarMonth.month)) continue;
    for (const day of calendarMonth.days) {
      if (!dayMatches(day)) continue;
      const index = calendarMonth.daysBefore + day.date - 1;
      if (previousDay !== null) longest = Math.max(longest, (index - previousDay) * 24 + first - last);
      previousDay = index;
      rotationDays++;
    }
  }
  // Fewer than two rotation days in nine years: as good as never.
  return rotationDays >= 2 ? longest : Infinity;
}

/** `*`, `5`, `1-5`, `1/3`, `2-10/2`, names, comma lists; null for anything else. */
function valuesOf(field: string, min: number, max: number, names: readonly string[] = []): Set<number> | null {
  const values = new Set<number>();
  const number = (text: string) => {
    const index = names.indexOf(text.toUpperCase());
    return index >= 0 ? index + min : /^\d+$/.test(text) ? Number(text) : NaN;
  };
  for (const part of field.split(",")) {
    const match = /^(\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(part);
    if (!match) return null;
    const [, from, to, step] = match;
    const low = from === "*" ? min : number(from!);
    const high = to !== undefined ? number(to) : from === "*" || step !== undefined ? max : low;
    const stride = step !== undefined ? Number(step) : 1;
    if (!Number.isInteger(low) || !Number.isInteger(high) || stride < 1) return null;
    for (let value = low; value <= high; value += stride) if (value >= min && value <= max) values.add(value);
  }
  return values;
}

type DayMatcher = (day: CalendarDay) => boolean;

/** The weekday (0–6) of another date of the same month as `day`. */
const weekdayOfDate = (day: CalendarDay, date: number) => (day.weekday + date - day.date + 35) % 7;
const isWeekday = (day: CalendarDay, date: number) => {
  const weekday = weekdayOfDate(day, date);
  return weekday !== 0 && weekday !== 6;
};

/** The weekday nearest to `target` within the month (AWS's and Quartz's `W`). */
function nearestWeekday(day: CalendarDay, target: number): number {
  const last = day.daysInMonth;
  if (target > last) return -1;
  if (isWeekday(day, target)) return target;
  if (weekdayOfDate(day, target) === 6) return target === 1 ? target + 2 : target - 1;
  return target === last ? target - 2 : target + 1;
}

function dayOfMonthMatcher(field: string): DayMatcher | null {
  if (field === "*") return () => true;
  if (field === "L") return (day) => day.date === day.daysInMonth;
  if (field === "LW") {
    return (day) => {
      let date = day.daysInMonth;
      while (!isWeekday(day, date)) date--;
      return day.date === date;
    };
  }
  const weekday = /^(\d{1,2})W$/.exec(field);
  if (weekday) {
    const target = Number(weekday[1]);
    return (day) => day.date === nearestWeekday(day, target);
  }
  const dates = valuesOf(field, 1, 31);
  return dates && ((day) => dates.has(day.date));
}

function dayOfWeekMatcher(field: string): DayMatcher | null {
  // Cron numbers weekdays 1 (SUN) to 7 (SAT); JavaScript 0 to 6.
  const weekdayOf = (day: CalendarDay) => day.weekday + 1;
  if (field === "*") return () => true;
  if (field === "L") return (day) => weekdayOf(day) === 7;
  const last = /^([1-7])L$/.exec(field);
  if (last) {
    const weekday = Number(last[1]);
    return (day) => weekdayOf(day) === weekday && day.date + 7 > day.daysInMonth;
  }
  const nth = /^([1-7])#([1-5])$/.exec(field);
  if (nth) {
    const weekday = Number(nth[1]);
    const week = Number(nth[2]);
    return (day) => weekdayOf(day) === weekday && Math.ceil(day.date / 7) === week;
  }
  const weekdays = valuesOf(field, 1, 7, WEEKDAYS);
  return weekdays && ((day) => weekdays.has(weekdayOf(day)));
}
