/**
 * The generated rotation function, proven on real servers: every engine x strategy variant is
 * generated, written to disk, and driven through the scenarios of tests/rotation/run_scenarios.py
 * (real PostgreSQL / MariaDB started by scripts/test-services.sh, real boto3 against the Secrets
 * Manager double), once for each way AWS may end a successful rotation (AWSPENDING removed, or left
 * on the new AWSCURRENT version). One test per scenario x engine x strategy x ending that applies;
 * the matrix is printed at the end.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAMBDA_ENGINES, LAMBDA_STRATEGIES, rotationFunctionFiles } from "@/lib/generators/lambda";

const PYTHON = "/usr/bin/python3";
const RUNNER = fileURLToPath(new URL("./rotation/run_scenarios.py", import.meta.url));
const SERVICES_FILE = process.env.ROTATION_WIZARD_SERVICES_FILE ?? "/tmp/rotation-wizard-services.json";

interface ScenarioResult {
  scenario: string;
  passed: boolean;
  seconds: number;
  error?: string;
  detail?: string;
}
interface RunnerOutcome {
  results: ScenarioResult[];
  exitCode: number | null;
  output: string;
}

const listing = spawnSync(PYTHON, [RUNNER, "--list"], { encoding: "utf8" });
if (listing.status !== 0) throw new Error(`${RUNNER} --list failed: ${listing.stderr}`);
const scenarios = JSON.parse(listing.stdout) as { name: string; description: string; engines: string[]; strategies: string[] }[];

/** How the Secrets Manager double ends a successful rotation (secrets_manager_double.FINISH_OUTCOMES). */
const FINISH_OUTCOMES = ["removes-pending", "keeps-pending"] as const;

const variants = LAMBDA_ENGINES.flatMap((engine) =>
  LAMBDA_STRATEGIES.flatMap((strategy) => FINISH_OUTCOMES.map((finish) => ({ engine, strategy, finish, key: `${engine}/${strategy}/${finish}` }))),
);
const applies = (scenario: (typeof scenarios)[number], variant: (typeof variants)[number]) =>
  scenario.engines.includes(variant.engine) && scenario.strategies.includes(variant.strategy);
const outcomes = new Map<string, RunnerOutcome>();
let workDir = "";

function runVariant(engine: string, strategy: string, finish: string): Promise<RunnerOutcome> {
  const bundle = join(workDir, `${engine}-${strategy}-${finish}`);
  for (const file of rotationFunctionFiles({ engine: engine as never, strategy: strategy as never, runtime: "python3.13", architecture: "arm64" })) {
    mkdirSync(dirname(join(bundle, file.path)), { recursive: true });
    writeFileSync(join(bundle, file.path), file.content, { mode: file.executable ? 0o755 : 0o644 });
  }
  const out = join(bundle, "results.json");
  const args = [RUNNER, "--bundle", bundle, "--engine", engine, "--strategy", strategy, "--finish", finish, "--services", SERVICES_FILE, "--out", out];
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (exitCode) => {
      const results = existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as { results: ScenarioResult[] }).results : [];
      resolve({ results, exitCode, output });
    });
  });
}

// Without the servers every test fails (rather than being skipped), each saying how to start them.
const missingServices = existsSync(SERVICES_FILE)
  ? null
  : new Error(
      `${SERVICES_FILE} is missing, so there are no database servers to test against. ` +
        "Run `bash scripts/test-services.sh` as root first (it starts PostgreSQL and MariaDB with TLS and writes that file).",
    );

beforeAll(async () => {
  if (missingServices) return;
  workDir = mkdtempSync(join(tmpdir(), "rotation-function-"));
  const finished = await Promise.all(variants.map(async (v) => [v.key, await runVariant(v.engine, v.strategy, v.finish)] as const));
  for (const [key, outcome] of finished) outcomes.set(key, outcome);
}, 900_000);

afterAll(() => {
  if (outcomes.size > 0) {
    // One column per engine/strategy; each cell: AWSPENDING removed | AWSPENDING kept.
    const columns = LAMBDA_ENGINES.flatMap((engine) => LAMBDA_STRATEGIES.map((strategy) => `${engine}/${strategy}`));
    const width = Math.max(...scenarios.map((s) => s.name.length));
    const cell = (s: (typeof scenarios)[number], column: string) =>
      FINISH_OUTCOMES.map((finish) => {
        const variant = variants.find((v) => v.key === `${column}/${finish}`);
        if (!variant || !applies(s, variant)) return "n/a";
        const result = outcomes.get(variant.key)?.results.find((r) => r.scenario === s.name);
        return result ? (result.passed ? `pass ${result.seconds.toFixed(1)}s` : "FAIL") : "not run";
      }).join(" | ");
    const header = `${"scenario".padEnd(width)}  ${columns.map((c) => c.padEnd(24)).join("")}`;
    const rows = scenarios.map((s) => `${s.name.padEnd(width)}  ${columns.map((c) => cell(s, c).padEnd(24)).join("")}`);
    console.log(["Rotation function scenario matrix (engine/strategy; each cell: AWSPENDING removed | kept at the end):", header, ...rows].join("\n"));
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("the test harness", () => {
  const runCheck = (script: string, ...args: string[]) => {
    const run = spawnSync(PYTHON, [fileURLToPath(new URL(`./rotation/${script}`, import.meta.url)), ...args], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`${script} failed:\n${run.stdout}${run.stderr}`);
    expect(run.stdout).toMatch(/\d+ passed, 0 failed/);
  };

  it("the Secrets Manager double follows AWS's documented rules (through a real boto3 client)", () => runCheck("check_double.py"));

  it("the MySQL/MariaDB function rewrites MySQL 5.7, MySQL 8 and MariaDB SHOW GRANTS lines for the clone", () => {
    const bundle = mkdtempSync(join(tmpdir(), "rotation-grants-"));
    try {
      const [rotation] = rotationFunctionFiles({ engine: "mysql", strategy: "alternating", runtime: "python3.13", architecture: "x86_64" });
      mkdirSync(join(bundle, "lambda"));
      writeFileSync(join(bundle, "lambda", "rotation.py"), rotation?.content ?? "");
      runCheck("check_grants.py", bundle);
    } finally {
      rmSync(bundle, { recursive: true, force: true });
    }
  });
});

describe.each(variants.map((v) => [v.key, v] as const))("rotation function %s", (key, variant) => {
  it.each(scenarios.filter((s) => applies(s, variant)).map((s) => [s.name, s.description]))("%s: %s", (name) => {
    if (missingServices) throw missingServices;
    const outcome = outcomes.get(key);
    expect(outcome, "the scenario runner did not run").toBeDefined();
    const result = outcome?.results.find((r) => r.scenario === name);
    if (!result) throw new Error(`scenario ${name} did not run (runner exit ${outcome?.exitCode}):\n${outcome?.output}`);
    if (!result.passed) throw new Error(`${result.error}\n${result.detail ?? ""}`);
    expect(result.passed).toBe(true);
  });
});
