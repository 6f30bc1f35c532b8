/**
 * Golden bundles: a small matrix of plans whose generated files are kept in tests/golden/<plan>/, so that
 * every change to generated output shows up as a reviewable diff. `npm run golden:update` rewrites them;
 * tests/golden.test.ts compares them byte for byte.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { BundleFile } from "@/lib/generators";
import { bundleOf } from "./plans";
import { planOfQuery, RICHEST_QUERY } from "./plan-matrix";

export const GOLDEN_DIR = fileURLToPath(new URL("../golden/", import.meta.url));

/** The plans, as share queries; each folder also keeps its query in PLAN_FILE. */
export const GOLDEN_PLANS: Readonly<Record<string, string>> = {
  default: "subnets=subnet-0123456789abcdef0",
  richest: RICHEST_QUERY,
  managed: "engine=mysql&platform=aurora&strategy=managed&schedule=rate(10 days)&alarm=ops@example.com",
  sar: "engine=sqlserver&lambda=sar&subnets=subnet-0a1b2c3d,subnet-0e1f2a3b&tls=require",
  "existing-secret":
    "secret=arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/app-XyZ123&subnets=subnet-0a1b2c3d&sgs=sg-0a1b2c3d&endpoint=existing",
};

export const PLAN_FILE = "GOLDEN_PLAN.txt";

export function goldenBundle(name: string): BundleFile[] {
  return bundleOf(planOfQuery(GOLDEN_PLANS[name]!));
}

export interface GoldenFile {
  path: string;
  content: string;
  executable: boolean;
}

/** What tests/golden/<name>/ holds now, PLAN_FILE excepted. */
export function readGolden(name: string): GoldenFile[] {
  const root = join(GOLDEN_DIR, name);
  if (!existsSync(root)) return [];
  const files: GoldenFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (relative(root, path) !== PLAN_FILE) {
        files.push({ path: relative(root, path), content: readFileSync(path, "utf8"), executable: (statSync(path).mode & 0o111) !== 0 });
      }
    }
  };
  walk(root);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** Rewrites tests/golden/<name>/ from the generator. */
export function writeGolden(name: string): void {
  const root = join(GOLDEN_DIR, name);
  rmSync(root, { recursive: true, force: true });
  for (const file of goldenBundle(name)) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.content, { mode: file.executable ? 0o755 : 0o644 });
  }
  writeFileSync(join(root, PLAN_FILE), `${GOLDEN_PLANS[name]}\n`);
}
