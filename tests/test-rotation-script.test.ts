/**
 * scripts/test-rotation.sh tells the truth: the generated script is run with bash against the
 * Secrets Manager double (tests/rotation/check_test_rotation_script.py), with stand-ins for `aws`
 * and `terraform` on PATH, once for each outcome a rotation can have.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ROTATION_SCRIPT, testRotationSh } from "@/lib/generators/test-rotation-sh";

const PYTHON = "/usr/bin/python3";
const HARNESS = fileURLToPath(new URL("./rotation/check_test_rotation_script.py", import.meta.url));

interface CaseResult {
  case: string;
  passed: boolean;
  error?: string;
}

const listing = spawnSync(PYTHON, [HARNESS, "--list"], { encoding: "utf8" });
if (listing.status !== 0) throw new Error(`${HARNESS} --list failed: ${listing.stderr}`);
const cases = JSON.parse(listing.stdout) as string[];

const workDir = mkdtempSync(join(tmpdir(), "test-rotation-script-"));
let results: CaseResult[] = [];
let output = "";

beforeAll(() => {
  const script = join(workDir, "test-rotation.sh");
  writeFileSync(script, TEST_ROTATION_SCRIPT, { mode: 0o755 });
  const out = join(workDir, "results.json");
  const run = spawnSync(PYTHON, [HARNESS, script, "--out", out], { encoding: "utf8", timeout: 240_000 });
  output = `${run.stdout}${run.stderr}`;
  results = JSON.parse(readFileSync(out, "utf8")) as CaseResult[];
}, 300_000);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("scripts/test-rotation.sh", () => {
  it("is the generated file, executable, valid bash, and reads the secret and log group only from terraform output", () => {
    const file = testRotationSh({} as never);
    expect(file).toEqual({ path: "scripts/test-rotation.sh", content: TEST_ROTATION_SCRIPT, executable: true });
    const check = spawnSync("bash", ["-n"], { input: TEST_ROTATION_SCRIPT, encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    expect(TEST_ROTATION_SCRIPT).toContain('secret_arn="$(terraform output -raw secret_arn)"');
    expect(TEST_ROTATION_SCRIPT).toContain("terraform output -raw rotation_log_group");
  });

  it("keeps the five-second poll and the five-minute limit by default", () => {
    expect(TEST_ROTATION_SCRIPT).toContain("printenv ROTATION_POLL_SECONDS || echo 5");
    expect(TEST_ROTATION_SCRIPT).toContain("printenv ROTATION_TIMEOUT_SECONDS || echo 300");
  });

  it.each(cases)("%s", (name) => {
    const result = results.find((r) => r.case === name);
    if (!result) throw new Error(`case ${name} did not run:\n${output}`);
    if (!result.passed) throw new Error(result.error);
    expect(result.passed).toBe(true);
  });
});
