import type { Page } from "@playwright/test";
import { STORAGE_KEYS } from "../lib/ui/storage";
import { MINIMAL_QUERY } from "./plans";
import { test as plain } from "@playwright/test";
import { expect, test, WizardPage } from "./wizard-page";

/**
 * The form works before the page's JavaScript has run, and every step's fields hydrate after the rest of
 * the page (components/wizard/lazy-hydration.tsx): what the user typed in the meantime must survive
 * hydration, and reach the plan.
 */

/** Opens the wizard with its scripts held back, types a name in the server's HTML, then lets the scripts run. */
async function typeBeforeScripts(page: Page, wizard: WizardPage, name: string): Promise<void> {
  const held: Array<() => Promise<void>> = [];
  let typed = false;
  await page.route("**/_next/static/chunks/**/*.js", (route) => (typed ? route.continue() : void held.push(() => route.continue())));
  await page.goto("/", { waitUntil: "domcontentloaded" });
  await wizard.field("name").fill(name);
  expect(await page.evaluate(() => document.documentElement.hasAttribute("data-hydrated"))).toBe(false);
  typed = true;
  for (const release of held.splice(0)) await release();
  await wizard.ready();
}

test("text typed before the page is interactive is kept, and the preview follows it once it is", async ({ page, wizard }) => {
  await typeBeforeScripts(page, wizard, "typed-early");
  await expect(wizard.field("name")).toHaveValue("typed-early");
  await expect(page.getByRole("complementary", { name: "What the plan generates" })).toContainText("typed-early");

  // Next, with the first step's fields hydrated only now or later, checks them and moves on.
  await wizard.next();
  await wizard.expectStep("network");
});

test("a plan remembered on this device does not replace what was typed before the page was interactive", async ({ page, wizard }) => {
  await page.addInitScript(([key, plan]) => localStorage.setItem(key, plan), [STORAGE_KEYS.lastPlan, `name=remembered-db&${MINIMAL_QUERY}`] as const);
  await typeBeforeScripts(page, wizard, "typed-early");
  await expect(wizard.field("name")).toHaveValue("typed-early");
  await expect(page.getByTestId("restored-note")).toHaveCount(0);
});

/**
 * Refuses, as a dropped connection would, the scripts whose code holds `marker`; the others load. Returns the
 * page's console errors, to check at the end that they are only the refusal's: these tests use Playwright's
 * plain `test`, since the wizard fixture fails a test on any console error.
 */
async function refuseChunksWith(page: Page, marker: string): Promise<string[]> {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.route("**/_next/static/chunks/**/*.js", async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes(marker)) return route.abort("connectionfailed");
    return route.fulfill({ response, body });
  });
  return errors;
}

/** Every console error names the refused load, and nothing else went wrong. */
function expectOnlyRefusals(errors: string[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) expect(error).toMatch(/^(Failed to load resource: net::ERR_CONNECTION_FAILED|ChunkLoadError: Failed to load chunk )/);
}

plain("when the preview column's code cannot load, the column says so and the form keeps working", async ({ page }) => {
  const wizard = new WizardPage(page);
  // The example values' notice is the preview's own text (components/wizard/preview-notices.tsx).
  const errors = await refuseChunksWith(page, "stand in for what is still empty");
  await wizard.open();
  const column = page.getByRole("complementary", { name: "What the plan generates" });
  await expect(column.getByTestId("load-failure")).toHaveText("This part of the page did not load. Reload the page to try again.");
  await wizard.fill({ name: "still-works" });
  await wizard.next();
  await wizard.expectStep("network");
  expectOnlyRefusals(errors);
});

plain("when a step's code cannot load, the step says so in its place and the rest of the page stays", async ({ page }) => {
  const wizard = new WizardPage(page);
  // Only the steps' content says which fields a plan does not ask for (components/wizard/step-panel.tsx).
  const errors = await refuseChunksWith(page, "Not asked: ");
  await page.goto("/");
  await expect(wizard.panel("database").getByTestId("load-failure")).toBeVisible();
  await expect(page.getByTestId("next")).toBeVisible();
  await expect(page.getByRole("complementary", { name: "What the plan generates" })).toContainText("Preview");
  expectOnlyRefusals(errors);
});
