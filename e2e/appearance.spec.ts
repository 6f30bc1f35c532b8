import { expect, STEP_IDS, test, type WizardPage } from "./wizard-page";
import { RICH_QUERY } from "./plans";

/** The page's background colour, as painted. */
function background(wizard: WizardPage): Promise<string> {
  return wizard.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

const LIGHT_BACKGROUND = "rgb(246, 247, 249)";
const DARK_BACKGROUND = "rgb(17, 20, 24)";

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds no violations on any step, in ${scheme} mode`, async ({ page, wizard }) => {
    // Each axe run takes seconds on two cores.
    test.slow();
    await page.emulateMedia({ colorScheme: scheme });
    // A plan with problems in its link (the problems panel), every part of the diagram and a highlighted preview.
    await wizard.open(`${RICH_QUERY}&colour=blue`);
    await expect(wizard.urlProblems).toBeVisible();
    expect(await background(wizard)).toBe(scheme === "light" ? LIGHT_BACKGROUND : DARK_BACKGROUND);
    for (const step of STEP_IDS) {
      await wizard.stepButton(step).click();
      await wizard.expectStep(step);
      await wizard.expectHighlighted();
      expect(await wizard.accessibilityViolations(), `step ${step}`).toEqual([]);
      await wizard.screenshot(`${step}-${scheme}`);
    }
  });
}

test("axe finds no violations before there is a plan, under a field's error, or in the shortcuts dialog", async ({ page, wizard }) => {
  test.slow();
  await wizard.open();
  await expect(wizard.previewExamples).toBeVisible();
  expect(await wizard.accessibilityViolations(), "before there is a plan (examples stand in)").toEqual([]);

  await wizard.stepButton("network").click();
  await wizard.fill({ subnets: "subnet-xyz" });
  await wizard.next();
  await expect(wizard.error("subnets")).toBeVisible();
  expect(await wizard.accessibilityViolations(), "with an error").toEqual([]);

  await wizard.nextButton.focus();
  await page.keyboard.press("?");
  await expect(wizard.shortcutsDialog).toBeVisible();
  expect(await wizard.accessibilityViolations(), "with the shortcuts dialog").toEqual([]);
  await wizard.screenshot("shortcuts", { fullPage: false });
});

test("dark mode follows the system until the toggle says otherwise, and the choice is remembered", async ({ page, wizard }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await wizard.open(RICH_QUERY);
  await wizard.expectHighlighted();
  expect(await background(wizard)).toBe(DARK_BACKGROUND);
  const keyword = wizard.previewContent.locator("span[style*='--shiki-dark']").first();
  const darkKeyword = await keyword.evaluate((span) => getComputedStyle(span).color);

  await wizard.chooseTheme("Light");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await background(wizard)).toBe(LIGHT_BACKGROUND);
  // The code is re-coloured with the light theme, without highlighting again.
  expect(await keyword.evaluate((span) => getComputedStyle(span).color)).not.toBe(darkKeyword);

  await page.reload();
  await wizard.ready();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await expect(page.getByTestId("theme-toggle").getByLabel("Light", { exact: true })).toBeChecked();
  expect(await background(wizard)).toBe(LIGHT_BACKGROUND);

  await wizard.chooseTheme("System");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme");
  expect(await background(wizard)).toBe(DARK_BACKGROUND);

  // Dark by choice on a light system.
  await page.emulateMedia({ colorScheme: "light" });
  expect(await background(wizard)).toBe(LIGHT_BACKGROUND);
  await wizard.chooseTheme("Dark");
  expect(await background(wizard)).toBe(DARK_BACKGROUND);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("every step fits the width, and the wizard completes", async ({ page, wizard }) => {
    await wizard.open(RICH_QUERY);
    for (const step of STEP_IDS) {
      await wizard.stepButton(step).click();
      await wizard.expectStep(step);
      await wizard.expectHighlighted();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `step ${step} scrolls sideways`).toBeLessThanOrEqual(375);
      await wizard.screenshot(`phone-${step}`);
    }
    // The step indicator still names every step to screen readers.
    await expect(wizard.stepButton("network")).toHaveAccessibleName(/Network/);
    const { name } = await wizard.download();
    expect(name).toBe("billing-db-rotation.zip");
  });
});

test("README screenshot", async ({ page, wizard }) => {
  test.skip(!process.env.UPDATE_README_SCREENSHOT, "writes docs/wizard.png only when UPDATE_README_SCREENSHOT=1");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
  await wizard.open(RICH_QUERY);
  await wizard.stepButton("strategy").click();
  await wizard.showInPreview("rotation.tf");
  await wizard.expectHighlighted();
  await wizard.screenshot("readme", { fullPage: false, path: "docs/wizard.png" });
});
