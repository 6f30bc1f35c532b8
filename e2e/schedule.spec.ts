import type { Page } from "@playwright/test";
import { expect, test, type WizardPage } from "./wizard-page";
import { MINIMAL_QUERY } from "./plans";

/** The windows below are read off a calendar for this clock and zone (Berlin is UTC+1 in December). */
const NOW = new Date("2026-11-29T18:55:00Z");
test.use({ timezoneId: "Europe/Berlin" });

function modeRadio(page: Page, mode: "every" | "weekly" | "custom") {
  return page.locator(`#schedulemode-${mode}`);
}

async function openSchedule(wizard: WizardPage): Promise<void> {
  await wizard.open(MINIMAL_QUERY);
  await wizard.stepButton("schedule").click();
  await wizard.expectStep("schedule");
}

/** The plan's schedule as the address bar holds it (null: none, so the days apply). */
function addressSchedule(page: Page) {
  return expect.poll(() => new URL(page.url()).searchParams.get("schedule"));
}

/**
 * Records where the rotation window field is, in page coordinates, on every animation frame until
 * `stopWatching`: a move that lasts one frame is caught too.
 */
async function watchWindowField(page: Page): Promise<void> {
  await page.evaluate(() => {
    const record = window as unknown as { tops: number[]; frame: number };
    record.tops = [];
    const tick = () => {
      const field = document.getElementById("field-window");
      if (field) record.tops.push(Math.round(field.getBoundingClientRect().top + window.scrollY));
      record.frame = requestAnimationFrame(tick);
    };
    tick();
  });
}

async function stopWatching(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const record = window as unknown as { tops: number[]; frame: number };
    cancelAnimationFrame(record.frame);
    return record.tops;
  });
}

test("the three modes switch in place and keep what was entered in each", async ({ page, wizard }) => {
  await openSchedule(wizard);
  await expect(modeRadio(page, "every")).toBeChecked();
  await wizard.field("days").fill("14");
  await expect.poll(() => new URL(page.url()).searchParams.get("days")).toBe("14");

  await modeRadio(page, "weekly").check();
  await page.getByLabel("Sunday").uncheck();
  await page.getByLabel("Monday").check();
  await page.getByLabel("Thursday").check();
  await page.getByLabel("At", { exact: true }).selectOption("2");
  await addressSchedule(page).toBe("cron(0 2 ? * MON,THU *)");

  // Custom starts from the weekly expression, and takes what is typed.
  await modeRadio(page, "custom").check();
  await expect(wizard.field("schedule")).toHaveValue("cron(0 2 ? * MON,THU *)");
  await wizard.field("schedule").fill("rate(12 hours)");
  await addressSchedule(page).toBe("rate(12 hours)");

  await modeRadio(page, "every").check();
  await expect(wizard.field("days")).toHaveValue("14");
  await addressSchedule(page).toBeNull();
  await expect.poll(() => new URL(page.url()).searchParams.get("days")).toBe("14");

  await modeRadio(page, "weekly").check();
  for (const [day, checked] of [["Monday", true], ["Thursday", true], ["Sunday", false]] as const) {
    await expect(page.getByLabel(day)).toBeChecked({ checked });
  }
  await expect(page.getByLabel("At", { exact: true })).toHaveValue("2");
  await addressSchedule(page).toBe("cron(0 2 ? * MON,THU *)");

  await modeRadio(page, "custom").check();
  await expect(wizard.field("schedule")).toHaveValue("rate(12 hours)");
  await addressSchedule(page).toBe("rate(12 hours)");

  // The mode comes from the plan when the page opens: a weekly expression opens Weekly.
  await modeRadio(page, "weekly").check();
  await addressSchedule(page).toBe("cron(0 2 ? * MON,THU *)");
  await page.reload();
  await wizard.ready();
  await wizard.stepButton("schedule").click();
  await expect(modeRadio(page, "weekly")).toBeChecked();
  await expect(page.getByLabel("Thursday")).toBeChecked();
  await expect(page.getByLabel("At", { exact: true })).toHaveValue("2");
  // Nothing says days is "not asked": the builder asks for it.
  await expect(wizard.panel("schedule").getByTestId("hidden-note")).toHaveCount(0);
});

for (const width of [1280, 375]) {
  test(`switching modes and typing an expression never move the rotation window field, at ${width} px`, async ({ page, wizard }) => {
    await page.setViewportSize({ width, height: 900 });
    await openSchedule(wizard);
    const input = wizard.field("schedule");
    await watchWindowField(page);
    for (const mode of ["weekly", "custom", "every", "custom"] as const) await modeRadio(page, mode).check();
    // Once the field has been left, its message follows every keystroke: errors and fixes come and go.
    await input.fill("cron(0 4 * * SUN *)");
    await input.blur();
    await expect(wizard.error("schedule")).toBeVisible();
    await expect(page.getByTestId("fix-schedule")).toBeVisible();
    await input.fill("");
    await input.pressSequentially("cron(0 4 ? * SUN *)", { delay: 40 });
    await addressSchedule(page).toBe("cron(0 4 ? * SUN *)");
    await expect(page.getByTestId("next-window")).toHaveCount(3);
    const tops = await stopWatching(page);
    expect(tops.length).toBeGreaterThan(10);
    expect(new Set(tops), "the window field's top, frame by frame").toEqual(new Set([tops[0]]));
  });
}

test("the weekly builder's Sunday 04:00 is the cron() in rotation.tf", async ({ page, wizard }) => {
  await openSchedule(wizard);
  await modeRadio(page, "weekly").check();
  await page.getByLabel("Sunday").uncheck();
  await page.getByLabel("Wednesday").check();
  await page.getByLabel("At", { exact: true }).selectOption("22");
  await expect(await wizard.showInPreview("rotation.tf")).toContainText('schedule_expression = "cron(0 22 ? * WED *)"');

  await page.getByLabel("Wednesday").uncheck();
  await expect(page.getByTestId("error-schedule")).toHaveText("Choose at least one day of the week.");
  await page.getByLabel("Sunday").check();
  await page.getByLabel("At", { exact: true }).selectOption("4");
  await expect(page.getByTestId("error-schedule")).toHaveCount(0);
  await expect(wizard.previewContent).toContainText('schedule_expression = "cron(0 4 ? * SUN *)"');
  await expect(wizard.previewContent).not.toContainText("automatically_after_days");
});

test("the next three windows, in UTC and in the browser's time zone", async ({ page, wizard }) => {
  await page.clock.setFixedTime(NOW);
  await openSchedule(wizard);
  const windows = page.getByTestId("next-windows");
  await expect(windows.getByRole("columnheader")).toHaveText(["UTC", "Your time (Europe/Berlin)"]);

  // Every 30 days: counted from a rotation today, each a whole UTC day.
  await expect(page.getByTestId("next-window").locator("td")).toHaveText([
    ...["Tue 29 Dec 2026 00:00 – 24:00", "Tue 29 Dec 2026 01:00 – 01:00 next day"],
    ...["Thu 28 Jan 2027 00:00 – 24:00", "Thu 28 Jan 2027 01:00 – 01:00 next day"],
    ...["Sat 27 Feb 2027 00:00 – 24:00", "Sat 27 Feb 2027 01:00 – 01:00 next day"],
  ]);
  await expect(windows).toContainText("Counted from a rotation today: each window opens 30 days after the last rotation.");

  // Sundays at 04:00 UTC, for three hours.
  await modeRadio(page, "weekly").check();
  await wizard.fill({ window: "3h" });
  await expect(page.getByTestId("next-window").locator("td")).toHaveText([
    ...["Sun 6 Dec 2026 04:00 – 07:00", "Sun 6 Dec 2026 05:00 – 08:00"],
    ...["Sun 13 Dec 2026 04:00 – 07:00", "Sun 13 Dec 2026 05:00 – 08:00"],
    ...["Sun 20 Dec 2026 04:00 – 07:00", "Sun 20 Dec 2026 05:00 – 08:00"],
  ]);

  // The last day of February, a leap day in 2028.
  await modeRadio(page, "custom").check();
  await wizard.fill({ schedule: "cron(0 8 L 2 ? *)", window: "" });
  await expect(page.getByTestId("next-window").locator("td:first-child")).toHaveText([
    "Sun 28 Feb 2027 08:00 – 24:00",
    "Tue 29 Feb 2028 08:00 – 24:00",
    "Wed 28 Feb 2029 08:00 – 24:00",
  ]);
});

test("an error's fix button puts the corrected value in, in one click", async ({ page, wizard }) => {
  await openSchedule(wizard);

  await wizard.fill({ days: "1001" });
  await wizard.field("days").blur();
  await expect(wizard.error("days")).toBeVisible();
  await page.getByRole("button", { name: "Use 1000" }).click();
  await expect(wizard.field("days")).toHaveValue("1000");
  await expect(wizard.field("days")).toBeFocused();
  await expect(wizard.error("days")).toHaveCount(0);

  await wizard.fill({ schedule: "cron(0 20 * * SUN *)" });
  await wizard.field("schedule").blur();
  await expect(wizard.error("schedule")).toBeVisible();
  await page.getByRole("button", { name: "Use cron(0 20 ? * SUN *)" }).click();
  await expect(wizard.field("schedule")).toHaveValue("cron(0 20 ? * SUN *)");
  await expect(wizard.error("schedule")).toHaveCount(0);
  await addressSchedule(page).toBe("cron(0 20 ? * SUN *)");

  // A window that runs past the end of the UTC day: at most 4h after 20:00.
  await wizard.fill({ window: "6h" });
  await wizard.field("window").blur();
  await expect(wizard.error("window")).toContainText("does not fit");
  await page.getByRole("button", { name: "Use 4h" }).click();
  await expect(wizard.field("window")).toHaveValue("4h");
  await expect(wizard.error("window")).toHaveCount(0);
  // Hours without their unit, and too many of them: one fix for both.
  await wizard.fill({ window: "6" });
  await wizard.field("window").blur();
  await expect(wizard.error("window")).toBeVisible();
  await page.getByRole("button", { name: "Use 4h" }).click();
  await expect(wizard.field("window")).toHaveValue("4h");
  await expect(wizard.error("window")).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get("window")).toBe("4h");
});

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds no violations in the schedule builder at 375 px, in ${scheme} mode`, async ({ page, wizard }) => {
    // Each axe run takes seconds on two cores.
    test.slow();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await openSchedule(wizard);
    const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    for (const mode of ["every", "weekly", "custom"] as const) {
      await modeRadio(page, mode).check();
      expect(await wizard.accessibilityViolations(), `mode ${mode}`).toEqual([]);
      expect(await noSidewaysScroll(), `mode ${mode}`).toBe(true);
      await wizard.screenshot(`schedule-${mode}-${scheme}-375`);
    }

    await wizard.fill({ schedule: "cron(0 4 ? * sun *)", window: "5" });
    await wizard.field("window").blur();
    await expect(page.getByTestId("fix-schedule")).toBeVisible();
    await expect(page.getByTestId("fix-window")).toBeVisible();
    expect(await wizard.accessibilityViolations(), "with errors and fixes").toEqual([]);
    expect(await noSidewaysScroll(), "with errors and fixes").toBe(true);
    await wizard.screenshot(`schedule-fix-${scheme}-375`);

    await modeRadio(page, "weekly").check();
    await page.getByLabel("Sunday").uncheck();
    await expect(wizard.error("schedule")).toBeVisible();
    expect(await wizard.accessibilityViolations(), "weekly without a day").toEqual([]);
  });
}
