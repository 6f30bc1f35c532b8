/**
 * npm run bench: measures the budgets of PRODUCT.md §8 and writes bench/results.json.
 * Needs a production build (npm run build) and Debian's Chromium for the keystroke measurement.
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { benchApi } from "./api";
import { benchDiagnose } from "./diagnose";
import { benchFirstLoad } from "./first-load";
import { benchGenerator } from "./generator";
import { benchKeystrokes } from "./keystroke";
import { startServer } from "./server";
import type { Metric } from "./stats";

async function main() {
  const metrics: Metric[] = [...benchGenerator(), ...benchDiagnose()];
  const server = await startServer(Number(process.env.BENCH_PORT ?? 3200));
  try {
    metrics.push(...(await benchFirstLoad(server.url)));
    metrics.push(...(await benchKeystrokes(server.url)));
    metrics.push(...(await benchApi(server.url)));
  } finally {
    server.stop();
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  writeFileSync("bench/results.json", JSON.stringify({ machine, metrics }, null, 2) + "\n");
  console.log(`machine: ${machine}`);
  console.table(metrics.map((m) => ({ metric: m.name, value: m.value, unit: m.unit, budget: m.budget ?? "", ok: m.ok === null ? "" : m.ok ? "yes" : "NO" })));
  if (metrics.some((m) => m.ok === false)) process.exitCode = 1;
}

await main();
