import { expect, test } from "./wizard-page";
import { MINIMAL_QUERY } from "./plans";

test("each choice explains its trade-off", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  await page.getByTestId("step-network").click();
  await expect(wizard.option("endpoint", "create")).toHaveAccessibleDescription(/traffic stays in the VPC/);
  await expect(wizard.option("endpoint", "nat")).toHaveAccessibleDescription(/leave the VPC/);
  await page.getByTestId("step-schedule").click();
  await expect(wizard.field("immediately")).toHaveAccessibleDescription(/Proves the whole setup right away/);
  await page.getByTestId("step-strategy").click();
  await expect(wizard.option("strategy", "single")).toHaveAccessibleDescription(/clients that hold the old password cannot log in/);
  await expect(wizard.option("strategy", "alternating")).toHaveAccessibleDescription(/one login always works/);
  await expect(wizard.option("strategy", "managed")).toHaveAccessibleDescription(/no function, no network/);
  await expect(wizard.option("lambda", "bundled")).toHaveAccessibleDescription(/you can read, test and change it/);
  await expect(wizard.option("lambda", "sar")).toHaveAccessibleDescription(/every engine/);
});

test("choices that cannot work are disabled, with the schema's reason", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);

  // Aurora has no MariaDB.
  await wizard.fill({ engine: "mariadb" });
  await expect(wizard.option("platform", "aurora")).toBeDisabled();
  await expect(wizard.option("platform", "aurora")).toHaveAccessibleDescription(/MariaDB does not run on Amazon Aurora\./);
  await expect(wizard.option("platform", "self-managed")).toBeEnabled();

  // AWS manages no password on a self-managed server.
  await wizard.fill({ engine: "postgres" });
  await expect(wizard.option("platform", "aurora")).toBeEnabled();
  await wizard.choose("platform", "self-managed");
  await page.getByTestId("step-strategy").click();
  await expect(wizard.option("strategy", "managed")).toBeDisabled();
  await expect(page.getByTestId("reason-strategy-managed")).toHaveText(
    "AWS manages PostgreSQL's master password only on Amazon RDS and Amazon Aurora.",
  );

  // Our function speaks PostgreSQL, MySQL and MariaDB; Oracle takes AWS's template.
  await page.getByTestId("step-database").click();
  await wizard.fill({ engine: "oracle" });
  await page.getByTestId("step-strategy").click();
  await expect(wizard.option("lambda", "sar")).toBeChecked();
  await expect(wizard.option("lambda", "bundled")).toBeDisabled();
  await expect(page.getByTestId("reason-lambda-bundled")).toHaveText("Our function supports PostgreSQL, MySQL and MariaDB; Oracle needs AWS's template.");
});

test("a choice that becomes impossible stays chosen and says why until the user picks another", async ({ page, wizard }) => {
  await wizard.open(`${MINIMAL_QUERY}&platform=aurora`);
  await expect(wizard.option("platform", "aurora")).toBeChecked();

  await wizard.fill({ engine: "mariadb" });
  // Nothing is dropped: Aurora is still the choice, and the form says why it cannot stay.
  await expect(wizard.option("platform", "aurora")).toBeChecked();
  await expect(wizard.option("platform", "aurora")).toBeEnabled();
  await expect(page.getByTestId("conflict-platform")).toContainText("MariaDB does not run on Amazon Aurora.");
  await expect(wizard.previewProblems).toContainText("“Platform: Amazon Aurora” is not available for MariaDB");

  // Next refuses with the schema's message and puts focus on the choice to change.
  await wizard.next();
  await wizard.expectStep("database");
  await expect(wizard.error("platform")).toContainText("“Platform: Amazon Aurora” is not available for MariaDB");
  await expect(wizard.option("platform", "aurora")).toBeFocused();

  await page.keyboard.press("ArrowUp");
  await expect(wizard.option("platform", "rds")).toBeChecked();
  await expect(page.getByTestId("conflict-platform")).toHaveCount(0);
  await expect(wizard.error("platform")).toHaveCount(0);
  await expect(wizard.option("platform", "aurora")).toBeDisabled();
  await wizard.next();
  await wizard.expectStep("network");
});
