import { request as playwrightRequest } from "@playwright/test";
import { expect, test, unzipText } from "./wizard-page";
import { MINIMAL_QUERY, RICH_QUERY, SUBNETS, VPC } from "./plans";

// shiki stays out of the first load (the last test of this file); here: once the preview shows a file, it is
// fetched as JavaScript, without WebAssembly, and colours every language of the bundle.
test("shiki colours every language of the bundle, without WebAssembly", async ({ page, wizard }) => {
  const highlighterChunks: string[] = [];
  const wasm: string[] = [];
  page.on("response", async (response) => {
    const url = response.url();
    if (url.endsWith(".wasm") || response.headers()["content-type"]?.includes("wasm")) wasm.push(url);
    if (url.endsWith(".js") && (await response.text()).includes("github-light-default")) highlighterChunks.push(url);
  });

  await wizard.open(`subnets=${SUBNETS}&vpc=${VPC}`);
  await wizard.expectHighlighted();
  expect(highlighterChunks.length).toBeGreaterThan(0);

  // One file per language the bundle is written in: each gets coloured tokens.
  for (const [path, language] of [
    ["rotation.tf", "hcl"],
    ["lambda/rotation.py", "python"],
    ["scripts/test-rotation.sh", "shellscript"],
    ["README.md", "markdown"],
    ["lambda/requirements.txt", "text"],
  ] as const) {
    const content = await wizard.showInPreview(path);
    await expect(content).toHaveAttribute("data-language", language);
    await wizard.expectHighlighted();
    if (language !== "text") expect(await content.locator("span[style*='--shiki-light']").count()).toBeGreaterThan(5);
  }
  expect(wasm).toEqual([]);
});

test("the preview shows exactly what the zip holds, file by file", async ({ page, wizard }) => {
  await wizard.open(RICH_QUERY);
  await page.getByTestId("step-review").click();
  await wizard.expectStep("review");
  const { bytes } = await wizard.download();
  const entries = unzipText(bytes);
  const shown = await wizard.previewTexts();
  expect([...entries.keys()].sort()).toEqual([...shown.keys()].map((path) => `billing-db-rotation/${path}`).sort());
  for (const [path, text] of shown) expect(text, path).toBe(entries.get(`billing-db-rotation/${path}`));
});

test("the explanation panel says why the file and each of its resources exist, in the README's words", async ({ page, wizard }) => {
  await wizard.open(RICH_QUERY);
  const readme = (await wizard.previewText("README.md")).replace(/\s+/g, " ");

  await wizard.showInPreview("iam.tf");
  await expect(page.getByTestId("preview-why")).not.toBeEmpty();
  const resources = page.getByTestId("preview-resources").locator(".resource");
  expect(await resources.count()).toBeGreaterThan(1);
  for (const resource of await resources.all()) {
    const address = (await resource.locator("dt").textContent())!;
    const why = (await resource.locator("dd").textContent())!;
    expect(await wizard.previewContent.textContent()).toContain(address.split(".").slice(-2).join('" "'));
    expect(readme).toContain(`\`${address}\` — ${why}`.replace(/\s+/g, " "));
  }

  // Files that are not Terraform have a summary and no resource list.
  await wizard.showInPreview("lambda/rotation.py");
  await expect(page.getByTestId("preview-why")).toContainText("rotation function");
  await expect(page.getByTestId("preview-resources")).toHaveCount(0);
});

test("one file can be copied or downloaded on its own, with the text the preview shows", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  const text = await wizard.previewText("lambda.tf");
  const copied = await wizard.copyWith(page.getByRole("button", { name: "Copy lambda.tf" }));
  expect(copied).toBe(text);
  await expect(page.getByTestId("file-copy-status")).toHaveText("Copied");

  const shown = await wizard.previewText("scripts/test-rotation.sh");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download scripts/test-rotation.sh" }).click()]);
  expect(download.suggestedFilename()).toBe("test-rotation.sh");
  const { readFile } = await import("node:fs/promises");
  expect(await readFile(await download.path(), "utf8")).toBe(shown);
});

test("each keystroke that changes the plan marks preview-updated once, after the new files are on screen", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  const marks = () => page.evaluate(() => performance.getEntriesByName("preview-updated").length);
  await expect(wizard.previewContent).toContainText('"aws_secretsmanager_secret_rotation" "this"');
  const before = await marks();
  await page.getByLabel(/^Name/).press("End");
  await page.getByLabel(/^Name/).press("x");
  await expect.poll(marks).toBe(before + 1);
  await expect(await wizard.showInPreview("secret.tf")).toContainText('"app-dbx');
  expect(await marks()).toBe(before + 1);
});

test("quick keystrokes in a text field are followed by the rest of the page once typing pauses, not one by one", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  const marks = () => page.evaluate(() => performance.getEntriesByName("preview-updated").length);
  await expect(wizard.previewContent).toContainText('"aws_secretsmanager_secret_rotation" "this"');
  const before = await marks();
  const name = page.getByLabel(/^Name/);
  await name.press("End");
  // 50 ms apart: well inside the pause the wizard waits for (TYPING_PAUSE_MS in use-live-plan.ts).
  await name.pressSequentially("xyz", { delay: 50 });
  await expect.poll(marks).toBe(before + 1);
  await page.waitForTimeout(800);
  expect(await marks()).toBe(before + 1);
  await expect(await wizard.showInPreview("secret.tf")).toContainText('"app-dbxyz');
});

test("the page's first load carries neither zod, the generators, fflate nor shiki", async ({ baseURL }) => {
  const api = await playwrightRequest.newContext({ baseURL });
  const html = await (await api.get("/")).text();
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]!);
  expect(sources.length).toBeGreaterThan(0);
  const firstLoad = (await Promise.all(sources.map(async (source) => (await api.get(source)).text()))).join("\n");
  // Strings each of them cannot do without: zod's error class, a generated resource type, fflate's zip
  // signature check, the highlighter's theme.
  for (const marker of ["ZodError", "aws_secretsmanager_secret_rotation", "invalid zip data", "github-light-default"]) {
    expect(firstLoad.includes(marker), marker).toBe(false);
  }
  await api.dispose();
});
