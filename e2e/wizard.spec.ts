import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, unzipText } from "./wizard-page";

const SUBNETS = "subnet-0123456789abcdef0,subnet-0fedcba9876543210";
const VPC = "vpc-0123456789abcdef0";
const MASTER_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-admin-AbCdEf";

test("a new user fills every step, sees the preview and downloads a bundle that rotates", async ({ page, wizard }) => {
  await wizard.open();
  const historyLength = await page.evaluate(() => history.length);

  await wizard.expectStep("database");
  // No subnets yet: the preview shows the bundle with an example in their place, and says so.
  await expect(wizard.previewExamples).toContainText("Lambda subnets");
  await wizard.fill({ name: "orders-db", engine: "mysql" });
  await wizard.choose("platform", "aurora");
  await wizard.next();

  await wizard.expectStep("network");
  await wizard.fill({ subnets: SUBNETS, vpc: VPC, dbsg: "sg-0123456789abcdef0" });
  await wizard.choose("endpoint", "create");
  await wizard.next();

  await wizard.expectStep("schedule");
  await wizard.fill({ days: "14", window: "3h" });
  await wizard.next();

  await wizard.expectStep("strategy");
  // MySQL's default function is the bundled one.
  await expect(wizard.option("lambda", "bundled")).toBeChecked();
  await wizard.choose("arch", "x86_64");
  await wizard.fill({ alarm: "ops@example.com" });

  // Going back keeps everything.
  await wizard.back();
  await wizard.back();
  await wizard.expectStep("network");
  await expect(wizard.field("subnets")).toHaveValue(SUBNETS);
  await expect(wizard.field("dbsg")).toHaveValue("sg-0123456789abcdef0");
  await wizard.next();
  await expect(wizard.field("window")).toHaveValue("3h");
  await wizard.next();
  await expect(wizard.option("arch", "x86_64")).toBeChecked();
  await expect(wizard.field("alarm")).toHaveValue("ops@example.com");
  await wizard.next();

  await wizard.expectStep("review");
  const summary = page.getByTestId("review-summary");
  await expect(summary).toContainText("MySQL on Amazon Aurora");
  await expect(summary).toContainText("Every 14 days, within 3h");
  await expect(summary).toContainText("ops@example.com");

  // The preview lists the bundle and shows rotation.tf, updated as the user typed.
  const paths = await wizard.previewPaths();
  expect(paths).toEqual(expect.arrayContaining(["README.md", "rotation.tf", "versions.tf", "lambda/rotation.py"]));
  await expect(page.getByTestId("review-files").locator("li")).toHaveCount(paths.length);
  const previewedRotation = await (await wizard.showInPreview("rotation.tf")).textContent();
  expect(previewedRotation).toContain('resource "aws_secretsmanager_secret_rotation"');

  // The address bar follows the plan. History has one entry per step moved to (eight moves above); typing adds none.
  const url = new URL(page.url());
  expect(url.searchParams.get("name")).toBe("orders-db");
  expect(url.searchParams.get("engine")).toBe("mysql");
  expect(url.searchParams.get("subnets")).toBe(SUBNETS);
  expect(url.searchParams.get("days")).toBe("14");
  expect(await page.evaluate(() => history.length)).toBe(historyLength + 8);

  const { name, bytes } = await wizard.download();
  expect(name).toBe("orders-db-rotation.zip");
  const entries = unzipText(bytes);
  const files = [...entries.keys()];
  expect(files.every((path) => path.startsWith("orders-db-rotation/"))).toBe(true);
  expect(files).toEqual(
    expect.arrayContaining([
      "orders-db-rotation/README.md",
      "orders-db-rotation/versions.tf",
      "orders-db-rotation/rotation.tf",
      "orders-db-rotation/lambda/rotation.py",
      "orders-db-rotation/scripts/test-rotation.sh",
    ]),
  );
  // The zip holds exactly the previewed files, with the previewed text.
  expect(files.map((path) => path.slice("orders-db-rotation/".length)).sort()).toEqual([...paths].sort());
  const rotationTf = entries.get("orders-db-rotation/rotation.tf")!;
  expect(rotationTf).toBe(previewedRotation);
  expect(rotationTf).toMatch(/resource "aws_secretsmanager_secret_rotation" "[a-z_]+" \{/);
  expect(rotationTf).toMatch(/rotation_lambda_arn\s*=/);
});

test("an invalid subnet shows the schema's message under the field, and Next stays on Network", async ({ wizard }) => {
  await wizard.open();
  await wizard.next();
  await wizard.expectStep("network");

  await wizard.fill({ subnets: "subnet-xyz", vpc: VPC });
  await wizard.next();

  await wizard.expectStep("network");
  // In the form's words: the field's label, not the parameter's name (e2e/words.spec.ts shows the names on request).
  const message = "“Lambda subnets” must be ids like subnet-0123456789abcdef0, separated by commas";
  await expect(wizard.error("subnets")).toHaveText(message);
  await expect(wizard.field("subnets")).toHaveAttribute("aria-invalid", "true");
  await expect(wizard.field("subnets")).toHaveAccessibleDescription(new RegExp(message));
  await expect(wizard.field("subnets")).toBeFocused();
  await expect(wizard.error("vpc")).toHaveCount(0);
  // The preview names the same blocker.
  await expect(wizard.previewProblems).toContainText(message);

  // Fixing it clears the message and lets the user on.
  await wizard.fill({ subnets: SUBNETS });
  await expect(wizard.error("subnets")).toHaveCount(0);
  await wizard.next();
  await wizard.expectStep("schedule");
});

test("a share URL restores the plan on the first render", async ({ page, wizard }) => {
  const query = `engine=mariadb&subnets=${SUBNETS}&vpc=${VPC}&days=7`;
  await wizard.open(query);

  await expect(wizard.urlProblems).toHaveCount(0);
  await expect(wizard.field("engine")).toHaveValue("mariadb");
  // Fields of later steps hold their values too.
  await expect(wizard.field("subnets")).toHaveValue(SUBNETS);
  await expect(wizard.field("vpc")).toHaveValue(VPC);
  await expect(wizard.field("days")).toHaveValue("7");

  // The preview shows this plan: MariaDB's bundled function, these subnets, a 7-day schedule.
  expect(await wizard.previewPaths()).toContain("lambda/rotation.py");
  await expect(await wizard.showInPreview("terraform.tfvars")).toContainText("subnet-0fedcba9876543210");
  const rotationTf = await wizard.showInPreview("rotation.tf");
  await expect(rotationTf).toContainText("aws_secretsmanager_secret_rotation");
  await expect(rotationTf).toContainText(/automatically_after_days\s*=\s*7\n/);

  // The whole plan is valid, so the review is one click away and the URL is unchanged.
  await page.getByTestId("step-review").click();
  await wizard.expectStep("review");
  await expect(page.getByTestId("review-summary")).toContainText("MariaDB on Amazon RDS");
  await expect(page.getByTestId("review-summary")).toContainText("Every 7 days");
  expect(new URL(page.url()).search).toBe(`?${query}`);

  // "Copy link" puts the same share URL on the clipboard.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Link copied")).toBeVisible();
  // The link carries the plan, not the step the sender was on: a complete plan opens on Review anyway.
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url().replace(/#.*$/, ""));
});

test("a URL with bad parameters lists each of them, and only they fall back to defaults", async ({ wizard }) => {
  await wizard.open(`engine=nosuch&subnets=bad&vpc=${VPC}&colour=blue`);

  const problems = wizard.urlProblems;
  await expect(problems).toBeVisible();
  await expect(problems.locator("li")).toHaveCount(3);
  await expect(problems.locator('li[data-param="engine"]')).toContainText("engine must be one of: postgres, mysql");
  await expect(problems.locator('li[data-param="subnets"]')).toContainText("subnets must be ids like subnet-0123456789abcdef0");
  await expect(problems.locator('li[data-param="colour"]')).toContainText("colour is not a plan parameter");

  await expect(wizard.field("engine")).toHaveValue("postgres");
  await expect(wizard.field("vpc")).toHaveValue(VPC);

  // A problem leads to its field.
  await problems.getByRole("button", { name: "Go to subnets" }).click();
  await wizard.expectStep("network");
  await expect(wizard.field("subnets")).toBeFocused();
  await expect(wizard.field("subnets")).toHaveValue("");

  await problems.getByRole("button", { name: "Dismiss" }).click();
  await expect(problems).toHaveCount(0);
});

test("fields that other choices make meaningless are hidden and keep their values", async ({ page, wizard }) => {
  await wizard.open(`subnets=${SUBNETS}&vpc=${VPC}`);
  await page.getByTestId("step-strategy").click();
  await wizard.expectStep("strategy");

  await expect(wizard.field("master")).toHaveCount(0);
  await wizard.choose("strategy", "alternating");
  await wizard.fill({ master: MASTER_ARN });
  await wizard.choose("strategy", "single");
  await expect(wizard.field("master")).toHaveCount(0);
  await expect(wizard.panel("strategy").getByTestId("hidden-note")).toContainText("Admin secret ARN");
  await wizard.choose("strategy", "alternating");
  await expect(wizard.field("master")).toHaveValue(MASTER_ARN);

  // Managed rotation needs no Lambda: the network step has nothing left to ask, so it is passed by.
  await wizard.choose("strategy", "managed");
  await expect(wizard.field("runtime")).toHaveCount(0);
  await expect(wizard.stepButton("network")).toHaveAttribute("data-skipped", "true");
  await expect(wizard.field("subnets")).toHaveCount(0);
  await expect(wizard.panel("network").getByTestId("hidden-note")).toContainText("“Rotation strategy: Managed by AWS”");
});

test("an existing secret is asked for by ARN, and the ARN survives switching back and forth", async ({ page, wizard }) => {
  const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf";
  await wizard.open(`subnets=${SUBNETS}&vpc=${VPC}`);
  await expect(wizard.field("secret")).toHaveCount(0);

  await page.getByLabel("Rotate an existing secret").check();
  await wizard.next();
  await wizard.expectStep("database");
  await expect(wizard.error("secret")).toContainText("“Secret to rotate” must be a new secret or the ARN of an existing secret");

  await wizard.fill({ secret: secretArn });
  await expect(wizard.error("secret")).toHaveCount(0);
  await page.getByLabel("Create a new secret").check();
  await expect(wizard.field("secret")).toHaveCount(0);
  await page.getByLabel("Rotate an existing secret").check();
  await expect(wizard.field("secret")).toHaveValue(secretArn);

  // The plan now rotates that secret: the address bar and the bundle say so.
  await expect.poll(() => new URL(page.url()).searchParams.get("secret")).toBe(secretArn);
  await expect(await wizard.showInPreview("terraform.tfvars")).toContainText(secretArn);
});

test.describe("in a browser far from the CLI's time zone", () => {
  // Zip entries carry a time; the bundle's must not depend on where it was built.
  test.use({ timezoneId: "Pacific/Kiritimati" });

  test("the zip downloaded in the browser is byte-identical to the CLI's", async ({ page, wizard }) => {
    const queries = [
      `name=billing&engine=postgres&strategy=alternating&master=${encodeURIComponent(MASTER_ARN)}&subnets=${SUBNETS}&vpc=${VPC}&days=7&alarm=ops%40example.com`,
      `engine=sqlserver&lambda=sar&subnets=${SUBNETS}&sgs=sg-0123456789abcdef0&endpoint=nat&schedule=${encodeURIComponent("cron(0 4 ? * SUN *)")}`,
    ];
    const dir = mkdtempSync(join(tmpdir(), "rotation-wizard-e2e-"));
    try {
      for (const [index, query] of queries.entries()) {
        await wizard.open(query);
        await expect(wizard.urlProblems).toHaveCount(0);
        await page.getByTestId("step-review").click();
        await wizard.expectStep("review");
        const downloaded = await wizard.download();

        const cliZip = join(dir, `${index}.zip`);
        execFileSync("npx", ["tsx", "cli/generate.ts", "--query", query, "--zip", cliZip], { stdio: "pipe" });
        const written = new Uint8Array(readFileSync(cliZip));
        // Same files with the same text first (a readable diff when they differ), then the same bytes.
        expect(Object.fromEntries(unzipText(downloaded.bytes))).toEqual(Object.fromEntries(unzipText(written)));
        expect(Buffer.from(downloaded.bytes).equals(Buffer.from(written)), "the zips' bytes are identical").toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test("Ctrl+Enter downloads the bundle from any step", async ({ page, wizard }) => {
  await wizard.open(`name=keys-db&subnets=${SUBNETS}&vpc=${VPC}`);
  await wizard.field("name").focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Control+Enter")]);
  expect(download.suggestedFilename()).toBe("keys-db-rotation.zip");
});
