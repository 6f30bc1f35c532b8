import { chromium } from "@playwright/test";
import { median, metric, percentile, type Metric } from "./stats";

/**
 * Keystroke → preview updated, in Debian's Chromium: from the keydown event to the app's
 * `preview-updated` performance mark (set once the preview shows the new plan's files).
 */
export async function benchKeystrokes(base: string, pairs = 60): Promise<Metric[]> {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    // A complete plan, so that every keystroke regenerates and re-renders the whole bundle.
    await page.goto(`${base}/?subnets=subnet-0123456789abcdef0,subnet-0fedcba9876543210&vpc=vpc-0123456789abcdef0&alarm=ops@example.com`);
    const name = page.getByLabel(/^Name/).first();
    await name.waitFor();
    await page.evaluate(() => {
      const state = { pending: null as number | null, latencies: [] as number[] };
      (window as unknown as { __keystrokes: typeof state }).__keystrokes = state;
      document.addEventListener("keydown", () => (state.pending = performance.now()), true);
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.name === "preview-updated" && state.pending !== null) {
            state.latencies.push(entry.startTime - state.pending);
            state.pending = null;
          }
        }
      }).observe({ entryTypes: ["mark"] });
    });
    await name.click();
    await page.keyboard.press("End");
    // Each keystroke changes the plan (app-db ↔ app-dbx), so each must update the preview.
    for (let i = 0; i < pairs; i++) {
      for (const key of ["x", "Backspace"]) {
        const before = await page.evaluate(() => (window as unknown as { __keystrokes: { latencies: number[] } }).__keystrokes.latencies.length);
        await page.keyboard.press(key);
        await page.waitForFunction((n) => (window as unknown as { __keystrokes: { latencies: number[] } }).__keystrokes.latencies.length > n, before, { timeout: 5000 });
      }
    }
    const latencies = await page.evaluate(() => (window as unknown as { __keystrokes: { latencies: number[] } }).__keystrokes.latencies);
    return [
      metric(`keystroke → preview updated, median (${latencies.length} keystrokes)`, median(latencies), "ms"),
      metric("keystroke → preview updated, p95", percentile(latencies, 95), "ms", { text: "p95 < 16 ms", ok: (value) => value < 16 }),
    ];
  } finally {
    await browser.close();
  }
}
