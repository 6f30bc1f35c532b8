import { expect, test, WizardPage } from "./wizard-page";
import { MINIMAL_QUERY } from "./plans";

/**
 * The form speaks in its labels; parameter names (the share link's, the API's) show beside them and in the
 * messages only when the user asks, and the URL banner, which is about the link, always says them.
 */

const WORDED = "“Lambda subnets” must be ids like subnet-0123456789abcdef0, separated by commas";
const NAMED = "subnets must be ids like subnet-0123456789abcdef0, separated by commas";

/** A subnet id that is not one, on the Network step, after Next: the field's error and the preview's list. */
async function badSubnets(wizard: WizardPage): Promise<void> {
  await wizard.stepButton("network").click();
  await wizard.expectStep("network");
  await wizard.fill({ subnets: "subnet-xyz" });
  await wizard.next();
  await expect(wizard.error("subnets")).toBeVisible();
}

function toggle(wizard: WizardPage) {
  return wizard.page.getByLabel("Show parameter names");
}

test("an invalid field and the preview's list say what is wrong with the field's label, not its parameter", async ({ page, wizard }) => {
  await wizard.open();
  await expect(toggle(wizard)).not.toBeChecked();
  // No parameter names beside the labels.
  await expect(page.locator("code.param-name")).toHaveCount(0);
  await expect(page.locator('[data-param="name"] label')).toHaveText("Name prefix");

  await badSubnets(wizard);
  await expect(wizard.error("subnets")).toHaveText(WORDED);
  await expect(wizard.field("subnets")).toHaveAccessibleDescription(new RegExp(WORDED));
  await expect(wizard.previewProblems).toContainText(WORDED);
  await expect(wizard.previewProblems).not.toContainText(NAMED);
  await expect(wizard.previewProblems.getByRole("button", { name: "Go to Lambda subnets" })).toBeVisible();

  // A rule between fields, in words too.
  await wizard.fill({ subnets: "subnet-0123456789abcdef0" });
  await expect(wizard.error("subnets")).toHaveCount(0);
  await wizard.stepButton("database").click();
  await wizard.expectStep("database");
  await wizard.choose("platform", "aurora");
  await wizard.fill({ engine: "mariadb" });
  await wizard.next();
  await expect(wizard.error("platform")).toHaveText("“Platform: Amazon Aurora” is not available for MariaDB; choose “Amazon RDS” or “Self-managed”");
});

test("the fields a plan does not need are named by their labels", async ({ wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  await wizard.stepButton("strategy").click();
  await wizard.expectStep("strategy");
  const note = wizard.panel("strategy").getByTestId("hidden-note");
  await expect(note).toContainText("Admin secret ARN, Admin secret's KMS key ARN — only “Rotation strategy: Alternating users” uses a master secret.");
  await expect(note.locator("code")).toHaveCount(0);

  await toggle(wizard).check();
  await expect(note).toContainText("masterkms — only strategy=alternating uses a master secret.");
  await expect(note.locator("code")).toHaveText(["master", "masterkms"]);
  await expect(wizard.panel("strategy").locator('[data-param="strategy"] code.param-name')).toHaveText("strategy");
});

test("Show parameter names puts them beside the labels and in the messages, and is remembered", async ({ page, wizard }) => {
  await wizard.open();
  await toggle(wizard).check();
  await expect(page.locator('[data-param="name"] code.param-name')).toHaveText("name");
  await expect(page.locator('[data-param="engine"] code.param-name')).toHaveText("engine");

  await badSubnets(wizard);
  await expect(wizard.error("subnets")).toHaveText(NAMED);
  await expect(wizard.previewProblems).toContainText(NAMED);
  await expect(wizard.previewProblems.getByRole("button", { name: "Go to subnets" })).toBeVisible();

  await page.reload();
  await wizard.ready();
  await expect(toggle(wizard)).toBeChecked();
  await expect(page.locator('[data-param="name"] code.param-name')).toHaveText("name");

  // Off again: the labels alone, and it stays off.
  await toggle(wizard).uncheck();
  await expect(page.locator("code.param-name")).toHaveCount(0);
  await page.reload();
  await wizard.ready();
  await expect(toggle(wizard)).not.toBeChecked();
  await expect(page.locator("code.param-name")).toHaveCount(0);
});

test("Show parameter names follows a change made in another tab", async ({ page, wizard }) => {
  await wizard.open();
  await expect(toggle(wizard)).not.toBeChecked();
  // The same browser profile in a second tab: its switch writes the setting both tabs read.
  const other = new WizardPage(await page.context().newPage());
  await other.open();
  await toggle(other).check();
  await expect(other.page.locator('[data-param="name"] code.param-name')).toHaveText("name");
  // This tab hears of it (the storage event) and reads the setting again, instead of what it read before.
  await expect(toggle(wizard)).toBeChecked();
  await expect(page.locator('[data-param="name"] code.param-name')).toHaveText("name");
  await toggle(other).uncheck();
  await expect(toggle(wizard)).not.toBeChecked();
  await expect(page.locator("code.param-name")).toHaveCount(0);
});

test("the banner about a shared link keeps the link's parameter names", async ({ wizard }) => {
  await wizard.open(`${MINIMAL_QUERY}&days=0&tls=maybe`);
  await expect(toggle(wizard)).not.toBeChecked();
  const days = wizard.urlProblems.locator('li[data-param="days"]');
  await expect(days).toContainText("days must be at least 1 (using the default 30)");
  await expect(days.getByRole("button", { name: "Go to days" })).toBeVisible();
  await expect(wizard.urlProblems.locator('li[data-param="tls"]')).toContainText("tls must be one of: verify, require, disable");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  for (const scheme of ["light", "dark"] as const) {
    test(`axe finds no violations with parameter names shown, in ${scheme} mode`, async ({ page, wizard }) => {
      test.slow();
      await page.emulateMedia({ colorScheme: scheme });
      await wizard.open();
      await toggle(wizard).check();
      await badSubnets(wizard);
      await expect(wizard.error("subnets")).toHaveText(NAMED);
      await expect(page.locator('[data-param="subnets"] code.param-name')).toBeVisible();
      expect(await wizard.accessibilityViolations()).toEqual([]);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, "the page scrolls sideways").toBeLessThanOrEqual(375);
      await wizard.screenshot(`words-names-${scheme}`);
    });
  }
});
