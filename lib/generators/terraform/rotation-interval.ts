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

/**
 * Every day of the nine years, as four columns indexed by the day's number (0 is FIRST_YEAR's 1 January):
 * its month (1–12), its date (from 1), its weekday (0 Sunday to 6 Saturday, as JavaScript numbers them) and
 * the length of its month. The same for every schedule, so they are built once, at import; a walk then reads
 * small numbers from 13 KB instead of making a Date a day (which cost as much as the rest of a bundle).
 */
const CALENDAR = calendarOfYears(FIRST_YEAR, YEARS);

interface Calendar {
  days: number;
  month: Uint8Array;
  date: Uint8Array;
  weekday: Uint8Array;
  daysInMonth: Uint8Array;
}

function calendarOfYears(firstYear: number, years: number): Calendar {
  let days = 0;
  for (let year = firstYear; year < firstYear + years; year++) for (let month = 1; month <= 12; month++) days += daysInMonthOf(year, month);
  const calendar: Calendar = { days, month: new Uint8Array(days), date: new Uint8Array(days), weekday: new Uint8Array(days), daysInMonth: new Uint8Array(days) };
  let day = 0;
  let weekday = new Date(Date.UTC(firstYear, 0, 1)).getUTCDay();
  for (let year = firstYear; year < firstYear + years; year++) {
    for (let month = 1; month <= 12; month++) {
      const length = daysInMonthOf(year, month);
      for (let date = 1; date <= length; date++, day++) {
        calendar.month[day] = month;
        calendar.date[day] = date;
        calendar.weekday[day] = weekday;
        calendar.daysInMonth[day] = length;
        weekday = (weekday + 1) % 7;
      }
    }
  }
  return calendar;
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
  const hourTable = valuesOf(hours, 0, 23);
  const hourSet = hourTable === null ? [0] : membersOf(hourTable);
  const dayMatches = dayOfMonth !== "?" ? dayOfMonthMatcher(dayOfMonth) : dayOfWeekMatcher(dayOfWeek);
  if (!months || !dayMatches || hourSet.length === 0) return Infinity;
  const first = hourSet[0]!;
  const last = hourSet[hourSet.length - 1]!;
  // Several hours a day: the gaps within a day, then from the day's last hour to the next day's first.
  let longest = hourSet.slice(1).reduce((max, hour, i) => Math.max(max, hour - hourSet[i]!), 0);
  let previousDay: number | null = null;
  let rotationDays = 0;
  for (let day = 0; day < CALENDAR.days; day++) {
    if (!months[CALENDAR.month[day]!] || !dayMatches(day)) continue;
    if (previousDay !== null) longest = Math.max(longest, (day - previousDay) * 24 + first - last);
    previousDay = day;
    rotationDays++;
  }
  // Fewer than two rotation days in nine years: as good as never.
  return rotationDays >= 2 ? longest : Infinity;
}

/**
 * `*`, `5`, `1-5`, `1/3`, `2-10/2`, names, comma lists, as a table: `table[value]` is 1 for each value the
 * field takes (a lookup in the walk's inner loop); null for anything else.
 */
function valuesOf(field: string, min: number, max: number, names: readonly string[] = []): Uint8Array | null {
  const values = new Uint8Array(max + 1);
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
    for (let value = low; value <= high; value += stride) if (value >= min && value <= max) values[value] = 1;
  }
  return values;
}

/** The values a table of `valuesOf` holds, in order. */
function membersOf(table: Uint8Array): number[] {
  const members: number[] = [];
  table.forEach((member, value) => {
    if (member === 1) members.push(value);
  });
  return members;
}

/** Whether a rotation may fall on a day of the calendar (its index in CALENDAR). */
type DayMatcher = (day: number) => boolean;

const { date: DATE, weekday: WEEKDAY, daysInMonth: DAYS_IN_MONTH } = CALENDAR;

/** The weekday (0–6) of another date of the same month as `day`. */
const weekdayOfDate = (day: number, date: number) => (WEEKDAY[day]! + date - DATE[day]! + 35) % 7;
const isWeekday = (day: number, date: number) => {
  const weekday = weekdayOfDate(day, date);
  return weekday !== 0 && weekday !== 6;
};

/** The weekday nearest to `target` within the month (AWS's and Quartz's `W`). */
function nearestWeekday(day: number, target: number): number {
  const last = DAYS_IN_MONTH[day]!;
  if (target > last) return -1;
  if (isWeekday(day, target)) return target;
  if (weekdayOfDate(day, target) === 6) return target === 1 ? target + 2 : target - 1;
  return target === last ? target - 2 : target + 1;
}

function dayOfMonthMatcher(field: string): DayMatcher | null {
  if (field === "*") return () => true;
  if (field === "L") return (day) => DATE[day] === DAYS_IN_MONTH[day];
  if (field === "LW") {
    return (day) => {
      let date = DAYS_IN_MONTH[day]!;
      while (!isWeekday(day, date)) date--;
      return DATE[day] === date;
    };
  }
  const weekday = /^(\d{1,2})W$/.exec(field);
  if (weekday) {
    const target = Number(weekday[1]);
    return (day) => DATE[day] === nearestWeekday(day, target);
  }
  const dates = valuesOf(field, 1, 31);
  return dates && ((day) => dates[DATE[day]!] === 1);
}

function dayOfWeekMatcher(field: string): DayMatcher | null {
  // Cron numbers weekdays 1 (SUN) to 7 (SAT); JavaScript 0 to 6.
  const weekdayOf = (day: number) => WEEKDAY[day]! + 1;
  if (field === "*") return () => true;
  if (field === "L") return (day) => weekdayOf(day) === 7;
  const last = /^([1-7])L$/.exec(field);
  if (last) {
    const weekday = Number(last[1]);
    return (day) => weekdayOf(day) === weekday && DATE[day]! + 7 > DAYS_IN_MONTH[day]!;
  }
  const nth = /^([1-7])#([1-5])$/.exec(field);
  if (nth) {
    const weekday = Number(nth[1]);
    const week = Number(nth[2]);
    return (day) => weekdayOf(day) === weekday && Math.ceil(DATE[day]! / 7) === week;
  }
  const weekdays = valuesOf(field, 1, 7, WEEKDAYS);
  return weekdays && ((day) => weekdays[weekdayOf(day)] === 1);
}
