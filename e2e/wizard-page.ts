import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
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

  /**
   * Opens the wizard at an address. A plan in the address opens at the Database step unless `step` says
   * otherwise (null: no fragment, as a shared link has it, which opens a complete plan on Review).
   */
  async open(query = "", { step = "database" }: { step?: StepId | null } = {}): Promise<void> {
    const address = query === "" ? "/" : `/?${query}`;
    const url = step === null || query === "" ? address : `${address}#${step}`;
    // Going to the same page with a fragment moves within the page instead of loading it anew.
    const current = this.page.url();
    const withinPage = url.includes("#") && current.startsWith("http") && current.replace(/#.*$/, "") === new URL(address, current).href;
    await this.page.goto(url);
    if (withinPage) await this.page.reload();
    await this.ready();
  }

  /** The step the address's fragment names (`#network` → "network"); "" when it has none. */
  addressStep(): string {
    return new URL(this.page.url()).hash.replace(/^#/, "");
  }

  /** How many entries the tab's history has. */
  historyLength(): Promise<number> {
    return this.page.evaluate(() => history.length);
  }

  /**
   * The server's HTML already shows the form; it marks itself ready once React has hydrated it and the
   * plan runtime (schema, generators, zip) has loaded after the first paint.
   */
  async ready(): Promise<void> {
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
      await this.reveal(param);
      // Days and the expression are two modes of the schedule builder: the one shown is the one typed in.
      const mode = ({ days: "every", schedule: "custom" } as Record<string, string | undefined>)[param];
      if (mode && !(await field.isVisible())) await this.page.locator(`#schedulemode-${mode}`).check();
      if ((await field.evaluate((element) => element.tagName)) === "SELECT") await field.selectOption(value);
      else await field.fill(value);
    }
  }

  /** The disclosure of a field asked for on request (the VPC id). */
  disclosure(param: string): Locator {
    return this.page.getByTestId(`reveal-${param}`);
  }

  /** Opens the disclosure a field sits in, when it has one and it is closed, as a user would to type there. */
  async reveal(param: string): Promise<void> {
    const disclosure = this.disclosure(param);
    if ((await disclosure.count()) === 0 || !(await disclosure.isVisible()) || (await this.field(param).isVisible())) return;
    // Focus first: leaving the field before it shows its message, which moves the disclosure down the page.
    await disclosure.focus();
    await disclosure.click();
    await expect(this.field(param)).toBeVisible();
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

  /** The step indicator's button for a step; moving forward through it validates the steps in between. */
  stepButton(step: StepId): Locator {
    return this.page.getByTestId(`step-${step}`);
  }

  heading(step: StepId): Locator {
    return this.panel(step).getByRole("heading", { level: 2 });
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

  /** The text of the file the preview shows, once it is on screen (highlighted or not, the characters are the file's). */
  get previewContent(): Locator {
    return this.page.getByTestId("preview-content");
  }

  async previewText(path: string): Promise<string> {
    const content = await this.showInPreview(path);
    return (await content.textContent()) ?? "";
  }

  /**
   * Every file of the preview, path → the text it shows once highlighted, read by selecting each file in
   * turn inside the page (one round trip instead of three per file).
   */
  async previewTexts(): Promise<Map<string, string>> {
    const texts = await this.page.evaluate(async () => {
      const shown: Array<[string, string]> = [];
      const query = (testId: string) => document.querySelector(`[data-testid="${testId}"]`);
      for (const button of document.querySelectorAll<HTMLButtonElement>('[data-testid="preview-files"] button[data-path]')) {
        const path = button.dataset.path!;
        button.click();
        for (let waited = 0; !(query("preview-path")?.textContent === path && query("preview-content")?.getAttribute("data-highlighted") === "true"); waited += 10) {
          if (waited > 5000) throw new Error(`${path} was not shown highlighted`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        shown.push([path, query("preview-content")!.textContent ?? ""]);
      }
      return shown;
    });
    return new Map(texts);
  }

  /** Waits until the preview's code is coloured by the highlighter. */
  async expectHighlighted(): Promise<void> {
    await expect(this.previewContent).toHaveAttribute("data-highlighted", "true");
  }

  /**
   * What the preview says the plan still needs: the list shown instead of files before the first bundle, or
   * above the last bundle (kept, marked stale) while a field is invalid.
   */
  get previewProblems(): Locator {
    return this.page.locator('[data-testid="preview-blockers"], [data-testid="preview-stale"]');
  }

  /** The notice above a bundle completed by example values, listing the fields that hold one. */
  get previewExamples(): Locator {
    return this.page.getByTestId("preview-examples");
  }

  get urlProblems(): Locator {
    return this.page.getByTestId("url-problems");
  }

  /** The deployment diagram that fits the column (one of two layouts is shown). */
  get diagram(): Locator {
    return this.page.getByTestId("diagram").getByRole("img");
  }

  /** The parts the visible diagram draws, sorted by name. */
  async diagramNodes(): Promise<string[]> {
    const nodes = await this.diagram.locator("[data-node]").evaluateAll((elements) => elements.map((element) => element.getAttribute("data-node") ?? ""));
    return nodes.sort();
  }

  async diagramNode(node: string): Promise<Locator> {
    return this.diagram.locator(`[data-node="${node}"]`);
  }

  /** Puts a value on the clipboard by clicking a button, and returns the clipboard's text. */
  async copyWith(button: Locator): Promise<string> {
    await this.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await this.page.evaluate(() => navigator.clipboard.writeText(""));
    await button.click();
    await expect.poll(() => this.page.evaluate(() => navigator.clipboard.readText())).not.toBe("");
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  get rememberPlan(): Locator {
    return this.page.getByLabel("Remember my last plan on this device");
  }

  /** The header's colour theme control. */
  async chooseTheme(theme: "System" | "Light" | "Dark"): Promise<void> {
    await this.page.getByTestId("theme-toggle").getByLabel(theme, { exact: true }).check();
  }

  get shortcutsDialog(): Locator {
    return this.page.getByRole("dialog", { name: "Keyboard shortcuts" });
  }

  /** Every axe violation on the page as it is now, one line each, so a failure names what to fix. */
  async accessibilityViolations(): Promise<string[]> {
    const results = await new AxeBuilder({ page: this.page }).analyze();
    return results.violations.flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(" ")} — ${node.failureSummary?.split("\n").join(" ")}`),
    );
  }

  /** A screenshot for people to look at, kept under test-results/screenshots/ (not compared). */
  async screenshot(name: string, options: { fullPage?: boolean; path?: string } = {}): Promise<void> {
    const path = options.path ?? join("test-results", "screenshots", `${name}.png`);
    await mkdir(join(path, ".."), { recursive: true });
    await this.page.screenshot({ path, fullPage: options.fullPage ?? true, animations: "disabled" });
  }

  /** Clicks Download (Review's, unless another button is given) and returns the zip's name and bytes, as the browser saved them. */
  async download(button: Locator = this.page.getByTestId("download")): Promise<{ name: string; bytes: Uint8Array }> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), button.click()]);
    const path = await download.path();
    return { name: download.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
  }

  /** The Download button in the preview's header, there on every step once the plan is complete. */
  get previewDownload(): Locator {
    return this.page.getByTestId("preview-download");
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
