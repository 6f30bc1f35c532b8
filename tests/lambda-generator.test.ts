/**
 * The rotation function generator: which files it writes, and that each option brings its own
 * code and nothing of the options not chosen. (Its behaviour on real servers is proven by
 * rotation-function.test.ts.)
 */
import { describe, expect, it } from "vitest";
import {
  LAMBDA_ENGINES,
  LAMBDA_STRATEGIES,
  ROTATION_ENVIRONMENT,
  ROTATION_HANDLER,
  rotationFunctionFiles,
  rotationSource,
  type RotationFunctionOptions,
} from "@/lib/generators/lambda";

const base: RotationFunctionOptions = { engine: "postgres", strategy: "single", runtime: "python3.13", architecture: "arm64" };
const file = (options: RotationFunctionOptions, path: string) => rotationFunctionFiles(options).find((f) => f.path === path)?.content ?? "";

describe("rotationFunctionFiles", () => {
  it("writes the handler, the pinned requirements and an executable build script under lambda/", () => {
    const files = rotationFunctionFiles(base);
    expect(files.map((f) => [f.path, f.executable ?? false])).toEqual([
      ["lambda/rotation.py", false],
      ["lambda/requirements.txt", false],
      ["lambda/build.sh", true],
    ]);
  });

  it("is deterministic", () => {
    expect(rotationFunctionFiles(base)).toEqual(rotationFunctionFiles({ ...base }));
  });

  it("names a handler that exists in rotation.py", () => {
    const [module, handler] = ROTATION_HANDLER.split(".");
    expect(rotationFunctionFiles(base).some((f) => f.path === `lambda/${module}.py`)).toBe(true);
    expect(rotationSource(base)).toMatch(new RegExp(`^def ${handler}\\(event, context\\):`, "m"));
  });

  it("rejects runtimes and options it cannot build for", () => {
    expect(() => rotationFunctionFiles({ ...base, runtime: "nodejs22.x" })).toThrow(/python3\.X/);
    expect(() => rotationFunctionFiles({ ...base, runtime: "python3.13; rm -rf /" })).toThrow();
    expect(() => rotationFunctionFiles({ ...base, engine: "oracle" as never })).toThrow(/engine "oracle"/);
  });
});

describe("engine", () => {
  it.each([
    ["postgres", /^psycopg2-binary==\d+\.\d+\.\d+$/m, "import psycopg2", "pymysql"],
    ["mysql", /^PyMySQL==\d+\.\d+\.\d+$/m, "import pymysql", "psycopg2"],
    ["mariadb", /^PyMySQL==\d+\.\d+\.\d+$/m, "import pymysql", "psycopg2"],
  ] as const)("%s: its driver is pinned and imported, the other driver appears nowhere", (engine, pin, present, absent) => {
    const options = { ...base, engine };
    expect(file(options, "lambda/requirements.txt")).toMatch(pin);
    expect(file(options, "lambda/requirements.txt")).not.toMatch(/^boto3/im); // the runtime provides it
    expect(rotationSource(options)).toContain(present);
    expect(rotationSource(options).toLowerCase()).not.toContain(absent);
  });

  it("MySQL and MariaDB share the adapter but know their own user name limit", () => {
    expect(rotationSource({ ...base, engine: "mysql", strategy: "alternating" })).toContain("MAX_USER_NAME_LENGTH = 32");
    expect(rotationSource({ ...base, engine: "mariadb", strategy: "alternating" })).toContain("MAX_USER_NAME_LENGTH = 80");
  });
});

describe("strategy", () => {
  it.each(LAMBDA_ENGINES)("%s single user: changes its own password, falls back to AWSPREVIOUS, knows no admin", (engine) => {
    const source = rotationSource({ ...base, engine, strategy: "single" });
    expect(source).toContain("def set_own_password(");
    expect(source).toContain('("AWSCURRENT", "AWSPREVIOUS")');
    expect(source).not.toMatch(/masterarn|_clone|ensure_clone|set_user_password/);
  });

  it.each(LAMBDA_ENGINES)("%s alternating users: the admin secret creates <user>_clone; no self-service password change", (engine) => {
    const source = rotationSource({ ...base, engine, strategy: "alternating" });
    expect(source).toContain('current.get("masterarn")');
    expect(source).toContain('CLONE_SUFFIX = "_clone"');
    expect(source).toContain("def ensure_clone(");
    expect(source).not.toContain("def set_own_password(");
  });

  it.each(LAMBDA_ENGINES)("%s alternating users: setSecret never skips because AWSPENDING logs in; testSecret compares privileges", (engine) => {
    const source = rotationSource({ ...base, engine, strategy: "alternating" });
    const setSecret = source.slice(source.indexOf("def set_secret("), source.indexOf("def admin_connection("));
    expect(setSecret).not.toContain("logs_in(target, pending");
    expect(setSecret).not.toContain("nothing to do");
    expect(source).toContain("def missing_privileges(");
    expect(source.slice(source.indexOf("def test_secret("), source.indexOf("def finish_secret("))).toContain("missing_privileges(admin, base,");
    expect(rotationSource({ ...base, engine, strategy: "single" })).not.toContain("missing_privileges");
  });

  it.each(LAMBDA_ENGINES)("%s alternating users: an admin secret without host needs no RDS API (no client, no call)", (engine) => {
    const source = rotationSource({ ...base, engine, strategy: "alternating" });
    expect(source).toContain('required=("username", "password")');
    expect(source).not.toMatch(/client\(\s*["']rds["']|describe_db_(instances|clusters)/);
  });

  it("MySQL/MariaDB: the clone gets the AWSPENDING password only after its grants", () => {
    const source = rotationSource({ ...base, engine: "mariadb", strategy: "alternating" });
    const ensureClone = source.slice(source.indexOf("def ensure_clone("), source.indexOf("def _throwaway_password("));
    expect(ensureClone).toContain("IDENTIFIED BY %s\", account + (_throwaway_password(),))");
    expect(ensureClone.indexOf("_copy_grants(cursor, base, clone, host)")).toBeLessThan(ensureClone.indexOf("account + (password,)"));
  });
});

describe("runtime and architecture", () => {
  it.each([
    ["arm64", "python3.12", "manylinux2014_aarch64", "3.12"],
    ["x86_64", "python3.13", "manylinux2014_x86_64", "3.13"],
  ] as const)("%s on %s: build.sh asks pip for %s wheels for Python %s", (architecture, runtime, platform, version) => {
    const script = file({ ...base, architecture, runtime }, "lambda/build.sh");
    expect(script).toContain(`platform='${platform}'`);
    expect(script).toContain(`python_version='${version}'`);
    expect(script.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(script).toContain("set -euo pipefail");
  });

  it("rotation.py does not depend on them (the same code for every runtime and architecture)", () => {
    for (const strategy of LAMBDA_STRATEGIES) {
      const a = rotationSource({ ...base, strategy, runtime: "python3.12", architecture: "x86_64" });
      expect(rotationSource({ ...base, strategy, runtime: "python3.13", architecture: "arm64" })).toBe(a);
    }
  });
});

describe("safety properties visible in the source", () => {
  it.each(LAMBDA_ENGINES)("%s: TLS with verification is the default and configuration comes from the environment", (engine) => {
    const source = rotationSource({ ...base, engine });
    expect(source).toContain('self.tls = environ.get("DB_TLS") or "verify"');
    // The names lambda.tf sets are the ones the function reads, no more and no fewer.
    const read = [...source.matchAll(/environ(?:\.get\(|, )"([A-Z_]+)"/g)].map((match) => match[1]);
    expect(new Set(read)).toEqual(new Set(Object.values(ROTATION_ENVIRONMENT)));
  });

  it("PostgreSQL quotes identifiers with psycopg2.sql and never sends a plain password", () => {
    const source = rotationSource({ ...base, strategy: "alternating" });
    expect(source).toContain("sql.Identifier(clone)");
    expect(source).toContain("_password_verifier(password)");
    expect(source).not.toMatch(/execute\([^)]*%\s*\(/); // no SQL built with % formatting
  });

  it("MySQL binds user names, hosts and passwords as parameters", () => {
    const source = rotationSource({ ...base, engine: "mysql", strategy: "alternating" });
    expect(source).toContain('"ALTER USER %s@%s IDENTIFIED BY %s", (username, host, password)');
    expect(source).toContain("class TlsOnlyConnection(pymysql.connections.Connection)");
  });
});
