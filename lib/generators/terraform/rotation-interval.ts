import { cronDayMatcher, daysInMonth, isWeeklyCron, type CalendarDay } from "@/lib/config/cron-days";
import { cronFieldHours } from "@/lib/config/schedule";

/**
 * The longest time between two rotations of a schedule, in hours: what rules such as "rotate at least every
 * 90 days" are about. `automatically_after_days` and `rate()` say it outright; a `cron()` expression is
 * walked day by day over nine years (two leap days and every weekday pattern), reading its day fields as the
 * schedule builder does (lib/config/cron-days.ts). A schedule that depends on the weekday alone repeats every
 * week, so two weeks of it are walked instead.
 */

const FIRST_YEAR = 2026;
const YEARS = 9;

/**
 * Every day of the nine years, as four columns indexed by the day's number (0 is FIRST_YEAR's 1 January):
 * its month (1–12), its date (from 1), its weekday (1 Sunday to 7 Saturday, as cron numbers them) and
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
  for (let year = firstYear; year < firstYear + years; year++) for (let month = 1; month <= 12; month++) days += daysInMonth(year, month);
  const calendar: Calendar = { days, month: new Uint8Array(days), date: new Uint8Array(days), weekday: new Uint8Array(days), daysInMonth: new Uint8Array(days) };
  let day = 0;
  let weekday = new Date(Date.UTC(firstYear, 0, 1)).getUTCDay();
  for (let year = firstYear; year < firstYear + years; year++) {
    for (let month = 1; month <= 12; month++) {
      const length = daysInMonth(year, month);
      for (let date = 1; date <= length; date++, day++) {
        calendar.month[day] = month;
        calendar.date[day] = date;
        calendar.weekday[day] = weekday + 1;
        calendar.daysInMonth[day] = length;
        weekday = (weekday + 1) % 7;
      }
    }
  }
  return calendar;
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
  const hourSet = cronFieldHours(hours);
  const matches = cronDayMatcher(dayOfMonth, month, dayOfWeek);
  if (!hourSet || hourSet.length === 0 || !matches) return Infinity;
  const first = hourSet[0]!;
  const last = hourSet[hourSet.length - 1]!;
  // Several hours a day: the gaps within a day, then from the day's last hour to the next day's first.
  let longest = hourSet.slice(1).reduce((max, hour, i) => Math.max(max, hour - hourSet[i]!), 0);
  const days = isWeeklyCron(dayOfMonth, month, dayOfWeek) ? 14 : CALENDAR.days;
  // One day object, refilled for each day of the walk: the matcher only reads it.
  const day: CalendarDay = { month: 0, date: 0, weekday: 0, daysInMonth: 0 };
  let previousDay: number | null = null;
  let rotationDays = 0;
  for (let index = 0; index < days; index++) {
    day.month = CALENDAR.month[index]!;
    day.date = CALENDAR.date[index]!;
    day.weekday = CALENDAR.weekday[index]!;
    day.daysInMonth = CALENDAR.daysInMonth[index]!;
    if (!matches(day)) continue;
    if (previousDay !== null) longest = Math.max(longest, (index - previousDay) * 24 + first - last);
    previousDay = index;
    rotationDays++;
  }
  // Fewer than two rotation days in nine years: as good as never.
  return rotationDays >= 2 ? longest : Infinity;
}
