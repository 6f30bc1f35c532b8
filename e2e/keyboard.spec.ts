import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./wizard-page";
import { MINIMAL_QUERY, SUBNETS, VPC } from "./plans";

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it never comes. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("the whole wizard works with the keyboard alone", async ({ page, wizard }) => {
  await wizard.open();

  await tabTo(page, wizard.field("name"));
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("keys-db");
  await page.keyboard.press("Tab");
  await expect(wizard.field("engine")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(wizard.field("engine")).toHaveValue("mysql");
  await page.keyboard.press("Tab");
  await expect(wizard.option("platform", "rds")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(wizard.option("platform", "aurora")).toBeChecked();
  await tabTo(page, wizard.nextButton);
  await page.keyboard.press("Enter");

  // Each step starts at its heading.
  await wizard.expectStep("network");
  await expect(wizard.heading("network")).toBeFocused();
  // Enter in an empty required field: the step stays and focus goes to the field to fix.
  await tabTo(page, wizard.field("subnets"));
  await page.keyboard.press("Enter");
  await wizard.expectStep("network");
  await expect(wizard.field("subnets")).toBeFocused();
  // Long values go in as one input, as a paste or an input method would: typing them key by key only
  // repeats what the short ones show, slowly.
  await page.keyboard.insertText(SUBNETS);
  // The VPC id is asked for on request: its disclosure opens from the keyboard too.
  await tabTo(page, wizard.disclosure("vpc"));
  await page.keyboard.press("Enter");
  await tabTo(page, wizard.field("vpc"));
  await page.keyboard.insertText(VPC);
  await page.keyboard.press("Enter");

  await wizard.expectStep("schedule");
  await expect(wizard.heading("schedule")).toBeFocused();
  await tabTo(page, wizard.field("days"));
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("14");
  await tabTo(page, wizard.field("immediately"));
  await page.keyboard.press("Space");
  await expect(wizard.field("immediately")).not.toBeChecked();
  await tabTo(page, wizard.nextButton);
  await page.keyboard.press("Enter");

  await wizard.expectStep("strategy");
  await expect(wizard.heading("strategy")).toBeFocused();
  await tabTo(page, wizard.option("strategy", "single"));
  await page.keyboard.press("ArrowDown");
  await expect(wizard.option("strategy", "alternating")).toBeChecked();
  // Alternating users need the admin secret: its field follows the choice.
  await page.keyboard.press("Tab");
  await expect(wizard.field("master")).toBeFocused();
  await page.keyboard.insertText("arn:aws:secretsmanager:eu-west-1:123456789012:secret:keys-admin-AbCdEf");
  await page.keyboard.press("Enter");

  await wizard.expectStep("review");
  await expect(wizard.heading("review")).toBeFocused();
  await expect(page.getByTestId("review-summary")).toContainText("MySQL on Amazon Aurora");
  await expect(page.getByTestId("review-summary")).toContainText("Every 14 days");
  await tabTo(page, page.getByTestId("download"));
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(download.suggestedFilename()).toBe("keys-db-rotation.zip");

  // Back with the keyboard keeps everything.
  await tabTo(page, wizard.backButton);
  await page.keyboard.press("Enter");
  await wizard.expectStep("strategy");
  await expect(wizard.field("master")).toHaveValue("arn:aws:secretsmanager:eu-west-1:123456789012:secret:keys-admin-AbCdEf");
});

test("? opens the shortcuts, Escape closes them and focus goes back; in a text field ? is just a character", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  const dialog = wizard.shortcutsDialog;

  await wizard.nextButton.focus();
  await page.keyboard.press("?");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Download the bundle, from any step");
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(wizard.nextButton).toBeFocused();

  // From a radio button too; the Close button closes it as well.
  await wizard.option("platform", "rds").focus();
  await page.keyboard.press("?");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(wizard.option("platform", "rds")).toBeFocused();

  // The dialog hands focus back to the radio button as it closes: wait for the field to hold it first.
  await wizard.field("name").focus();
  await expect(wizard.field("name")).toBeFocused();
  await page.keyboard.press("End");
  await page.keyboard.press("?");
  await expect(wizard.field("name")).toHaveValue("app-db?");
  await expect(dialog).toBeHidden();
  await page.keyboard.press("Backspace");

  // The link under the form opens the same dialog.
  await page.getByRole("button", { name: /Keyboard shortcuts/ }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: /Keyboard shortcuts/ })).toBeFocused();
});
