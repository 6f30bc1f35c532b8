import { WARMED_UP_MARK } from "../lib/ui/warm-up";
import { expect, test } from "./wizard-page";
import { MINIMAL_QUERY } from "./plans";

/**
 * After the page has loaded, background tasks run what a keystroke runs (components/wizard/use-live-plan.ts),
 * the form's change handler included, with the values as they are: the page must be left exactly as it was.
 */
test("the keystroke warm-up changes nothing the user can see, and typing follows as before", async ({ page, wizard }) => {
  const query = `name=billing-db&${MINIMAL_QUERY}`;
  await wizard.open(query);
  const address = page.url();
  const entries = await wizard.historyLength();
  const preview = page.getByTestId("preview-path");
  const fileShown = await preview.textContent();
  await expect.poll(() => page.evaluate((mark) => performance.getEntriesByName(mark).length, WARMED_UP_MARK)).toBe(1);

  expect(page.url()).toBe(address);
  expect(await wizard.historyLength()).toBe(entries);
  await expect(wizard.field("name")).toHaveValue("billing-db");
  await expect(page.locator(".field-error")).toHaveCount(0);
  await expect(page.locator("[data-stale]")).toHaveCount(0);
  await expect(page.getByTestId("preview-changed-count")).toHaveCount(0);
  await expect(preview).toHaveText(fileShown ?? "");
  await expect(page.locator("[aria-invalid]")).toHaveCount(0);

  // A real keystroke after it still reaches the preview and the address.
  await wizard.field("name").press("End");
  await wizard.field("name").pressSequentially("2");
  await expect.poll(() => new URL(page.url()).searchParams.get("name")).toBe("billing-db2");
  await expect(page.getByTestId("preview-changed-count")).toBeVisible();
});
