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

/** Hours between rotations at most; Infinity when the schedule fires at most once in nine years. */
export function longestHoursBetweenRotations(rule: { days: number } | { expression: string }): number {
  if ("days" in rule) return rule.days * 24;
  const rate = /^rate\((\d+) (hours?|days?)\)$/.exec(rule.expression);
  if (rate) return Number(rate[1]) * (rate[2]!.startsWith("hour") ? 1 : 24);
  const cron = /^cron\((.*)\)$/.exec(rule.expression);
  if (!cron) return Infinity;
  return cronLongestGap(cron[1]!.trim());
}

const cache = new Map<string, number>();

function cronLongestGap(body: string): number {
  const cached = cache.get(body);
  if (cached !== undefined) return cached;
  const [, hours = "0", dayOfMonth = "*", month = "*", dayOfWeek = "?"] = body.split(/\s+/);
  const months = valuesOf(month, 1, 12, MONTHS);
  const hourSet = [...(valuesOf(hours, 0, 23) ?? new Set([0]))].sort((a, b) => a - b);
  const dayMatches = dayOfMonth !== "?" ? dayOfMonthMatcher(dayOfMonth) : dayOfWeekMatcher(dayOfWeek);
  let gap = Infinity;
  if (months && dayMatches && hourSet.length > 0) {
    const first = hourSet[0]!;
    const last = hourSet[hourSet.length - 1]!;
    // Several hours a day: the gaps within a day, then from the day's last hour to the next day's first.
    let longest = hourSet.slice(1).reduce((max, hour, i) => Math.max(max, hour - hourSet[i]!), 0);
    let previousDay: number | null = null;
    let rotationDays = 0;
    const start = Date.UTC(FIRST_YEAR, 0, 1);
    const end = Date.UTC(FIRST_YEAR + YEARS, 0, 1);
    for (let time = start, day = 0; time < end; time += 86_400_000, day++) {
      const date = new Date(time);
      if (!months.has(date.getUTCMonth() + 1) || !dayMatches(date)) continue;
      if (previousDay !== null) longest = Math.max(longest, (day - previousDay) * 24 + first - last);
      previousDay = day;
      rotationDays++;
    }
    // Fewer than two rotation days in nine years: as good as never.
    if (rotationDays >= 2) gap = longest;
  }
  cache.set(body, gap);
  return gap;
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

type DayMatcher = (date: Date) => boolean;

const lastDayOfMonth = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
const isWeekday = (year: number, month: number, day: number) => {
  const weekday = new Date(Date.UTC(year, month, day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};

/** The weekday nearest to `target` within the month (AWS's and Quartz's `W`). */
function nearestWeekday(date: Date, target: number): number {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const last = lastDayOfMonth(date);
  if (target > last) return -1;
  if (isWeekday(year, month, target)) return target;
  const weekday = new Date(Date.UTC(year, month, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? target + 2 : target - 1;
  return target === last ? target - 2 : target + 1;
}

function dayOfMonthMatcher(field: string): DayMatcher | null {
  if (field === "*") return () => true;
  if (field === "L") return (date) => date.getUTCDate() === lastDayOfMonth(date);
  if (field === "LW") {
    return (date) => {
      let day = lastDayOfMonth(date);
      while (!isWeekday(date.getUTCFullYear(), date.getUTCMonth(), day)) day--;
      return date.getUTCDate() === day;
    };
  }
  const weekday = /^(\d{1,2})W$/.exec(field);
  if (weekday) return (date) => date.getUTCDate() === nearestWeekday(date, Number(weekday[1]));
  const days = valuesOf(field, 1, 31);
  return days && ((date) => days.has(date.getUTCDate()));
}

function dayOfWeekMatcher(field: string): DayMatcher | null {
  // Cron numbers weekdays 1 (SUN) to 7 (SAT); JavaScript 0 to 6.
  const weekdayOf = (date: Date) => date.getUTCDay() + 1;
  if (field === "*") return () => true;
  if (field === "L") return (date) => weekdayOf(date) === 7;
  const last = /^([1-7])L$/.exec(field);
  if (last) return (date) => weekdayOf(date) === Number(last[1]) && date.getUTCDate() + 7 > lastDayOfMonth(date);
  const nth = /^([1-7])#([1-5])$/.exec(field);
  if (nth) return (date) => weekdayOf(date) === Number(nth[1]) && Math.ceil(date.getUTCDate() / 7) === Number(nth[2]);
  const weekdays = valuesOf(field, 1, 7, WEEKDAYS);
  return weekdays && ((date) => weekdays.has(weekdayOf(date)));
}
