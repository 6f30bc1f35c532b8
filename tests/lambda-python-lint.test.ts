/**
 * Every generated rotation function variant is valid Python with no pyflakes warnings, and its
 * build.sh is valid bash that, run with stand-ins for pip and curl, asks pip for the right
 * platform and Python version and assembles lambda/build.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LAMBDA_ARCHITECTURES, LAMBDA_ENGINES, LAMBDA_STRATEGIES, rotationFunctionFiles, type RotationFunctionOptions } from "@/lib/generators/lambda";

const workDir = mkdtempSync(join(tmpdir(), "lambda-lint-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function writeBundle(options: RotationFunctionOptions): string {
  const root = join(workDir, `${options.engine}-${options.strategy}-${options.architecture}-${options.runtime}`);
  for (const file of rotationFunctionFiles(options)) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.content, { mode: file.executable ? 0o755 : 0o644 });
  }
  return join(root, "lambda");
}

const variants = LAMBDA_ENGINES.flatMap((engine) =>
  LAMBDA_STRATEGIES.map((strategy): RotationFunctionOptions => ({ engine, strategy, runtime: "python3.13", architecture: "x86_64" })),
);

describe.each(variants.map((options) => [`${options.engine}/${options.strategy}`, options] as const))("rotation.py for %s", (_, options) => {
  const dir = writeBundle(options);

  it("compiles with /usr/bin/python3 (3.11, the oldest Python it must run on)", () => {
    const run = spawnSync("/usr/bin/python3", ["-m", "py_compile", join(dir, "rotation.py")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("has no pyflakes warnings", () => {
    const run = spawnSync("pyflakes3", [join(dir, "rotation.py")], { encoding: "utf8" });
    expect(run.error).toBeUndefined();
    expect(`${run.stdout}${run.stderr}`).toBe("");
    expect(run.status).toBe(0);
  });

  it("build.sh is valid bash", () => {
    const run = spawnSync("bash", ["-n", join(dir, "build.sh")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

/** A directory with stand-ins for python3 (-m pip) and curl that record how they were called. */
function stubTools(curlBody: string): { bin: string; log: string } {
  const bin = mkdtempSync(join(workDir, "bin-"));
  const log = join(bin, "calls.log");
  writeFileSync(
    join(bin, "python3"),
    `#!/bin/sh\necho "python3 $*" >> "${log}"\n# pip install ... -t build/: leave a driver package behind\nmkdir -p build/driver && touch build/driver/__init__.py\n`,
  );
  writeFileSync(join(bin, "curl"), `#!/bin/sh\necho "curl $*" >> "${log}"\nwhile [ "$1" != "-o" ]; do shift; done\nprintf '%s' '${curlBody}' > "$2"\n`);
  chmodSync(join(bin, "python3"), 0o755);
  chmodSync(join(bin, "curl"), 0o755);
  return { bin, log };
}

describe.each(LAMBDA_ARCHITECTURES.map((architecture) => [architecture, architecture === "arm64" ? "python3.12" : "python3.13"] as const))(
  "build.sh for %s on %s",
  (architecture, runtime) => {
  const platform = architecture === "arm64" ? "manylinux2014_aarch64" : "manylinux2014_x86_64";
  const version = runtime.replace("python", "");

  it("installs the pinned driver for the Lambda's platform and Python, copies the handler and the CA bundle", () => {
    const dir = writeBundle({ engine: "postgres", strategy: "single", runtime, architecture });
    const { bin, log } = stubTools("-----BEGIN CERTIFICATE-----\\nstub\\n-----END CERTIFICATE-----\\n");
    const run = spawnSync("bash", [join(dir, "build.sh")], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, PYTHON: join(bin, "python3") } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const calls = readFileSync(log, "utf8");
    expect(calls).toContain(
      `python3 -m pip install --quiet --platform ${platform} --only-binary=:all: --python-version ${version} --implementation cp -r requirements.txt -t build/`,
    );
    expect(calls).toContain("https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem");
    expect(readFileSync(join(dir, "build", "rotation.py"), "utf8")).toBe(readFileSync(join(dir, "rotation.py"), "utf8"));
    expect(readFileSync(join(dir, "build", "rds-global-bundle.pem"), "utf8")).toContain("BEGIN CERTIFICATE");
    expect(existsSync(join(dir, "build", "driver", "__init__.py"))).toBe(true);
  });

  it("fails when the CA bundle download is not a certificate bundle", () => {
    const dir = writeBundle({ engine: "mysql", strategy: "alternating", runtime, architecture });
    const { bin } = stubTools("<html>captive portal</html>");
    const run = spawnSync("bash", [join(dir, "build.sh")], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, PYTHON: join(bin, "python3") } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("did not return a certificate bundle");
  });
},
);
