import { chromium, type Browser, type Page } from "@playwright/test";

/** The CPU slowdown of PRODUCT.md §8's browser budgets: a mid-range laptop or phone, not our server. */
export const CPU_RATE = 4;

/** Debian's Chromium, as the end-to-end tests drive it (a browser download cannot work on our machines). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * A fresh page in a fresh context (empty cache, no stored plan), its CPU slowed down CPU_RATE times
 * through DevTools' Emulation.setCPUThrottlingRate before it loads anything.
 */
export async function throttledPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_RATE });
  return page;
}
