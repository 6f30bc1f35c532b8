import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FALLBACK_VERSIONS } from "../lib/versions";
import { expect, test, unzipText, WizardPage } from "./wizard-page";
import { MASTER_ARN, MINIMAL_QUERY, SUBNETS, VPC } from "./plans";

const REPOSITORY = fileURLToPath(new URL("..", import.meta.url));

test("a copied link opens the same plan: same fields, same files, same text", async ({ page, browser, wizard }) => {
  await wizard.open(`name=ledger-db&engine=mariadb&${MINIMAL_QUERY}`);
  await page.getByLabel("Rotate an existing secret").check();
  await wizard.fill({ secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger-AbCdEf" });
  await wizard.stepButton("network").click();
  await wizard.choose("endpoint", "existing");
  await wizard.stepButton("schedule").click();
  await wizard.fill({ schedule: "rate(12 hours)", window: "2h" });
  await page.getByLabel(/^Rotate once as soon as it is applied/).uncheck();
  await wizard.stepButton("strategy").click();
  await wizard.choose("strategy", "alternating");
  await wizard.fill({ master: MASTER_ARN, exclude: "'\"\\" });
  await wizard.stepButton("review").click();
  await wizard.expectStep("review");
  // The review follows the last edit once typing has paused: the link shown must carry it before it is copied.
  await expect(page.getByTestId("share-query")).toContainText("exclude=");
  const link = await wizard.copyWith(page.getByRole("button", { name: "Copy link" }));
  await expect(page.getByTestId("share-status")).toHaveText("Link copied");
  // The link carries the plan, not the step: a complete plan opens on Review. The address bar takes the
  // plan once typing has paused (use-plan-address.ts), which may come after the copy.
  await expect.poll(() => page.url().replace(/#.*$/, "")).toBe(link);
  const shown = await wizard.previewTexts();

  const other = new WizardPage(await browser.newPage());
  await other.page.goto(link);
  await other.ready();
  await expect(other.urlProblems).toHaveCount(0);
  for (const [param, value] of Object.entries({ name: "ledger-db", engine: "mariadb", subnets: SUBNETS, schedule: "rate(12 hours)", window: "2h", master: MASTER_ARN, exclude: "'\"\\" })) {
    await expect(other.field(param)).toHaveValue(value);
  }
  await expect(other.field("immediately")).not.toBeChecked();
  await expect(other.option("endpoint", "existing")).toBeChecked();
  expect(await other.previewTexts()).toEqual(shown);
  await other.page.close();
});

test("Copy curl gives a quoted command that downloads the same bundle from the API, and the CLI makes it too", async ({ page, wizard }) => {
  // encodeURIComponent leaves ' alone: the command must still quote it for the shell.
  await wizard.open(`name=curl-db&${MINIMAL_QUERY}&exclude=${encodeURIComponent("'\"")}`);
  await page.getByTestId("step-review").click();
  await wizard.expectStep("review");
  const command = await wizard.copyWith(page.getByRole("button", { name: "Copy curl" }));
  await expect(page.getByTestId("share-status")).toHaveText("curl command copied");
  const origin = new URL(page.url()).origin;
  expect(command).toBe(`curl -fo curl-db-rotation.zip '${origin}/api/bundle?name=curl-db&subnets=${SUBNETS}&vpc=${VPC}&exclude='\\''%22'`);

  const dir = mkdtempSync(join(tmpdir(), "rotation-wizard-curl-"));
  try {
    execFileSync("bash", ["-c", command], { cwd: dir, stdio: "pipe" });
    // The command line, from the query the API got, pinning versions as the server does: playwright.config.ts
    // starts the server with ROTATION_WIZARD_VERSIONS=fallback, and the browser gets its versions from the server.
    const apiUrl = new URL(command.slice(command.indexOf("'") + 1, command.lastIndexOf("'")).replaceAll(`'\\''`, "'"));
    execFileSync("npx", ["tsx", "cli/generate.ts", "--query", apiUrl.search, "--zip", join(dir, "cli.zip")], {
      cwd: REPOSITORY,
      env: { ...process.env, ROTATION_WIZARD_VERSIONS: "fallback" },
      stdio: "pipe",
    });
    const zips = {
      browser: (await wizard.download()).bytes,
      api: new Uint8Array(readFileSync(join(dir, "curl-db-rotation.zip"))),
      cli: new Uint8Array(readFileSync(join(dir, "cli.zip"))),
    };
    const [fromBrowser, fromApi, fromCli] = [zips.browser, zips.api, zips.cli].map(unzipText) as [Map<string, string>, Map<string, string>, Map<string, string>];
    const paths = [...fromBrowser.keys()].sort();
    expect(paths).toEqual(expect.arrayContaining(["curl-db-rotation/README.md", "curl-db-rotation/versions.tf", "curl-db-rotation/lambda.tf"]));
    expect([...fromApi.keys()].sort(), "the API's files").toEqual(paths);
    expect([...fromCli.keys()].sort(), "the CLI's files").toEqual(paths);
    expect(fromApi.get("curl-db-rotation/versions.tf"), "the server must pin the embedded versions (ROTATION_WIZARD_VERSIONS=fallback)").toContain(FALLBACK_VERSIONS.checkedOn);
    // Every file, README.md and versions.tf included, is the same from all three.
    for (const path of paths) {
      expect(fromApi.get(path), `API ${path}`).toBe(fromBrowser.get(path));
      expect(fromCli.get(path), `CLI ${path}`).toBe(fromBrowser.get(path));
    }
    // And so are the bytes: sorted entries, fixed timestamps (lib/bundle/zip.ts).
    expect(Buffer.from(zips.api).equals(Buffer.from(zips.browser)), "API zip bytes").toBe(true);
    expect(Buffer.from(zips.cli).equals(Buffer.from(zips.browser)), "CLI zip bytes").toBe(true);
    expect(fromApi.get("curl-db-rotation/lambda.tf")).toContain(`'\\"`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.describe("the last plan, remembered on this device", () => {
  test("comes back on a bare visit, never over a shared link, and not after opting out", async ({ page, wizard }) => {
    await wizard.open();
    await expect(wizard.rememberPlan).toBeChecked();
    await wizard.fill({ name: "kept-db" });
    await page.getByTestId("step-network").click();
    await wizard.fill({ subnets: SUBNETS, vpc: VPC });
    await expect.poll(() => page.evaluate(() => localStorage.getItem("rotation-wizard:last-plan"))).toContain("name=kept-db");

    // A bare visit restores it, and the address shows it again.
    await wizard.open();
    await expect(wizard.field("name")).toHaveValue("kept-db");
    await expect(wizard.field("subnets")).toHaveValue(SUBNETS);
    await expect(page.getByTestId("restored-note")).toBeVisible();
    await expect.poll(() => new URL(page.url()).searchParams.get("name")).toBe("kept-db");

    // A shared link wins over it.
    await wizard.open(`name=shared-db&${MINIMAL_QUERY}`);
    await expect(wizard.field("name")).toHaveValue("shared-db");
    await expect(page.getByTestId("restored-note")).toHaveCount(0);

    // Opting out forgets it at once.
    await wizard.rememberPlan.uncheck();
    expect(await page.evaluate(() => localStorage.getItem("rotation-wizard:last-plan"))).toBeNull();
    await wizard.open();
    await expect(wizard.field("name")).toHaveValue("app-db");
    await expect(wizard.previewExamples).toContainText("Lambda subnets");
    await expect(wizard.rememberPlan).not.toBeChecked();
  });

  test("\"Start from the defaults\" clears it", async ({ page, wizard }) => {
    await wizard.open(`name=old-db&${MINIMAL_QUERY}`);
    await expect.poll(() => page.evaluate(() => localStorage.getItem("rotation-wizard:last-plan"))).toContain("name=old-db");
    await wizard.open();
    await expect(wizard.field("name")).toHaveValue("old-db");
    await page.getByRole("button", { name: "Start from the defaults" }).click();
    await expect(wizard.field("name")).toHaveValue("app-db");
    await expect(wizard.field("engine")).toHaveValue("postgres");
    expect(new URL(page.url()).search).toBe("");
    expect(await page.evaluate(() => localStorage.getItem("rotation-wizard:last-plan"))).toBeNull();
  });
});
