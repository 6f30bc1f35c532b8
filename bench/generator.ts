import { deflateSync, strToU8 } from "fflate";
import { zipBundle } from "@/lib/bundle/zip";
import { validatePlan, defaultValues } from "@/lib/config";
import { FALLBACK_VERSIONS, generateBundle } from "@/lib/generators";
import { median, metric, percentile, type Metric } from "./stats";

/** The largest plan: every optional piece of the bundled function's Terraform, and a long password policy. */
function largestPlan() {
  const result = validatePlan({
    ...defaultValues("postgres"),
    strategy: "alternating",
    master: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-db-admin-AbCdEf",
    subnets: "subnet-0123456789abcdef0,subnet-0fedcba9876543210,subnet-0aaaaaaaaaaaaaaaa",
    vpc: "vpc-0123456789abcdef0",
    dbsg: "sg-0123456789abcdef0",
    kms: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    alarm: "ops@example.com",
    schedule: "cron(0 4 ? * SUN *)",
    window: "3h",
    boundary: "arn:aws:iam::123456789012:policy/boundary",
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

function time(run: () => void, runs: number): number[] {
  for (let i = 0; i < 20; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * Plan → all files → zip against fflate deflating the same bytes at level 6, timed in the same run: the
 * budget is 1.5 × its time, and the zip at most 1.1 × its size (PRODUCT.md §8).
 *
 * "The same bytes" are deflated as a zip holds them, each file on its own: a zip entry is a deflate stream
 * of its own, so no zip can come near one stream over all the files (each file loses the others' matches:
 * about 1.25 × on this bundle before a single header). That one-stream figure is printed too, without a
 * budget, so the cost of the format stays visible.
 */
export function benchGenerator(runs = 2000): Metric[] {
  const plan = largestPlan();
  const files = generateBundle({ plan, versions: FALLBACK_VERSIONS });
  const contents = files.map((file) => strToU8(file.content));
  const text = strToU8(files.map((file) => file.content).join(""));
  // Interleaved, so that a burst of load elsewhere on the machine falls on both alike.
  const ours: number[] = [];
  const deflate: number[] = [];
  for (let round = 0; round < 10; round++) {
    ours.push(...time(() => zipBundle(plan.name, generateBundle({ plan, versions: FALLBACK_VERSIONS })), runs / 10));
    deflate.push(...time(() => contents.forEach((bytes) => deflateSync(bytes, { level: 6 })), runs / 10));
  }
  const zipSize = zipBundle(plan.name, files).length;
  const deflateSize = contents.reduce((sum, bytes) => sum + deflateSync(bytes, { level: 6 }).length, 0);
  const oneStream = deflateSync(text, { level: 6 }).length;
  return [
    metric("plan → files → zip, median", median(ours), "ms"),
    metric("plan → files → zip, p95", percentile(ours, 95), "ms"),
    metric("fflate deflate of the same bytes at level 6 (file by file), median", median(deflate), "ms"),
    metric("plan → zip ÷ deflate (median time)", median(ours) / median(deflate), "×", {
      text: `≤ 1.5× (${(1.5 * median(deflate)).toFixed(2)} ms this run)`,
      ok: (value) => value <= 1.5,
    }),
    metric(`zip size (${files.length} files, ${text.length} bytes of text)`, zipSize, "bytes"),
    metric("deflate size of the same bytes at level 6 (file by file)", deflateSize, "bytes"),
    metric("zip size ÷ deflate size", zipSize / deflateSize, "×", { text: "≤ 1.1×", ok: (value) => value <= 1.1 }),
    metric("deflate size of all the text as one stream, for comparison", oneStream, "bytes"),
  ];
}

if (process.argv[1]?.endsWith("bench/generator.ts")) {
  console.table(benchGenerator().map((m) => ({ metric: m.name, value: m.value, unit: m.unit, budget: m.budget ?? "", ok: m.ok === null ? "" : m.ok ? "yes" : "NO" })));
}
