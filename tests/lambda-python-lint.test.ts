/**
 * Every generated rotation function variant is valid Python with no pyflakes warnings and in
 * pycodestyle's style, as are the Python files it is made of (lib/generators/lambda/python), and
 * its build.sh is valid bash that, run with stand-ins for pip and curl, asks pip for the right
 * platform and Python version and assembles lambda/build. pyflakes3 and pycodestyle are Debian's
 * packages of the same names (scripts/test-all.sh installs them).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LAMBDA_ARCHITECTURES, LAMBDA_ENGINES, LAMBDA_STRATEGIES, rotationFunctionFiles, type RotationFunctionOptions } from "@/lib/generators/lambda";
import { splitModule } from "@/lib/generators/lambda/python";
import { PYTHON_DIR, readPythonSources } from "@/scripts/embed-python";

/**
 * pycodestyle's checks, with lines up to 160 characters (the function's messages are long), slices
 * spaced as black spaces them (E203), and line breaks before binary operators, as PEP 8 now
 * recommends (W503).
 */
const PYCODESTYLE = ["--max-line-length=160", "--ignore=E203,W503"];

/** Runs a Debian-packaged linter; passes when it says nothing. */
function expectClean(command: string, args: string[]): void {
  const run = spawnSync(command, args, { encoding: "utf8" });
  expect(run.error, `${command} is missing: apt-get install ${command} (scripts/test-all.sh does)`).toBeUndefined();
  expect(`${run.stdout}${run.stderr}`).toBe("");
  expect(run.status).toBe(0);
}

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

  it("has no pyflakes warnings", () => expectClean("pyflakes3", [join(dir, "rotation.py")]));

  it("passes pycodestyle", () => expectClean("pycodestyle", [...PYCODESTYLE, join(dir, "rotation.py")]));

  it("build.sh is valid bash", () => {
    const run = spawnSync("bash", ["-n", join(dir, "build.sh")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

describe("the Python files rotation.py is made of", () => {
  const sources = readPythonSources();
  const shipped = new Set(variants.flatMap((options) => rotationFunctionFiles(options)[0]!.content.split("\n")));

  it.each(Object.keys(sources))("%s passes pycodestyle", (name) => expectClean("pycodestyle", [...PYCODESTYLE, join(PYTHON_DIR, name)]));

  // The files are checked by pyflakes only as parts of rotation.py (each needs the others' names).
  it.each(Object.keys(sources))("every line of %s ships in some variant, so pyflakes checks all of it", (name) => {
    const { docstring, body } = splitModule(sources[name]!, name);
    const lines = body.split("\n").filter((line) => !/^\s*# \[\/?[a-z]+\]$/.test(line));
    expect(docstring).not.toBeNull();
    expect(lines.filter((line) => !shipped.has(line))).toEqual([]);
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
