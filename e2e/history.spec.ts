import { expect, test } from "./wizard-page";
import { MANAGED_QUERY, MINIMAL_QUERY, SUBNETS, VPC } from "./plans";

test("each step is one history entry named in the address; Back and Forward move between steps", async ({ page, wizard }) => {
  await wizard.open();
  const opened = await wizard.historyLength();
  expect(wizard.addressStep()).toBe("");

  await wizard.next();
  await wizard.expectStep("network");
  expect(wizard.addressStep()).toBe("network");
  await wizard.fill({ subnets: SUBNETS });
  // The plan follows into the address, in the same entry and without losing the step.
  await expect.poll(() => new URL(page.url()).searchParams.get("subnets")).toBe(SUBNETS);
  expect(wizard.addressStep()).toBe("network");
  await wizard.next();
  await wizard.expectStep("schedule");
  await wizard.next();
  await wizard.expectStep("strategy");
  expect(await wizard.historyLength()).toBe(opened + 3);

  // Back from step 4 shows step 3, focus in it; Forward returns.
  await page.goBack();
  await wizard.expectStep("schedule");
  await expect(wizard.heading("schedule")).toBeFocused();
  expect(wizard.addressStep()).toBe("schedule");
  await page.goBack();
  await wizard.expectStep("network");
  await expect(wizard.field("subnets")).toHaveValue(SUBNETS);
  await page.goForward();
  await wizard.expectStep("schedule");
  await page.goForward();
  await wizard.expectStep("strategy");
  await expect(wizard.heading("strategy")).toBeFocused();

  // Back to the page as it opened: the first step, with the plan as typed since, in its address too.
  await page.goBack();
  await page.goBack();
  await page.goBack();
  await wizard.expectStep("database");
  expect(wizard.addressStep()).toBe("");
  await expect.poll(() => new URL(page.url()).searchParams.get("subnets")).toBe(SUBNETS);
  // Back from the first entry leaves the app, as on any page.
  await page.goBack();
  expect(page.url()).toBe("about:blank");
});

test("moving forward through history checks the steps on the way, as Next does", async ({ page, wizard }) => {
  await wizard.open();
  await wizard.next();
  await wizard.fill({ subnets: SUBNETS });
  await wizard.next();
  await wizard.next();
  await wizard.expectStep("strategy");

  await page.goBack();
  await page.goBack();
  await wizard.expectStep("network");
  await wizard.fill({ subnets: "" });
  await page.goForward();

  // The entry ahead named Schedule, but Network now has a problem: the wizard stops there, focus on the field.
  await wizard.expectStep("network");
  await expect(wizard.field("subnets")).toBeFocused();
  await expect(wizard.error("subnets")).toBeVisible();
  await expect.poll(() => wizard.addressStep()).toBe("network");
});

test("a reload keeps the step; an address past a problem opens on the problem", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  await wizard.stepButton("strategy").click();
  await wizard.expectStep("strategy");
  expect(wizard.addressStep()).toBe("strategy");

  await page.reload();
  await wizard.ready();
  await wizard.expectStep("strategy");
  expect(wizard.addressStep()).toBe("strategy");

  // No subnets: Review cannot be reached, so the page opens where the plan falls short, with the message shown.
  await page.goto("/?name=orders-db#review");
  await wizard.ready();
  await wizard.expectStep("network");
  await expect(wizard.error("subnets")).toBeVisible();
  expect(wizard.addressStep()).toBe("network");
});

test("a complete shared link opens on Review, in the entry it opened", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY, { step: null });
  const opened = await wizard.historyLength();
  await wizard.expectStep("review");
  await expect.poll(() => wizard.addressStep()).toBe("review");
  expect(await wizard.historyLength()).toBe(opened);
  await expect(wizard.field("vpc")).toHaveValue(VPC);

  // No step was pushed in front of it: Back leaves the app.
  await page.goBack();
  expect(page.url()).toBe("about:blank");
});

test("a managed-rotation plan passes by Network: the step indicator says so, Next and Back go round it", async ({ page, wizard }) => {
  await wizard.open(MANAGED_QUERY);
  await expect(wizard.stepButton("network")).toHaveAttribute("data-skipped", "true");
  await expect(wizard.stepButton("network")).toContainText("Network, not needed");
  await expect(wizard.stepButton("network").getByRole("button")).toHaveCount(0);
  await expect(page.getByTestId("skipped-note")).toHaveText(/^Network is not needed: .+\.$/);

  await wizard.next();
  await wizard.expectStep("schedule");
  expect(wizard.addressStep()).toBe("schedule");
  await wizard.back();
  await wizard.expectStep("database");
});

test("choosing managed rotation on the way passes Network by in history too", async ({ page, wizard }) => {
  await wizard.open();
  await wizard.next();
  await wizard.fill({ subnets: SUBNETS });
  await wizard.next();
  await wizard.next();
  await wizard.expectStep("strategy");
  await expect(wizard.stepButton("network")).not.toHaveAttribute("data-skipped");
  await wizard.choose("strategy", "managed");
  await expect(wizard.stepButton("network")).toHaveAttribute("data-skipped", "true");

  await page.goBack();
  await wizard.expectStep("schedule");
  // The entry behind it is Network's: the wizard goes on to the step before it, and the address says so.
  await page.goBack();
  await wizard.expectStep("database");
  await expect.poll(() => wizard.addressStep()).toBe("database");
  await page.goForward();
  await wizard.expectStep("schedule");
});

test("the VPC id is asked for on request, and shown when the plan has one", async ({ page, wizard }) => {
  await wizard.open();
  await wizard.next();
  await wizard.expectStep("network");
  await expect(wizard.field("vpc")).toBeHidden();
  await expect(wizard.disclosure("vpc")).toHaveText("Also check the VPC id");
  await wizard.disclosure("vpc").click();
  await expect(wizard.field("vpc")).toBeVisible();
  await wizard.fill({ subnets: SUBNETS });
  await wizard.field("vpc").fill(VPC);
  await expect.poll(() => new URL(page.url()).searchParams.get("vpc")).toBe(VPC);

  // A plan that has one shows it at once.
  await wizard.open(MINIMAL_QUERY, { step: "network" });
  await expect(wizard.field("vpc")).toBeVisible();
  await expect(wizard.field("vpc")).toHaveValue(VPC);

  // A problem with it leads to the field, through the closed disclosure.
  await wizard.open(`${MINIMAL_QUERY.replace(`vpc=${VPC}`, "vpc=vpc-bad")}`);
  const problem = wizard.urlProblems.locator('li[data-param="vpc"]');
  await expect(problem).toBeVisible();
  await problem.getByRole("button").click();
  await wizard.expectStep("network");
  await expect(wizard.field("vpc")).toBeFocused();
});
