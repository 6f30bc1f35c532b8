import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "@playwright/test";
import { expect, STEP_IDS, test, unzipText, WizardPage, type StepId } from "./wizard-page";
import { SUBNETS } from "./plans";

/**
 * The wizard with JavaScript off: the form submits to the page itself (GET), the server renders the step
 * the button asked for, with its messages, and the review's Download is a link to the API.
 */

const REPOSITORY = fileURLToPath(new URL("..", import.meta.url));
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:nojs-app-AbCdEf";

test.use({ javaScriptEnabled: false });

/** The step the server rendered: its panel shows, the indicator marks it, the others are hidden. */
async function expectServerStep(wizard: WizardPage, step: StepId): Promise<void> {
  await expect(wizard.panel(step)).toBeVisible();
  await expect(wizard.stepButton(step)).toHaveAttribute("aria-current", "step");
  for (const other of STEP_IDS.filter((id) => id !== step)) await expect(wizard.panel(other)).toBeHidden();
}

/**
 * axe at 375 px, light and dark, and nothing wider than the screen, on the page the server rendered at this
 * address. axe runs on the page's event loop, which stays still in a page without scripts, so it checks the
 * same HTML in a second page with scripts allowed for axe alone: every script of the page is removed or
 * refused (React never runs), and the <noscript> content is shown as a browser without scripts shows it.
 */
async function expectAccessibleOnPhone(browser: Browser, address: string, what: string): Promise<void> {
  // Contexts made in a test take its options: scripts must be allowed here explicitly.
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: true });
  try {
    const page = await context.newPage();
    await page.route("**/*", async (route) => {
      const request = route.request();
      if (request.resourceType() === "script") return route.abort();
      if (!request.isNavigationRequest()) return route.continue();
      const response = await route.fetch();
      const html = (await response.text())
        .replace(/<script\b[\s\S]*?<\/script>/g, "")
        .replaceAll("<noscript>", "<div data-noscript>")
        .replaceAll("</noscript>", "</div>");
      return route.fulfill({ response, body: html });
    });
    await page.goto(address);
    const copy = new WizardPage(page);
    await expect(page.getByTestId("noscript-note")).toBeVisible();
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await copy.accessibilityViolations(), `${what}, ${scheme}`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(375);
      await copy.screenshot(`no-javascript-${what.replaceAll(" ", "-")}-${scheme}`);
    }
    // React never took this page over either.
    await expect(page.locator("form[data-ready]")).toHaveCount(0);
  } finally {
    await context.close();
  }
}

test("without JavaScript the form goes step by step to a review whose download equals the CLI's zip", async ({ page, browser, wizard }) => {
  test.slow();
  await page.goto("/");
  await expect(page.getByTestId("noscript-note")).toBeVisible();
  await expect(page.getByTestId("noscript-note")).toContainText("Next, Back, Review and Download still work");

  // Database: an existing secret. Its ARN field appears once the choice reaches the server.
  await wizard.fill({ name: "nojs-db" });
  await page.getByLabel("Rotate an existing secret").check();
  await wizard.next();
  // Next asked for the network step; the server stayed on this one, which has a problem.
  expect(new URL(page.url()).searchParams.get("to")).toBe("network");
  await expectServerStep(wizard, "database");
  await expect(wizard.error("secret")).toContainText("Type the ARN of the existing secret");
  await expect(wizard.field("name")).toHaveValue("nojs-db");
  await expect(page.getByLabel("Rotate an existing secret")).toBeChecked();
  await wizard.fill({ secret: SECRET_ARN });
  await wizard.next();

  // Network: a bad subnet id is refused on its step, as typed, with the schema's message.
  await expectServerStep(wizard, "network");
  await wizard.fill({ subnets: "subnet-xyz" });
  await wizard.next();
  await expectServerStep(wizard, "network");
  await expect(wizard.error("subnets")).toBeVisible();
  await expect(wizard.field("subnets")).toHaveValue("subnet-xyz");
  await expect(wizard.field("subnets")).toHaveAttribute("aria-invalid", "true");
  await expectAccessibleOnPhone(browser, page.url(), "step with an error");
  await wizard.fill({ subnets: SUBNETS });
  await wizard.choose("endpoint", "existing");
  await wizard.next();

  // Schedule: an unticked checkbox is not sent; the server reads its absence as "no".
  await expectServerStep(wizard, "schedule");
  await expect(wizard.error("subnets")).toHaveCount(0);
  await page.getByLabel(/^Rotate once as soon as it is applied/).uncheck();
  await wizard.next();

  // Strategy, then Review. Back works too, and keeps every value.
  await expectServerStep(wizard, "strategy");
  await wizard.back();
  await expectServerStep(wizard, "schedule");
  await expect(page.getByLabel(/^Rotate once as soon as it is applied/)).not.toBeChecked();
  await wizard.next();
  await expectServerStep(wizard, "strategy");
  await expect(wizard.nextButton).toHaveText("Review plan");
  await wizard.next();

  await expectServerStep(wizard, "review");
  // Every field the form sent was its own: nothing about the address to complain of.
  await expect(wizard.urlProblems).toHaveCount(0);
  const summary = page.getByTestId("review-summary");
  await expect(summary).toContainText("nojs-db");
  await expect(summary).toContainText(SECRET_ARN);
  await expect(page.getByTestId("review-files")).toContainText("rotation.tf");
  const download = page.getByTestId("download");
  await expect(download).toHaveText("Download nojs-db-rotation.zip");
  await expect(download).toHaveAttribute("download", "nojs-db-rotation.zip");
  const href = (await download.getAttribute("href")) ?? "";
  expect(href).toMatch(/^\/api\/bundle\?/);
  // The same query as the share link, which the review shows.
  const query = href.slice(href.indexOf("?") + 1);
  await expect(page.getByTestId("share-query")).toHaveText(`/?${query}`);
  const plan = new URLSearchParams(query);
  expect(Object.fromEntries(plan)).toEqual({ name: "nojs-db", secret: SECRET_ARN, subnets: SUBNETS, endpoint: "existing", immediately: "false" });
  await expectAccessibleOnPhone(browser, page.url(), "review");

  // The link's zip is the CLI's for the same plan, file for file and byte for byte.
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/zip");
  const fromLink = new Uint8Array(await response.body());
  const dir = mkdtempSync(join(tmpdir(), "rotation-wizard-nojs-"));
  try {
    execFileSync("npx", ["tsx", "cli/generate.ts", "--query", `?${query}`, "--zip", join(dir, "cli.zip")], {
      cwd: REPOSITORY,
      // As the test server: playwright.config.ts starts it with the embedded versions.
      env: { ...process.env, ROTATION_WIZARD_VERSIONS: "fallback" },
      stdio: "pipe",
    });
    const fromCli = new Uint8Array(readFileSync(join(dir, "cli.zip")));
    const [linkFiles, cliFiles] = [unzipText(fromLink), unzipText(fromCli)];
    const paths = [...linkFiles.keys()].sort();
    expect(paths).toEqual(expect.arrayContaining(["nojs-db-rotation/README.md", "nojs-db-rotation/rotation.tf"]));
    expect([...cliFiles.keys()].sort()).toEqual(paths);
    for (const path of paths) expect(cliFiles.get(path), path).toBe(linkFiles.get(path));
    expect(Buffer.from(fromCli).equals(Buffer.from(fromLink)), "zip bytes").toBe(true);
    // The review lists the files the zip holds.
    const listed = await page.getByTestId("review-files").locator("li").allTextContents();
    expect(listed.map((path) => `nojs-db-rotation/${path}`).sort()).toEqual(paths);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without JavaScript a step of the indicator far ahead stops at the first step with a problem", async ({ page, wizard }) => {
  await page.goto("/?name=far-db");
  await wizard.stepButton("review").click();
  // The subnets are still missing: the network step says so, and the name typed before is kept.
  await expect(wizard.panel("network")).toBeVisible();
  await expect(wizard.stepButton("network")).toHaveAttribute("aria-current", "step");
  await expect(wizard.error("subnets")).toBeVisible();
  await wizard.stepButton("database").click();
  await expectServerStep(wizard, "database");
  await expect(wizard.field("name")).toHaveValue("far-db");
  // Enter in a field is Next, not a step of the indicator that comes first on the page.
  await wizard.field("name").press("Enter");
  await expectServerStep(wizard, "network");
  await expect(wizard.error("subnets")).toHaveCount(0);
});

test("without JavaScript a master user's answer picks managed rotation, and Next passes the network step by", async ({ page, wizard }) => {
  await page.goto("/?name=master-db");
  await page.getByLabel("The master (admin) user").check();
  // The diagram is the server's (in <noscript>, components/wizard/lazy-hydration.tsx): it draws the plan as submitted.
  await expect(await wizard.diagramNode("rotation")).toContainText("Rotation function");
  expect(await wizard.diagramNodes()).toContain("network");
  await wizard.next();
  // Managed rotation needs no function, so no network: the server shows the schedule instead.
  await expectServerStep(wizard, "schedule");
  await expect(wizard.urlProblems).toHaveCount(0);
  expect(await wizard.diagramNodes()).not.toContain("network");
  await expect(await wizard.diagramNode("rotation")).toContainText("Managed rotation");
  await expect(await wizard.diagramNode("secret")).toContainText("Master user secret");
  await wizard.back();
  await expectServerStep(wizard, "database");
  await expect(page.getByLabel("The master (admin) user")).toBeChecked();
  await wizard.stepButton("review").click();
  await expectServerStep(wizard, "review");
  await expect(page.getByTestId("download")).toHaveAttribute("href", "/api/bundle?name=master-db&strategy=managed");
});

test.describe("with JavaScript, an address that the form made without it", () => {
  test.use({ javaScriptEnabled: true });

  test("opens on the step the server chose, with its message, which then follows the field; Review downloads", async ({ page, wizard }) => {
    // No fragment: the address is the one the form made, and the server's step stands.
    await wizard.open("name=half-db&subnets=subnet-xyz&immediately=true&from=network&to=schedule", { step: null });
    await wizard.expectStep("network");
    await expect(wizard.error("subnets")).toBeVisible();
    await expect(wizard.field("subnets")).toHaveValue("subnet-xyz");
    await wizard.fill({ subnets: SUBNETS });
    await expect(wizard.error("subnets")).toHaveCount(0);
    await wizard.next();
    await wizard.expectStep("schedule");

    await wizard.open(`name=done-db&subnets=${SUBNETS}&immediately=true&from=strategy&to=review`, { step: null });
    await wizard.expectStep("review");
    await expect(page.getByTestId("noscript-note")).toBeHidden();
    const saved = await wizard.download();
    expect(saved.name).toBe("done-db-rotation.zip");
    expect([...unzipText(saved.bytes).keys()]).toContain("done-db-rotation/rotation.tf");
  });
});
