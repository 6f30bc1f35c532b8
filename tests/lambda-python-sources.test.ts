/**
 * The rotation function's Python lives in lib/generators/lambda/python/*.py and is embedded in
 * python-sources.generated.ts by `npm run embed:python`: the embedded text must be the files' own,
 * byte for byte, and rotation.py must be made of nothing but their lines.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LAMBDA_ENGINES, LAMBDA_STRATEGIES, rotationSource } from "@/lib/generators/lambda";
import { selectRegions, splitModule } from "@/lib/generators/lambda/python";
import { PYTHON_SOURCES } from "@/lib/generators/lambda/python-sources.generated";
import { EMBED_COMMAND, GENERATED_MODULE, readPythonSources, renderPythonSources } from "@/scripts/embed-python";

const files = readPythonSources();
const stale = `lib/generators/lambda/python-sources.generated.ts is stale: run ${EMBED_COMMAND}`;

describe("the embedded Python", () => {
  it("holds every .py file of lib/generators/lambda/python, and only those", () => {
    expect(Object.keys(PYTHON_SOURCES).sort(), stale).toEqual(Object.keys(files));
  });

  it.each(Object.keys(files))("%s is embedded byte for byte", (name) => {
    expect(PYTHON_SOURCES[name as keyof typeof PYTHON_SOURCES], stale).toBe(files[name]);
  });

  it("is exactly what the embed script writes", () => {
    expect(readFileSync(GENERATED_MODULE, "utf8"), stale).toBe(renderPythonSources(files));
  });
});

describe("rotation.py", () => {
  const sourceLines = new Set(Object.values(files).flatMap((text) => text.split("\n")));
  const variants = LAMBDA_ENGINES.flatMap((engine) => LAMBDA_STRATEGIES.map((strategy) => ({ engine, strategy })));

  it.each(variants.map((v) => [`${v.engine}/${v.strategy}`, v] as const))(
    "%s is made of the files' lines; only the docstring's first line names the engine and strategy",
    (_, { engine, strategy }) => {
      const [first, ...rest] = rotationSource({ engine, strategy, runtime: "python3.13", architecture: "arm64" }).split("\n");
      expect(first).toMatch(/^"""Rotates (PostgreSQL|MySQL|MariaDB) passwords for AWS Secrets Manager \((single|alternating) users?: .+\)\.$/);
      expect(rest.filter((line) => !sourceLines.has(line))).toEqual([]);
      expect(rest.join("\n")).not.toMatch(/# \[\/?[a-z]+\]/);
    },
  );
});

describe("regions and imports", () => {
  const known = new Set(["a", "b"]);
  const source = ["x = 1", "# [a]", "y = 2", "    # [b]", "    z = 3", "    # [/b]", "# [/a]", "w = 4"].join("\n");

  it("keeps a region's lines only when its tag is active, and drops the markers", () => {
    expect(selectRegions(source, new Set(["a", "b"]), known, "t.py")).toBe(["x = 1", "y = 2", "    z = 3", "w = 4"].join("\n"));
    expect(selectRegions(source, new Set(["a"]), known, "t.py")).toBe(["x = 1", "y = 2", "w = 4"].join("\n"));
    expect(selectRegions(source, new Set(["b"]), known, "t.py")).toBe(["x = 1", "w = 4"].join("\n"));
  });

  it("rejects unknown tags and unbalanced markers, naming the file and line", () => {
    expect(() => selectRegions("# [c]\n# [/c]", known, known, "t.py")).toThrow("t.py:1: unknown region tag [c]");
    expect(() => selectRegions("# [a]\n# [/b]", known, known, "t.py")).toThrow("t.py:2: [/b] closes [a] of line 1");
    expect(() => selectRegions("# [a]\nx = 1", known, known, "t.py")).toThrow("t.py:1: region [a] is never closed");
  });

  it("takes the docstring and the imports out of a file, sorting the imports into standard library and third party", () => {
    const parts = splitModule('"""Doc\nmore."""\n\nimport ssl\n\nimport pymysql\nfrom pymysql.constants import CLIENT\n\n\nX = 1\n', "t.py");
    expect(parts).toEqual({
      docstring: '"""Doc\nmore."""',
      standard: ["import ssl"],
      thirdParty: ["import pymysql", "from pymysql.constants import CLIENT"],
      body: "X = 1",
    });
    expect(() => splitModule("from os import (\n    path,\n)\n", "t.py")).toThrow("t.py:1: write each import on one line");
  });
});
