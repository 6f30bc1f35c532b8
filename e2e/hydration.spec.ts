import type { Page } from "@playwright/test";
import { STORAGE_KEYS } from "../lib/ui/storage";
import { MINIMAL_QUERY } from "./plans";
import { expect, test, type WizardPage } from "./wizard-page";

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
