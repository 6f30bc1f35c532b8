import autocannon from "autocannon";
import { metric, type Metric } from "./stats";

const QUERY = "engine=mysql&subnets=subnet-0123456789abcdef0&vpc=vpc-0123456789abcdef0&alarm=ops@example.com";

/** Requests per second on loopback, bounded in time: 10 connections for a few seconds, then it stops. */
async function requestsPerSecond(url: string, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

export async function benchApi(base: string, seconds = 5): Promise<Metric[]> {
  await requestsPerSecond(`${base}/icon.svg`, 1); // warm up both paths
  await requestsPerSecond(`${base}/api/bundle?${QUERY}`, 1);
  const staticFile = await requestsPerSecond(`${base}/icon.svg`, seconds);
  const bundle = await requestsPerSecond(`${base}/api/bundle?${QUERY}`, seconds);
  return [
    metric("static file, requests per second", staticFile, "req/s"),
    metric("/api/bundle, requests per second", bundle, "req/s"),
    metric("/api/bundle ÷ static file", bundle / staticFile, "×", { text: "≥ 0.5×", ok: (value) => value >= 0.5 }),
  ];
}
