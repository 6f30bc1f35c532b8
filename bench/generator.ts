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
  for (let i = 0; i < 50; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return samples;
}

export function benchGenerator(runs = 2000): Metric[] {
  const plan = largestPlan();
  const ours = time(() => zipBundle(plan.name, generateBundle({ plan, versions: FALLBACK_VERSIONS })), runs);
  // fflate alone, deflating the same bytes: what compression costs whatever we do.
  const bytes = strToU8(generateBundle({ plan, versions: FALLBACK_VERSIONS }).map((file) => file.content).join(""));
  const deflate = time(() => deflateSync(bytes, { level: 9 }), runs);
  const ms = { text: "median < 2 ms", ok: (value: number) => value < 2 };
  return [
    metric("plan → files → zip, median", median(ours), "ms", ms),
    metric("plan → files → zip, p95", percentile(ours, 95), "ms"),
    metric("fflate deflate of the same bytes, median", median(deflate), "ms"),
    metric("plan → zip ÷ deflate alone (median)", median(ours) / median(deflate), "×"),
  ];
}
