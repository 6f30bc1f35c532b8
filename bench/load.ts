import type { Browser, Page } from "@playwright/test";
import { CPU_RATE, launchChromium, throttledPage } from "./browser";
import { median, metric, type Metric } from "./stats";

/**
 * The wizard's first load against the bare not-found page of the same build, in the same run, at CPU
 * rate 4 on loopback (PRODUCT.md §8).
 *
 * "Hydrated" means the same on both pages: the root layout's `HydrationMark` (components/hydration-mark.tsx)
 * has run its effect, which marks `<html data-hydrated>` and the performance mark `hydrated`. It is the
 * layout's first child, so its effect runs first in the hydration commit's effects, before any effect of the
 * page can start loading more code. For the wizard, "interactive" also asks that a click on Next, sent as
 * soon as the page is hydrated, is handled: the next step shows. That click waits for whatever the step's
 * validation needs (the plan schema, loaded after hydration), so code loaded late counts against the wizard
 * when the click needs it.
 *
 * First-load JavaScript is read from the browser's responses (Resource Timing's encodedBodySize: the
 * server sends scripts gzipped, so that is the gzip size), summing the scripts whose fetch started before
 * the page was hydrated: the ones it needs to become interactive, not those it loads afterwards on purpose.
 */

/**
 * Time stamps the page records itself, relative to its navigation start, so the driver's latency stays out.
 * Plain JavaScript in a string: tsx would add helpers to a function that the page does not have.
 */
const WATCH = `
(() => {
  let shown = () => undefined;
  window.__stepShown = new Promise((resolve) => (shown = resolve));
  window.__hydrated = new Promise((resolve) => {
    const hydration = new MutationObserver(() => {
      if (!document.documentElement || !document.documentElement.hasAttribute("data-hydrated")) return;
      hydration.disconnect();
      const mark = performance.getEntriesByName("hydrated")[0];
      resolve(mark ? mark.startTime : performance.now());
      // From now on: the first moment a step other than the one showing at hydration is visible.
      const visible = () => document.querySelector('[data-testid^="panel-"]:not([hidden])')?.dataset.testid;
      const first = visible();
      const steps = new MutationObserver(() => {
        if (visible() === first) return;
        steps.disconnect();
        shown(performance.now());
      });
      steps.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["hidden"], childList: true });
    });
    hydration.observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
  });
})();
`;

/** Next, scrolled into view as needed: its box in the viewport (the mouse's coordinates), or null. */
const FIND_NEXT = `
(() => {
  const next = document.querySelector('[data-testid="next"]');
  if (!next) return null;
  next.scrollIntoView({ block: "nearest" });
  const { x, y, width, height } = next.getBoundingClientRect();
  return { x, y, width, height };
})()
`;

interface Load {
  /** When the HTML's first byte arrived: the server's share of the time, under the same load. */
  firstByte: number;
  hydrated: number;
  /** gzip bytes of the scripts whose fetch started before the page was hydrated. */
  firstLoadJs: number;
  scripts: string[];
}

async function scriptsBefore(page: Page, before: number): Promise<{ bytes: number; scripts: string[] }> {
  return page.evaluate((limit) => {
    const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter(
      (entry) => new URL(entry.name).pathname.endsWith(".js") && entry.startTime < limit,
    );
    return { bytes: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0), scripts: scripts.map((entry) => new URL(entry.name).pathname) };
  }, before);
}

async function loadOnce(browser: Browser, url: string, clickNext: boolean): Promise<Load & { interactive: number }> {
  const page = await throttledPage(browser);
  try {
    await page.addInitScript({ content: WATCH });
    await page.goto(url, { waitUntil: "domcontentloaded", timeout: 120_000 });
    // Where Next is, read from the server's HTML before hydration: the click itself is then one input
    // event, queued like a user's, not Playwright's actionability checks (they wait for page turns).
    // Scrolled into view first, as a user reading the step would have. One plain script, not a locator:
    // Playwright's selector engine runs on the page's main thread (about 0.3 s at CPU rate 4 to set up
    // and query), which the wizard's load would pay and the not-found page's would not.
    const next = clickNext ? ((await page.evaluate(FIND_NEXT)) as { x: number; y: number; width: number; height: number } | null) : null;
    const hydrated = await page.evaluate(() => (window as unknown as { __hydrated: Promise<number> }).__hydrated);
    let interactive = hydrated;
    if (clickNext) {
      if (!next) throw new Error("bench/load.ts: the wizard has no Next button");
      await page.mouse.click(next.x + next.width / 2, next.y + next.height / 2);
      interactive = await page.evaluate(() =>
        Promise.race([
          (window as unknown as { __stepShown: Promise<number> }).__stepShown,
          new Promise<number>((_, reject) => setTimeout(() => reject(new Error("bench/load.ts: Next did not show another step within 60 s")), 60_000)),
        ]),
      );
    }
    const { bytes, scripts } = await scriptsBefore(page, hydrated);
    const firstByte = await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseStart);
    return { firstByte, hydrated, interactive, firstLoadJs: bytes, scripts };
  } finally {
    await page.context().close();
  }
}

export async function benchLoad(base: string, runs = 9): Promise<Metric[]> {
  const browser = await launchChromium();
  try {
    const wizard: Array<Awaited<ReturnType<typeof loadOnce>>> = [];
    const notFound: Array<Awaited<ReturnType<typeof loadOnce>>> = [];
    // One warm-up of each (the server compiles nothing, but its first answers are slower), then alternate,
    // so that a burst of load from elsewhere on the machine falls on both pages alike.
    await loadOnce(browser, `${base}/definitely-not-here`, false);
    await loadOnce(browser, `${base}/`, true);
    for (let i = 0; i < runs; i++) {
      notFound.push(await loadOnce(browser, `${base}/definitely-not-here`, false));
      wizard.push(await loadOnce(browser, `${base}/`, true));
    }
    const notFoundHydrated = median(notFound.map((load) => load.hydrated));
    const wizardHydrated = median(wizard.map((load) => load.hydrated));
    const wizardInteractive = median(wizard.map((load) => load.interactive));
    const wizardJs = median(wizard.map((load) => load.firstLoadJs));
    const notFoundJs = median(notFound.map((load) => load.firstLoadJs));
    if (process.env.BENCH_VERBOSE) {
      console.log("wizard scripts before hydration:", wizard[0]!.scripts.join(" "));
      console.log("not-found scripts before hydration:", notFound[0]!.scripts.join(" "));
      const each = (loads: Array<{ hydrated: number; interactive: number }>, key: "hydrated" | "interactive") => loads.map((load) => Math.round(load[key])).join(" ");
      console.log("not-found hydrated, each load:", each(notFound, "hydrated"));
      console.log("wizard interactive, each load:", each(wizard, "interactive"));
    }
    const rate = `CPU rate ${CPU_RATE}, median of ${runs}`;
    return [
      metric("not-found page HTML first byte, median", median(notFound.map((load) => load.firstByte)), "ms"),
      metric("wizard HTML first byte, median", median(wizard.map((load) => load.firstByte)), "ms"),
      metric(`not-found page hydrated (${rate})`, notFoundHydrated, "ms"),
      metric(`wizard hydrated (${rate})`, wizardHydrated, "ms"),
      metric(`wizard interactive: hydrated, a click on Next handled (${rate})`, wizardInteractive, "ms"),
      metric("wizard interactive ÷ not-found hydrated", wizardInteractive / notFoundHydrated, "×", {
        text: `≤ 1.5× (${Math.round(1.5 * notFoundHydrated)} ms this run)`,
        ok: (value) => value <= 1.5,
      }),
      metric("not-found page first-load JS (gzip, from the browser's responses)", notFoundJs / 1024, "KiB"),
      metric("wizard first-load JS (gzip, from the browser's responses)", wizardJs / 1024, "KiB"),
      metric("wizard ÷ not-found first-load JS", wizardJs / notFoundJs, "×", {
        text: `≤ 1.35× (${((1.35 * notFoundJs) / 1024).toFixed(1)} KiB this run)`,
        ok: (value) => value <= 1.35,
      }),
    ];
  } finally {
    await browser.close();
  }
}
