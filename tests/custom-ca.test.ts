/**
 * A custom CA survives a rebuild: it lives beside the code (lambda/custom-ca.pem), build.sh copies it into
 * lambda/build each time it rebuilds that folder from scratch, and a Terraform variable points the function's
 * DB_CA_BUNDLE at it. build.sh runs for real here, with curl and pip replaced by stand-ins (no network).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "@cdktf/hcl2json";
import { afterAll, describe, expect, it } from "vitest";
import type { Plan } from "@/lib/config";
import { DEFAULT_QUERY, PLAN_MATRIX, planOfQuery } from "./support/plan-matrix";
import { bundleOf } from "./support/plans";

const CA = "-----BEGIN CERTIFICATE-----\nMIIBexample\n-----END CERTIFICATE-----\n";
const work = mkdtempSync(path.join(tmpdir(), "custom-ca-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The bundle's lambda/ folder in a fresh directory, with stand-ins for curl (writes a PEM) and pip (does nothing). */
function lambdaFolder(plan: Plan): { dir: string; env: NodeJS.ProcessEnv } {
  const root = mkdtempSync(path.join(work, "bundle-"));
  for (const file of bundleOf(plan).filter((f) => f.path.startsWith("lambda/"))) {
    const target = path.join(root, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    if (file.executable) chmodSync(target, 0o755);
  }
  const bin = path.join(root, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(bin, "curl"), `#!/bin/sh\nwhile [ "$1" != "-o" ]; do shift; done\nprintf '%s' '${CA.replace(/\n/g, "\\n")}' > "$2"\n`);
  chmodSync(path.join(bin, "curl"), 0o755);
  return { dir: path.join(root, "lambda"), env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, PYTHON: "true" } };
}

const build = ({ dir, env }: { dir: string; env: NodeJS.ProcessEnv }) => spawnSync(path.join(dir, "build.sh"), { env, encoding: "utf8" });

async function lambdaFunction(plan: Plan) {
  const file = bundleOf(plan).find((f) => f.path === "lambda.tf")!;
  const json = (await parse(file.path, file.content)) as { resource: Record<string, Record<string, Array<Record<string, unknown>>>> };
  return json.resource.aws_lambda_function!.rotation![0]!;
}

const DEFAULT = planOfQuery(DEFAULT_QUERY);

describe("a custom CA for the bundled function", () => {
  it("is copied from lambda/custom-ca.pem into lambda/build on every build", () => {
    const folder = lambdaFolder(DEFAULT);
    writeFileSync(path.join(folder.dir, "custom-ca.pem"), CA);
    for (let run = 1; run <= 2; run++) {
      const result = build(folder);
      expect(result.status, result.stderr).toBe(0);
      expect(readFileSync(path.join(folder.dir, "build/custom-ca.pem"), "utf8"), `build ${run}`).toBe(CA);
      expect(existsSync(path.join(folder.dir, "build/rds-global-bundle.pem"))).toBe(true);
    }
  });

  it("is optional, and refused when it holds no certificate", () => {
    const folder = lambdaFolder(DEFAULT);
    const without = build(folder);
    expect(without.status, without.stderr).toBe(0);
    expect(existsSync(path.join(folder.dir, "build/custom-ca.pem"))).toBe(false);
    writeFileSync(path.join(folder.dir, "custom-ca.pem"), "not a certificate\n");
    const wrong = build(folder);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("lambda/custom-ca.pem holds no PEM certificate");
  });

  it("is chosen with the use_custom_ca variable, which sets the DB_CA_BUNDLE the function reads", async () => {
    const variables = bundleOf(DEFAULT).find((f) => f.path === "variables.tf")!.content;
    expect(variables).toMatch(/variable "use_custom_ca" \{\n(.*\n)*?\s+type\s+= bool\n\s+default\s+= false\n\}/);
    const lambda = await lambdaFunction(DEFAULT);
    const environment = (lambda.environment as Array<{ variables: Record<string, string> }>)[0]!.variables;
    expect(environment.DB_CA_BUNDLE).toBe('${var.use_custom_ca ? "/var/task/custom-ca.pem" : "/var/task/rds-global-bundle.pem"}');
    // The function reads that variable, and build.sh writes both files under those names.
    const files = bundleOf(DEFAULT);
    expect(files.find((f) => f.path === "lambda/rotation.py")!.content).toContain('environ.get("DB_CA_BUNDLE")');
    const script = files.find((f) => f.path === "lambda/build.sh")!.content;
    expect(script).toContain("cp custom-ca.pem build/");
    expect(script).toContain("-o build/rds-global-bundle.pem");
  });

  it("is not offered when the function does not check the certificate (tls=require or disable)", async () => {
    for (const query of [PLAN_MATRIX["mariadb alternating, given groups, no master key"]!, PLAN_MATRIX["every 200 days"]!]) {
      const plan = planOfQuery(query);
      expect(plan.tls).not.toBe("verify");
      const environment = ((await lambdaFunction(plan)).environment as Array<{ variables: Record<string, string> }>)[0]!.variables;
      expect(environment).not.toHaveProperty("DB_CA_BUNDLE");
      expect(bundleOf(plan).find((f) => f.path === "variables.tf")!.content).not.toContain("use_custom_ca");
    }
  });

  it("is explained in the README as lambda/custom-ca.pem, never as a file to put in lambda/build", () => {
    const readme = bundleOf(DEFAULT).find((f) => f.path === "README.md")!.content;
    expect(readme).toContain("`lambda/custom-ca.pem`");
    expect(readme).toContain("`use_custom_ca = true`");
    expect(readme).not.toMatch(/(put|copy|place)[^.]*in `lambda\/build`/i);
  });
});
