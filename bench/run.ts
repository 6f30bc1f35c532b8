/**
 * npm run bench: measures the budgets of PRODUCT.md §8, prints them, writes bench/results.json and exits 1
 * when one is missed. Ratio budgets compare with a reference measured in the same run (fflate's deflate, the
 * not-found page, a static file), so a slower or busier machine moves both sides alike.
 * Needs a production build (`npm run build`; NEXT_DIST_DIR picks another build directory) and Debian's
 * Chromium. BENCH_ONLY=generator,diagnose,load,keystroke,api runs a part; BENCH_PORT picks the port.
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { benchApi } from "./api";
import { benchDiagnose } from "./diagnose";
import { benchGenerator } from "./generator";
import { benchKeystrokes } from "./keystroke";
import { benchLoad } from "./load";
import { startServer } from "./server";
import type { Metric } from "./stats";

const only = process.env.BENCH_ONLY?.split(",");
const runs = (part: string) => !only || only.includes(part);

async function main() {
  const metrics: Metric[] = [];
  const load = () => loadavg().map((value) => value.toFixed(1)).join(" ");
  const loadBefore = load();
  if (runs("generator")) metrics.push(...benchGenerator());
  if (runs("diagnose")) metrics.push(...benchDiagnose());
  if (runs("load") || runs("keystroke") || runs("api")) {
    const server = await startServer(Number(process.env.BENCH_PORT ?? 3200));
    try {
      if (runs("load")) metrics.push(...(await benchLoad(server.url)));
      if (runs("keystroke")) metrics.push(...(await benchKeystrokes(server.url)));
      if (runs("api")) metrics.push(...(await benchApi(server.url)));
    } finally {
      server.stop();
    }
  }
  // Other work on the machine slows the browser figures more than their references: the load averages
  // (1, 5, 15 minutes) before and after say how busy it was.
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const loadAverage = { before: loadBefore, after: load() };
  writeFileSync("bench/results.json", JSON.stringify({ machine, loadAverage, metrics }, null, 2) + "\n");
  console.log(`machine: ${machine}; load average before ${loadAverage.before}, after ${loadAverage.after}`);
  console.table(metrics.map((m) => ({ metric: m.name, value: m.value, unit: m.unit, budget: m.budget ?? "", ok: m.ok === null ? "" : m.ok ? "yes" : "NO" })));
  const missed = metrics.filter((m) => m.ok === false);
  if (missed.length > 0) {
    console.log(`missed: ${missed.map((m) => m.name).join("; ")}`);
    process.exitCode = 1;
  }
}

await main();
