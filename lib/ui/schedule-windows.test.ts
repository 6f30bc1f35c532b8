import { describe, expect, it } from "vitest";
import { formatWindow, nextRotationWindows, type NextWindows } from "./schedule-windows";

// Sunday 29 November 2026, 18:55 UTC. The calendars below were read off a 2026–2029 calendar, not computed here.
const NOW = new Date(Date.UTC(2026, 10, 29, 18, 55));

/** The windows' starts and ends as ISO text, for comparing with dates written out by hand. */
function isoWindows(result: NextWindows): Array<[string, string]> {
  if (result.kind === "invalid") throw new Error("expected windows");
  return result.windows.map((window) => [window.start.toISOString().slice(0, 16), window.end.toISOString().slice(0, 16)]);
}

function starts(schedule: string, window = ""): string[] {
  return isoWindows(nextRotationWindows({ days: "30", schedule, window }, NOW, 3)).map(([start]) => start);
}

describe("nextRotationWindows", () => {
  it("opens a weekly cron() at its hour on the next three Sundays, until the end of the UTC day by default", () => {
    expect(isoWindows(nextRotationWindows({ days: "30", schedule: "cron(0 4 ? * SUN *)", window: "" }, NOW, 3))).toEqual([
      ["2026-12-06T04:00", "2026-12-07T00:00"],
      ["2026-12-13T04:00", "2026-12-14T00:00"],
      ["2026-12-20T04:00", "2026-12-21T00:00"],
    ]);
  });

  it("closes a window after its duration", () => {
    expect(isoWindows(nextRotationWindows({ days: "30", schedule: "cron(0 4 ? * SUN *)", window: "3h" }, NOW, 1))).toEqual([
      ["2026-12-06T04:00", "2026-12-06T07:00"],
    ]);
  });

  it("counts days from a rotation today, from midnight UTC to the end of the day", () => {
    const result = nextRotationWindows({ days: "30", schedule: "", window: "" }, NOW, 3);
    expect(result).toMatchObject({ kind: "after-rotation", every: 30 });
    expect(isoWindows(result)).toEqual([
      ["2026-12-29T00:00", "2026-12-30T00:00"],
      ["2027-01-28T00:00", "2027-01-29T00:00"],
      ["2027-02-27T00:00", "2027-02-28T00:00"],
    ]);
    expect(nextRotationWindows({ days: "30", schedule: "rate(10 days)", window: "2h" }, NOW, 1)).toMatchObject({ kind: "after-rotation", every: 10 });
    expect(isoWindows(nextRotationWindows({ days: "30", schedule: "rate(10 days)", window: "2h" }, NOW, 1))).toEqual([["2026-12-09T00:00", "2026-12-09T02:00"]]);
  });

  it("opens rate(N hours) at midnight UTC and every N hours, for one hour by default", () => {
    expect(isoWindows(nextRotationWindows({ days: "30", schedule: "rate(6 hours)", window: "" }, NOW, 3))).toEqual([
      ["2026-11-30T00:00", "2026-11-30T01:00"],
      ["2026-11-30T06:00", "2026-11-30T07:00"],
      ["2026-11-30T12:00", "2026-11-30T13:00"],
    ]);
  });

  it("reads the first Sunday of the month (1#1)", () => {
    expect(starts("cron(0 0 ? * 1#1 *)")).toEqual(["2026-12-06T00:00", "2027-01-03T00:00", "2027-02-07T00:00"]);
  });

  it("reads L in February, 29 days in a leap year", () => {
    expect(starts("cron(0 8 L 2 ? *)")).toEqual(["2027-02-28T08:00", "2028-02-29T08:00", "2029-02-28T08:00"]);
    expect(starts("cron(0 4 29 FEB ? *)")).toEqual(["2028-02-29T04:00", "2032-02-29T04:00", "2036-02-29T04:00"]);
  });

  it("reads W, LW and nL", () => {
    // 1 January 2028 is a Saturday: the nearest weekday in January is Monday the 3rd.
    expect(starts("cron(0 4 1W JAN ? *)")).toEqual(["2027-01-01T04:00", "2028-01-03T04:00", "2029-01-01T04:00"]);
    // 31 January 2027 is a Sunday; 31 December 2026 a Thursday; 28 February 2027 a Sunday.
    expect(starts("cron(0 4 LW * ? *)")).toEqual(["2026-11-30T04:00", "2026-12-31T04:00", "2027-01-29T04:00"]);
    // The last Friday (6L) of December 2026, January and February 2027.
    expect(starts("cron(0 4 ? * 6L *)")).toEqual(["2026-12-25T04:00", "2027-01-29T04:00", "2027-02-26T04:00"]);
  });

  it("reads lists, ranges, steps, wrapping ranges and month names", () => {
    expect(starts("cron(0 4 1/10 * ? *)")).toEqual(["2026-12-01T04:00", "2026-12-11T04:00", "2026-12-21T04:00"]);
    expect(starts("cron(0 4 1 JAN-DEC/3 ? *)")).toEqual(["2027-01-01T04:00", "2027-04-01T04:00", "2027-07-01T04:00"]);
    expect(starts("cron(0 4 ? * FRI-MON *)")).toEqual(["2026-11-30T04:00", "2026-12-04T04:00", "2026-12-05T04:00"]);
    expect(starts("cron(0 4,16 ? * 2,4 *)")).toEqual(["2026-11-30T04:00", "2026-11-30T16:00", "2026-12-02T04:00"]);
    expect(starts("cron(0 */6 ? * MON-FRI *)")).toEqual(["2026-11-30T00:00", "2026-11-30T06:00", "2026-11-30T12:00"]);
    // The 31st only comes in months that have one.
    expect(starts("cron(0 4 31 * ? *)")).toEqual(["2026-12-31T04:00", "2027-01-31T04:00", "2027-03-31T04:00"]);
    // L alone in day-of-week is the last day of the week, Saturday.
    expect(starts("cron(0 4 ? * L *)")).toEqual(["2026-12-05T04:00", "2026-12-12T04:00", "2026-12-19T04:00"]);
  });

  it("starts with today's window when it has not opened yet", () => {
    expect(starts("cron(0 20 * * ? *)")).toEqual(["2026-11-29T20:00", "2026-11-30T20:00", "2026-12-01T20:00"]);
  });

  it("finds no window for a day that never comes, and none for invalid values", () => {
    expect(nextRotationWindows({ days: "30", schedule: "cron(0 4 30 2 ? *)", window: "" }, NOW, 3)).toEqual({ kind: "fixed", windows: [] });
    expect(nextRotationWindows({ days: "30", schedule: "cron(0 4 45 * ? *)", window: "" }, NOW, 3)).toEqual({ kind: "invalid" });
    for (const values of [
      { days: "30", schedule: "cron(0 4 ? * SUN", window: "" },
      { days: "0", schedule: "", window: "" },
      { days: "30", schedule: "cron(0 20 ? * SUN *)", window: "5h" },
      { days: "30", schedule: "", window: "3" },
    ]) {
      expect(nextRotationWindows(values, NOW, 3), JSON.stringify(values)).toEqual({ kind: "invalid" });
    }
  });
});

describe("formatWindow", () => {
  const window = { start: new Date(Date.UTC(2026, 11, 6, 4)), end: new Date(Date.UTC(2026, 11, 7, 0)) };

  it("ends a window at 24:00 when it closes at midnight", () => {
    expect(formatWindow(window, "UTC")).toEqual({ day: "Sun 6 Dec 2026", hours: "04:00 – 24:00" });
  });

  it("shows local time, with the next day when the window crosses midnight there", () => {
    // Berlin is UTC+1 in December; Los Angeles UTC−8.
    expect(formatWindow(window, "Europe/Berlin")).toEqual({ day: "Sun 6 Dec 2026", hours: "05:00 – 01:00 next day" });
    expect(formatWindow(window, "America/Los_Angeles")).toEqual({ day: "Sat 5 Dec 2026", hours: "20:00 – 16:00 next day" });
  });
});
