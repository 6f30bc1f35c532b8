import { expect, test } from "@playwright/test";

/** The wizard works under its Content-Security-Policy, and every page and route sends the security headers. */

const PLAN = "engine=mysql&subnets=subnet-0123456789abcdef0&vpc=vpc-0123456789abcdef0";

test("the wizard works under the policy with no CSP violation reported", async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });

  // At the Database step: a complete plan opened without a step opens on Review.
  const response = await page.goto(`/?${PLAN}#database`);
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  // The app is alive under the policy: it rendered the plan's files and reacts to input.
  await expect(page.getByTestId("preview-files").locator(`button[data-path="rotation.tf"]`)).toBeVisible();
  const name = page.getByLabel(/^Name/).first();
  await name.fill("orders");
  await expect(page).toHaveURL(/name=orders/);
  const download = page.waitForEvent("download");
  await page.keyboard.press("Control+Enter");
  expect((await download).suggestedFilename()).toBe("orders-rotation.zip");

  await page.goto("/this-page-does-not-exist");
  expect(violations).toEqual([]);
});

test("every page and route sends the security headers", async ({ request }) => {
  for (const path of ["/", `/api/bundle?${PLAN}`, "/api/bundle?engine=nosuch", "/api", "/api/plan-schema", "/icon.svg", "/nope"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["x-frame-options"], path).toBe("DENY");
    if (path !== "/icon.svg") {
      const policy = headers["content-security-policy"] ?? "";
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy, path).not.toContain("unsafe-eval");
    }
  }
});
