import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test, unzipText, type WizardPage } from "./wizard-page";
import { MINIMAL_QUERY, SUBNETS } from "./plans";

/**
 * Journeys of issue 13: exploring the bundle before any id is typed (example values), a preview that stays
 * while a field is invalid and follows the edit, managed rotation asked first, and the network hints.
 */

const EXAMPLE_MARK = "EXAMPLE VALUES, not yours";

test("the bundle shows at once, with marked example values that stay out of the link and the download", async ({ page, wizard }) => {
  await wizard.open();
  await expect(wizard.previewExamples).toContainText("Lambda subnets");
  expect(await wizard.previewPaths()).toContain("lambda.tf");
  expect(await wizard.previewText("terraform.tfvars")).toContain(EXAMPLE_MARK);

  // Neither the address nor the review offers the examples: the plan is not the user's yet.
  await page.waitForTimeout(400); // longer than the address bar's update delay
  expect(new URL(page.url()).search).toBe("");
  await expect(page.getByTestId("download")).toHaveCount(0);

  // Only on the user's word, and then the zip says what they are.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-examples").click()]);
  const files = unzipText(await readFile((await download.path())!));
  const tfvars = [...files].find(([path]) => path.endsWith("terraform.tfvars"))![1];
  expect(tfvars).toContain(EXAMPLE_MARK);

  // The user's own subnets replace the example everywhere.
  await wizard.stepButton("network").click();
  await wizard.fill({ subnets: SUBNETS });
  await expect(wizard.previewExamples).toHaveCount(0);
  expect(await wizard.previewText("terraform.tfvars")).not.toContain(EXAMPLE_MARK);
});

test("while a field is invalid the last bundle stays, marked stale, and comes back to life when fixed", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  const preview = page.locator("section.preview");
  await expect(preview).not.toHaveAttribute("data-stale");
  const before = await wizard.previewText("rotation.tf");

  // Each keystroke of an expression is invalid until the last one: the files never disappear.
  await wizard.stepButton("schedule").click();
  await wizard.fill({ schedule: "cron(0 4 ? * SUN" });
  await expect(preview).toHaveAttribute("data-stale", "true");
  await expect(page.getByTestId("preview-stale")).toBeVisible();
  await expect(wizard.previewContent).toContainText(before.slice(0, 40));
  expect(await wizard.previewPaths()).toContain("rotation.tf");

  await wizard.fill({ schedule: "cron(0 4 ? * SUN *)" });
  await expect(preview).not.toHaveAttribute("data-stale");
  await expect(wizard.previewContent).toContainText('schedule_expression = "cron(0 4 ? * SUN *)"');
});

test("the preview opens the file an edit changes and marks every changed file", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  await wizard.showInPreview("lambda.tf");

  await wizard.stepButton("schedule").click();
  await wizard.fill({ days: "7" });
  await expect(page.getByTestId("preview-path")).toHaveText("rotation.tf");
  const changed = page.getByTestId("preview-files").locator("button[data-changed]");
  await expect(changed.filter({ hasText: "rotation.tf" })).toHaveCount(1);
  await expect(changed.filter({ hasText: "rotation.tf" })).toContainText("(changed)");
  await expect(changed.filter({ hasText: "lambda.tf" })).toHaveCount(0);

  // A new file is a changed file too, and opens when the one shown did not change.
  await wizard.showInPreview("lambda.tf");
  await wizard.stepButton("strategy").click();
  await wizard.fill({ alarm: "ops@example.com" });
  await expect(changed.filter({ hasText: "monitoring.tf" })).toHaveCount(1);
  await expect(page.getByTestId("preview-path")).not.toHaveText("lambda.tf");
  await expect(page.getByTestId("preview-changed-count")).toBeVisible();
});

/** Whether any line of the file shown runs past the preview's right edge. */
async function codeOverflows(page: Page): Promise<boolean> {
  return page.getByTestId("preview-content").evaluate((element) => {
    const box = element.closest(".code") ?? element;
    return box.scrollWidth > box.clientWidth + 1;
  });
}

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 375, height: 740 },
]) {
  test(`no line of code is cut off at the right edge at ${viewport.width} px`, async ({ page, wizard }) => {
    await page.setViewportSize(viewport);
    await wizard.open(MINIMAL_QUERY);
    for (const path of ["README.md", "iam.tf", "lambda/rotation.py"]) {
      await wizard.showInPreview(path);
      await wizard.expectHighlighted();
      expect(await codeOverflows(page), path).toBe(false);
    }
  });
}

async function chooseOwner(wizard: WizardPage, owner: "master" | "app") {
  await wizard.page.locator(`#field-owner-${owner}`).check();
}

test("a master user on RDS gets managed rotation from the first step, and the bundle is described as it is", async ({ page, wizard }) => {
  await wizard.open();
  await chooseOwner(wizard, "master");
  await expect(page.getByTestId("note-owner")).toContainText("Network step is skipped");
  await expect(wizard.option("strategy", "managed")).toBeChecked();
  // The secret is AWS's, not one Terraform creates.
  await expect(page.locator("label", { hasText: "The one AWS creates for the master user" })).toBeVisible();

  // Complete already: no subnets, no function, no network. The preview and the diagram follow the choice
  // once the plan is derived again, a moment after the note: asked until then, not read once.
  await expect.poll(() => wizard.previewPaths()).not.toContain("lambda.tf");
  await expect(wizard.previewExamples).toHaveCount(0);
  await expect.poll(() => wizard.diagramNodes()).not.toContain("network");
  await expect(await wizard.diagramNode("rotation")).toContainText("Managed rotation");
  await expect(await wizard.diagramNode("secret")).toContainText("Master user secret");

  await wizard.next();
  await wizard.expectStep("schedule");
  await wizard.stepButton("review").click();
  await wizard.expectStep("review");
  const summary = page.getByTestId("review-summary");
  await expect(summary).toContainText("The master user's secret, created by AWS");
  await expect(summary).not.toContainText("A new secret");
  await expect(summary).not.toContainText("Subnets");

  // On a self-managed server AWS has no managed rotation: the function changes the master's own password.
  await wizard.stepButton("database").click();
  await wizard.choose("platform", "self-managed");
  await expect(wizard.option("strategy", "single")).toBeChecked();
  await expect(page.getByTestId("note-owner")).toContainText("single user");

  // An application user never keeps managed rotation.
  await wizard.choose("platform", "rds");
  await expect(wizard.option("strategy", "managed")).toBeChecked();
  await chooseOwner(wizard, "app");
  await expect(wizard.option("strategy", "single")).toBeChecked();
});

test("network hints: the database security group is recommended, the review names the port to open, the endpoint command", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  await wizard.stepButton("network").click();
  await expect(page.locator('label[for="field-dbsg"]')).toContainText("recommended");
  await wizard.choose("endpoint", "create");
  await expect(page.getByTestId("note-endpoint")).toContainText("aws ec2 describe-vpc-endpoints");

  await wizard.stepButton("review").click();
  await wizard.expectStep("review");
  await expect(page.getByTestId("review-summary")).toContainText("open port 5432 on the database's security group");
  await expect(page.getByTestId("review-summary")).toContainText("rotation times out in setSecret");

  await wizard.stepButton("network").click();
  await wizard.fill({ dbsg: "sg-0123456789abcdef0" });
  await wizard.stepButton("review").click();
  await expect(page.getByTestId("review-summary")).toContainText("sg-0123456789abcdef0, opened to the function");
  await expect(page.getByTestId("review-summary")).not.toContainText("open port 5432");
});

test.describe("at 375 px", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  for (const scheme of ["light", "dark"] as const) {
    test(`axe finds no violations with examples, a stale preview and the master-user note, in ${scheme} mode`, async ({ page, wizard }) => {
      test.slow();
      await page.emulateMedia({ colorScheme: scheme });
      await wizard.open();
      await expect(wizard.previewExamples).toBeVisible();
      expect(await wizard.accessibilityViolations(), "examples").toEqual([]);

      await wizard.fill({ name: "Not A Name" });
      await expect(page.getByTestId("preview-stale")).toBeVisible();
      expect(await wizard.accessibilityViolations(), "stale").toEqual([]);

      await wizard.fill({ name: "app-db" });
      await page.locator("#field-owner-master").check();
      await expect(page.getByTestId("note-owner")).toBeVisible();
      expect(await wizard.accessibilityViolations(), "master user").toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    });
  }
});
