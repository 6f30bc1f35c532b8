import { gzipSync } from "node:zlib";
import { metric, type Metric } from "./stats";

/** The JavaScript a page loads first: every script its HTML names, gzipped as a server would send it. */
async function firstLoadJs(url: string): Promise<number> {
  const html = await (await fetch(url)).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]!))];
  let total = 0;
  for (const source of sources) {
    const body = Buffer.from(await (await fetch(new URL(source, url))).arrayBuffer());
    total += gzipSync(body, { level: 9 }).length;
  }
  return total;
}

export async function benchFirstLoad(base: string): Promise<Metric[]> {
  const wizard = await firstLoadJs(`${base}/`);
  const notFound = await firstLoadJs(`${base}/this-page-does-not-exist`);
  return [
    metric("wizard first-load JS (gzip)", wizard / 1024, "KiB"),
    metric("not-found page first-load JS (gzip)", notFound / 1024, "KiB"),
    metric("wizard ÷ not-found first-load JS", wizard / notFound, "×", { text: "≤ 1.35×", ok: (value) => value <= 1.35 }),
  ];
}
