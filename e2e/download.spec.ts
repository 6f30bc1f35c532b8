import { readFile } from "node:fs/promises";
import { parse } from "@cdktf/hcl2json";
import { expect, STEP_IDS, test, unzipText, type WizardPage } from "./wizard-page";
import { MANAGED_QUERY, MINIMAL_QUERY, RICH_QUERY, SUBNETS } from "./plans";

/** The lines of the first ```sh block after a heading of the README. */
function shellBlockAfter(readme: string, heading: string): string[] {
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const block = /```sh\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error(`the README has no shell block after ${heading}`);
  return block[1]!.split("\n");
}

/** What Terraform asks for, read from the zip: variables.tf's variables without a default that terraform.tfvars does not set. */
async function askedByTerraform(zip: Map<string, string>, folder: string): Promise<Array<{ name: string; description: string }>> {
  type Declaration = { description?: string; default?: unknown };
  const declared = ((await parse("variables.tf", zip.get(`${folder}/variables.tf`)!)) as { variable: Record<string, Declaration[]> }).variable;
  const given = (await parse("terraform.tfvars", zip.get(`${folder}/terraform.tfvars`)!)) as Record<string, unknown>;
  return Object.entries(declared)
    .filter(([name, [declaration]]) => !("default" in declaration!) && !(name in given))
    .map(([name, [declaration]]) => ({ name, description: declaration!.description ?? "" }));
}

/** The variables Review lists under "What Terraform will ask for". */
async function askedOnReview(wizard: WizardPage): Promise<Array<{ name: string; description: string }>> {
  return wizard.page
    .getByTestId("terraform-asks")
    .locator(".summary-line")
    .evaluateAll((lines) => lines.map((line) => ({ name: line.querySelector("dt")!.textContent ?? "", description: line.querySelector("dd")!.textContent ?? "" })));
}

test.describe("at 1280 × 900", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("Download is in view on Review and on every step, leads to what to run, and the link gives the API's zip, byte for byte", async ({ page, wizard }) => {
    await wizard.open(RICH_QUERY, { step: null });
    await wizard.expectStep("review");
    await expect(wizard.previewDownload).toBeInViewport();
    for (const step of STEP_IDS) {
      await wizard.stepButton(step).click();
      await wizard.expectStep(step);
      await expect(wizard.previewDownload, `on ${step}`).toBeInViewport();
    }

    // Downloaded from another step, the header leads to what to run next.
    await wizard.stepButton("network").click();
    await wizard.expectStep("network");
    await expect(page.getByTestId("preview-next-steps")).toHaveCount(0);
    const { name, bytes } = await wizard.download(wizard.previewDownload);
    expect(name).toBe("billing-db-rotation.zip");
    await page.getByTestId("preview-next-steps").click();
    await wizard.expectStep("review");
    await expect(page.getByTestId("next-steps")).toBeVisible();
    await expect(page.getByTestId("preview-next-steps")).toHaveCount(0);
    // Without JavaScript (or with "save link as"), the same button is a link to the API, for the same bytes.
    const href = await wizard.previewDownload.getAttribute("href");
    expect(href).toMatch(/^\/api\/bundle\?/);
    const response = await page.request.get(href!);
    expect(response.ok()).toBe(true);
    expect(Buffer.from(await response.body()).equals(Buffer.from(bytes)), "the API's zip is the browser's").toBe(true);
  });
});

test("Ctrl+Enter on an incomplete plan shows the first problem, focus on its field, and says why", async ({ page, wizard }) => {
  await wizard.open();
  let downloads = 0;
  page.on("download", () => downloads++);
  const status = page.getByTestId("shortcut-status");

  await wizard.field("name").focus();
  await page.keyboard.press("Control+Enter");
  await wizard.expectStep("network");
  await expect(wizard.field("subnets")).toBeFocused();
  await expect(wizard.error("subnets")).toBeVisible();
  await expect(status).toContainText("Nothing to download yet");
  await expect(status).toContainText("Network:");
  expect(wizard.addressStep()).toBe("network");

  // The first problem in the steps' order, wherever the shortcut is pressed: here, on Strategy.
  await wizard.fill({ subnets: SUBNETS });
  await expect(status).toHaveText("");
  await wizard.stepButton("strategy").click();
  await wizard.choose("strategy", "alternating");
  await wizard.stepButton("database").click();
  await wizard.expectStep("database");
  await page.keyboard.press("Control+Enter");
  await wizard.expectStep("strategy");
  await expect(wizard.field("master")).toBeFocused();
  await expect(status).toContainText("Strategy:");
  expect(downloads).toBe(0);

  // Once the plan is complete, the sentence goes and the shortcut downloads.
  await wizard.choose("strategy", "single");
  await expect(status).toHaveText("");
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Control+Enter")]);
  expect(download.suggestedFilename()).toBe("app-db-rotation.zip");
});

test("Download pressed before the preview has followed a keystroke saves the values on screen", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  await expect(wizard.previewDownload).toBeVisible();
  // The keystroke and the click in one task: the bundle shown (built once the keystroke has been painted) is still the last name's.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.evaluate(`(() => {
      const field = document.querySelector("#field-name");
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(field, "orders-db");
      field.dispatchEvent(new Event("input", { bubbles: true }));
      document.querySelector('[data-testid="preview-download"]').click();
    })()`),
  ]);
  expect(download.suggestedFilename()).toBe("orders-db-rotation.zip");
  const zip = unzipText(new Uint8Array(await readFile(await download.path())));
  const secret = [...zip].find(([path]) => path.endsWith("/secret.tf"))![1];
  expect(secret).toContain("orders-db");
  expect(secret).not.toContain("app-db");
  // Once the preview follows, its link is the same plan's.
  await expect(wizard.previewDownload).toHaveAttribute("href", /name=orders-db/);
});

for (const [plan, query] of [
  ["a new secret and our function", MINIMAL_QUERY],
  ["an existing secret and AWS's template", `engine=sqlserver&lambda=sar&secret=${encodeURIComponent("arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-AbCdEf")}&subnets=${SUBNETS}`],
  ["managed rotation", MANAGED_QUERY],
] as const) {
  test(`with ${plan}, Review says what Terraform will ask for and, after the download, what to run: as the zip has them`, async ({ page, wizard }) => {
    await wizard.open(query, { step: "review" });
    await wizard.expectStep("review");
    await expect(page.getByTestId("next-steps")).toHaveCount(0);
    const asked = await askedOnReview(wizard);

    const { name, bytes } = await wizard.download();
    const zip = unzipText(bytes);
    const folder = name.replace(/\.zip$/, "");
    const expected = await askedByTerraform(zip, folder);
    expect(asked).toEqual(expected);
    if (expected.length === 0) await expect(page.getByTestId("terraform-asks-none")).toBeVisible();

    await expect(page.getByTestId("download-status")).toHaveText(`Downloaded ${name}. What to run next is below.`);
    await expect(page.getByTestId("next-steps")).toContainText(folder);
    const readme = zip.get(`${folder}/README.md`)!;
    expect((await page.getByTestId("next-steps-apply").textContent())!.split("\n")).toEqual(shellBlockAfter(readme, "## Apply"));
    expect((await page.getByTestId("next-steps-test").textContent())!.split("\n")).toEqual(shellBlockAfter(readme, "## Test the rotation"));

    // The commands are this plan's: an edit since the download takes them away until the next one.
    await wizard.stepButton("database").click();
    await wizard.fill({ name: "other-db" });
    await wizard.stepButton("review").click();
    await wizard.expectStep("review");
    await expect(page.getByTestId("next-steps")).toHaveCount(0);
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  for (const scheme of ["light", "dark"] as const) {
    test(`axe finds nothing in ${scheme} mode, nothing scrolls sideways: Review with the commands and a step not needed, the shortcut's sentence, the VPC disclosure`, async ({ page, wizard }) => {
      test.slow();
      await page.emulateMedia({ colorScheme: scheme });
      const fits = async (what: string) => {
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(375);
        expect(await wizard.accessibilityViolations(), what).toEqual([]);
        await wizard.screenshot(`download-${what.replace(/\W+/g, "-")}-${scheme}`);
      };

      await wizard.open(MANAGED_QUERY, { step: "review" });
      await wizard.expectStep("review");
      await wizard.download();
      await expect(page.getByTestId("next-steps")).toBeVisible();
      await expect(wizard.stepButton("network")).toHaveAttribute("data-skipped", "true");
      await expect(page.getByTestId("terraform-asks")).toBeVisible();
      await fits("review after a download");
      await wizard.stepButton("schedule").click();
      await expect(page.getByTestId("preview-next-steps")).toBeVisible();
      await fits("the way back to the commands");

      // Our function's plan has the longest commands (the build line): they scroll in their box, not the page.
      await wizard.open(MINIMAL_QUERY, { step: "review" });
      await wizard.expectStep("review");
      await wizard.download();
      await expect(page.getByTestId("next-steps-apply")).toContainText("build.sh");
      await fits("the longest commands");

      // A link, so that the plan remembered from the download above does not come back in its place.
      await wizard.open("name=phone-db");
      await page.keyboard.press("Control+Enter");
      await wizard.expectStep("network");
      await expect(page.getByTestId("shortcut-status")).toContainText("Nothing to download yet");
      await expect(wizard.disclosure("vpc")).toBeVisible();
      await fits("the shortcut's sentence");
      await wizard.disclosure("vpc").click();
      await expect(wizard.field("vpc")).toBeVisible();
      await fits("the VPC id shown");
    });
  }
});
