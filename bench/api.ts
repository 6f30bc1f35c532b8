import autocannon from "autocannon";
import { metric, type Metric } from "./stats";

const QUERY = "engine=mysql&subnets=subnet-0123456789abcdef0&vpc=vpc-0123456789abcdef0&alarm=ops@example.com";

/** Requests per second on loopback, bounded in time: 10 connections for a few seconds, then it stops. */
async function requestsPerSecond(url: string, seconds: number, distinctPaths?: () => string): Promise<number> {
  const requests = distinctPaths ? [{ setupRequest: (request: { path: string }) => ({ ...request, path: distinctPaths() }) }] : undefined;
  const result = await autocannon({ url, connections: 10, duration: seconds, ...(requests ? { requests } : {}) } as autocannon.Options);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

export async function benchApi(base: string, seconds = 5): Promise<Metric[]> {
  await requestsPerSecond(`${base}/icon.svg`, 1); // warm up both paths
  await requestsPerSecond(`${base}/api/bundle?${QUERY}`, 1);
  const staticFile = await requestsPerSecond(`${base}/icon.svg`, seconds);
  const bundle = await requestsPerSecond(`${base}/api/bundle?${QUERY}`, seconds);
  // Every request a plan never seen before: what a cache miss costs.
  let counter = 0;
  const fresh = await requestsPerSecond(`${base}/api/bundle`, seconds, () => `/api/bundle?${QUERY}&name=bench-${counter++}`);
  return [
    metric("static file, requests per second", staticFile, "req/s"),
    metric("/api/bundle, one plan asked again and again, requests per second", bundle, "req/s"),
    metric("/api/bundle, a new plan every request, requests per second", fresh, "req/s"),
    metric("/api/bundle ÷ static file", bundle / staticFile, "×", { text: "≥ 0.5×", ok: (value) => value >= 0.5 }),
  ];
}
