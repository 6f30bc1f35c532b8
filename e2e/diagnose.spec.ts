import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/**
 * The Diagnose page: files in, a report grouped by severity out, the same report as the CLI and the API,
 * a link that opens the wizard with the proposed plan; accessible, and usable on a phone.
 */

const FIXTURES = join(process.cwd(), "tests/fixtures/diagnose");
const SEED_BROKEN = join(FIXTURES, "seed-broken");
const SEED_FIXED = join(FIXTURES, "seed-fixed");
const LIVE = join(FIXTURES, "live");

function terraformIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.tf(vars)?$/.test(name))
    .map((name) => join(dir, name));
}

async function open(page: Page) {
  await page.goto("/diagnose");
  await expect(page.locator("form[data-ready]")).toBeVisible();
}

async function diagnoseFiles(page: Page, dir: string, live = false) {
  await open(page);
  await page.getByTestId("terraform-files").setInputFiles(terraformIn(dir));
  if (live) {
    await page.getByTestId("describe-file").setInputFiles(join(LIVE, "describe.json"));
    await expect(page.getByTestId("describe-text")).not.toHaveValue("");
    await page.getByTestId("versions-file").setInputFiles(join(LIVE, "versions.json"));
    await expect(page.getByTestId("versions-text")).not.toHaveValue("");
    await page.getByTestId("logs-file").setInputFiles(join(LIVE, "rotation.log"));
    await expect(page.getByTestId("logs-text")).not.toHaveValue("");
  }
  await page.getByTestId("diagnose-submit").click();
  await expect(page.getByTestId("diagnose-results")).toBeVisible();
}

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the seed's broken Terraform: four errors, grouped, each opening on why and how to fix it", async ({ page }) => {
  await diagnoseFiles(page, SEED_BROKEN);
  const errors = page.getByTestId("group-error").getByTestId("finding");
  await expect(errors).toHaveCount(4);
  expect((await errors.evaluateAll((items) => items.map((item) => item.getAttribute("data-id")))).sort()).toEqual([
    "function-missing",
    "iam-action-missing",
    "invoke-permission-missing",
    "rotation-missing",
  ]);
  const first = errors.first();
  await expect(first.getByText("How to fix it")).toBeHidden();
  await first.locator("summary").click();
  await expect(first.getByText("How to fix it")).toBeVisible();
  await expect(first.locator("pre code").first()).toContainText("resource");
  await expect(page.getByTestId("privacy-note")).toContainText("not kept");
});

test("the page, the CLI and the API give the same report", async ({ page, request }) => {
  await diagnoseFiles(page, SEED_FIXED, true);
  const fromPage = JSON.parse((await page.getByTestId("result-json").textContent()) ?? "null");

  const run = spawnSync(
    "npx",
    ["tsx", "cli/doctor.ts", SEED_FIXED, "--describe", join(LIVE, "describe.json"), "--versions", join(LIVE, "versions.json"), "--logs", join(LIVE, "rotation.log"), "--json"],
    { encoding: "utf8" },
  );
  // Errors among the findings: the CLI exits with 1.
  expect(run.status).toBe(1);
  const cli = JSON.parse(run.stdout);
  const form = new FormData();
  for (const path of terraformIn(SEED_FIXED)) form.append("terraform", new Blob([readFileSync(path)]), path.slice(path.lastIndexOf("/") + 1));
  for (const [field, file] of [["describe", "describe.json"], ["versions", "versions.json"], ["logs", "rotation.log"]]) form.append(field!, readFileSync(join(LIVE, file!), "utf8"));
  const api = await (await request.post("/api/diagnose", { multipart: form })).json();

  expect(fromPage.findings.length).toBeGreaterThan(5);
  expect(fromPage).toEqual(cli);
  expect(api).toEqual(cli);
  // What the page shows is that report, finding by finding.
  const shown = await page.getByTestId("finding").evaluateAll((items) =>
    items.map((item) => ({ id: item.getAttribute("data-id"), severity: item.getAttribute("data-severity"), file: item.getAttribute("data-file"), line: item.getAttribute("data-line") })),
  );
  expect(shown).toEqual(cli.findings.map((f: { id: string; severity: string; file: string | null; line: number | null }) => ({ id: f.id, severity: f.severity, file: f.file ?? "", line: f.line === null ? "" : String(f.line) })));
});

test("Generate the working setup opens the wizard with the plan it found", async ({ page }) => {
  await diagnoseFiles(page, join(FIXTURES, "healthy"));
  const link = page.getByTestId("generate-link");
  await expect(link).toHaveAttribute("href", /subnets=subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788/);
  await expect(page.getByTestId("way-out")).toContainText("Still needed from you");
  await link.click();
  await expect(page).toHaveURL(/\/\?name=billing-db&/);
  await expect(page.locator("form[data-ready]")).toBeVisible();
  await expect(page.locator("#field-name")).toHaveValue("billing-db");
});

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds no violations, empty and with a report open, in ${scheme} mode`, async ({ page }) => {
    test.slow();
    await page.emulateMedia({ colorScheme: scheme });
    await open(page);
    expect(await violations(page), "the empty form").toEqual([]);
    await diagnoseFiles(page, SEED_FIXED, true);
    await page.getByTestId("finding").first().locator("summary").click();
    await page.locator(".diag-json summary").click();
    expect(await violations(page), "with the report").toEqual([]);
  });
}

test("a chosen folder keeps its paths, and dropped files are read too", async ({ page }) => {
  await open(page);
  await page.getByTestId("terraform-folder").setInputFiles(join(FIXTURES, "healthy"));
  await expect(page.getByTestId("chosen-files")).toContainText("healthy/rotation.tf");
  const text = readFileSync(join(SEED_BROKEN, "main.tf"), "utf8");
  const transfer = await page.evaluateHandle((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], "dropped.tf", { type: "text/plain" }));
    return data;
  }, text);
  await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer: transfer });
  await expect(page.getByTestId("chosen-files")).toContainText("dropped.tf");
  await page.getByTestId("diagnose-submit").click();
  await expect(page.getByTestId("diagnose-results")).toBeVisible();
  const files = await page.getByTestId("finding").evaluateAll((items) => [...new Set(items.map((item) => item.getAttribute("data-file")))]);
  expect(files).toContain("dropped.tf");
});

test("unusable input is explained on the page", async ({ page }) => {
  await open(page);
  await page.getByTestId("diagnose-submit").click();
  await expect(page.getByTestId("diagnose-errors")).toContainText("at least one Terraform file");
  await page.locator("#diag-pasted").fill("resource {");
  await page.getByTestId("diagnose-submit").click();
  // Terraform that does not parse is a finding, not a failure.
  await expect(page.getByTestId("group-error").getByTestId("finding").first()).toHaveAttribute("data-id", "terraform-invalid");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("the form and the report fit the width", async ({ page }) => {
    await diagnoseFiles(page, SEED_FIXED, true);
    for (const finding of await page.getByTestId("finding").all()) await finding.locator("summary").click();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await expect(page.getByTestId("generate-link")).toBeVisible();
  });
});

test("the header links to the Diagnose page from the wizard, under the page's CSP", async ({ page }) => {
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto("/");
  await page.getByRole("link", { name: "Diagnose" }).click();
  await expect(page).toHaveURL(/\/diagnose$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Diagnose an existing rotation");
  await diagnoseFiles(page, SEED_BROKEN);
  expect(cspViolations).toEqual([]);
});
