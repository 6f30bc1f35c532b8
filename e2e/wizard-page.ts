import { readFile } from "node:fs/promises";
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import { unzipSync } from "fflate";

/** The steps as the step indicator and the panels name them. */
export const STEP_IDS = ["database", "network", "schedule", "strategy", "review"] as const;
export type StepId = (typeof STEP_IDS)[number];

/**
 * The wizard as a user sees it. Tests say what the user does ("fill subnets", "next") and what they
 * see; how the page is built stays here.
 */
export class WizardPage {
  constructor(readonly page: Page) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(query === "" ? "/" : `/?${query}`);
    // The server's HTML already shows the form; it marks itself ready once React has hydrated it.
    await expect(this.page.locator("form[data-ready]")).toBeVisible();
  }

  panel(step: StepId): Locator {
    return this.page.getByTestId(`panel-${step}`);
  }

  /** The text input or select of a plan parameter. */
  field(param: string): Locator {
    return this.page.locator(`#field-${param}`);
  }

  /** A radio button of a choice (platform, strategy, lambda, endpoint, arch, tls). */
  option(param: string, value: string): Locator {
    return this.page.locator(`#field-${param}-${value}`);
  }

  error(param: string): Locator {
    return this.page.getByTestId(`error-${param}`);
  }

  get nextButton(): Locator {
    return this.page.getByTestId("next");
  }

  get backButton(): Locator {
    return this.page.getByTestId("back");
  }

  async fill(values: Record<string, string>): Promise<void> {
    for (const [param, value] of Object.entries(values)) {
      const field = this.field(param);
      if ((await field.evaluate((element) => element.tagName)) === "SELECT") await field.selectOption(value);
      else await field.fill(value);
    }
  }

  async choose(param: string, value: string): Promise<void> {
    await this.option(param, value).check();
  }

  async next(): Promise<void> {
    await this.nextButton.click();
  }

  async back(): Promise<void> {
    await this.backButton.click();
  }

  async expectStep(step: StepId): Promise<void> {
    await expect(this.panel(step)).toBeVisible();
    await expect(this.page.getByTestId(`step-${step}`)).toHaveAttribute("aria-current", "step");
    for (const other of STEP_IDS.filter((id) => id !== step)) await expect(this.panel(other)).toBeHidden();
  }

  /** The paths the preview lists, in its order. */
  async previewPaths(): Promise<string[]> {
    return this.page.getByTestId("preview-files").locator("button[data-path]").evaluateAll((buttons) =>
      buttons.map((button) => button.getAttribute("data-path") ?? ""),
    );
  }

  async showInPreview(path: string): Promise<Locator> {
    await this.page.getByTestId("preview-files").locator(`button[data-path="${path}"]`).click();
    await expect(this.page.getByTestId("preview-path")).toHaveText(path);
    return this.page.getByTestId("preview-content");
  }

  get urlProblems(): Locator {
    return this.page.getByTestId("url-problems");
  }

  /** Clicks Download and returns the zip's name and bytes, as the browser saved them. */
  async download(): Promise<{ name: string; bytes: Uint8Array }> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.page.getByTestId("download").click()]);
    const path = await download.path();
    return { name: download.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
  }
}

/** The entries of a zip, path → text. */
export function unzipText(bytes: Uint8Array): Map<string, string> {
  const decoder = new TextDecoder();
  return new Map(Object.entries(unzipSync(bytes)).map(([path, content]) => [path, decoder.decode(content)]));
}

/**
 * `test` with a `wizard` page object; a test fails when the page logs an error or throws, since the
 * app must run without console errors.
 */
export const test = base.extend<{ wizard: WizardPage }>({
  // `provide` is Playwright's fixture callback (usually named `use`, which the React hooks lint rule mistakes for React's).
  wizard: async ({ page }, provide) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    await provide(new WizardPage(page));
    expect(errors, "errors in the browser console").toEqual([]);
  },
});

export { expect };
