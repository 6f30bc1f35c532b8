import { parse as hcl2json } from "@cdktf/hcl2json";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Block, Body } from "@/lib/diagnose/hcl/ast";
import { HclSyntaxError, parseHcl } from "@/lib/diagnose/hcl/parser";
import { FALLBACK_VERSIONS, generateBundle } from "@/lib/generators";
import { planArbitrary } from "./support/plan-arbitrary";
import { fixture } from "./fixtures/diagnose/support";

/**
 * The diagnosis parses HCL itself (it needs a line for every block and attribute, and @cdktf/hcl2json takes
 * about a second for a 10,000-line project), so HashiCorp's parser is its oracle here: on every generated
 * bundle and every fixture both must see the same blocks and attributes, and on broken or tricky input
 * they must agree whether it parses.
 */

type Shape = Record<string, string[]>;

/** Block paths and their attribute names, from our tree. */
function ourShape(body: Body, prefix = "", shape: Shape = {}): Shape {
  for (const block of body.blocks) {
    if (block.type === "locals") {
      shape[`${prefix}locals`] = [...(shape[`${prefix}locals`] ?? []), ...block.body.attributes.map((a) => a.name)].sort();
      continue;
    }
    const path = `${prefix}${blockPath(block)}`;
    shape[path] = block.body.attributes.map((a) => a.name).sort();
  }
  return shape;
}

function blockPath(block: Block): string {
  return [block.type, ...block.labels].join(".");
}

/** The same from hcl2json's JSON: resource.type.name[i], locals[i], terraform[i]… */
function theirShape(json: Record<string, unknown>): Shape {
  const shape: Shape = {};
  const attributes = (body: Record<string, unknown>) =>
    Object.keys(body)
      .filter((key) => {
        const value = body[key];
        // Nested blocks come out as lists of objects; attributes as anything else (lists of scalars included).
        return !(Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) && key !== "dynamic";
      })
      .sort();
  const labelDepth: Record<string, number> = { resource: 2, data: 2, ephemeral: 2, module: 1, variable: 1, output: 1, provider: 1 };
  for (const [type, value] of Object.entries(json)) {
    if (type === "locals") {
      shape.locals = (value as Array<Record<string, unknown>>).flatMap((item) => Object.keys(item)).sort();
      continue;
    }
    const depth = labelDepth[type] ?? 0;
    const walk = (node: unknown, labels: string[]) => {
      if (labels.length === depth) {
        for (const body of node as Array<Record<string, unknown>>) shape[[type, ...labels].join(".")] = attributes(body);
        return;
      }
      for (const [label, child] of Object.entries(node as Record<string, unknown>)) walk(child, [...labels, label]);
    };
    walk(value, []);
  }
  return shape;
}

async function agree(path: string, text: string) {
  const ours = ourShape(parseHcl(path, text).body);
  const theirs = theirShape((await hcl2json(path, text)) as Record<string, unknown>);
  expect(ours, path).toEqual(theirs);
}

async function theyParse(text: string): Promise<boolean> {
  try {
    await hcl2json("x.tf", text);
    return true;
  } catch {
    return false;
  }
}

function weParse(text: string): boolean {
  try {
    parseHcl("x.tf", text);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(HclSyntaxError);
    return false;
  }
}

describe("the HCL parser agrees with @cdktf/hcl2json", () => {
  it("on every fixture", async () => {
    for (const name of ["healthy", "seed-broken", "seed-fixed"]) for (const [path, text] of Object.entries(fixture(name))) if (path.endsWith(".tf")) await agree(`${name}/${path}`, text);
  });

  it("on the Terraform of generated bundles", async () => {
    const plans = fc.sample(planArbitrary, { numRuns: 40, seed: 7 });
    for (const plan of plans) {
      for (const file of generateBundle({ plan, versions: FALLBACK_VERSIONS })) if (file.path.endsWith(".tf")) await agree(file.path, file.content);
    }
  }, 300_000);

  const tricky = [
    'locals {\n  a = "${var.x}-%{if var.y}y%{else}n%{endif}"\n  b = <<-EOT\n    ${jsonencode({ a = 1 })}\n    EOT\n  c = { for k, v in var.m : k => v... if v != null }\n  d = [for i in range(3) : i * 2]\n  e = var.list[*].id\n  f = var.a.0.b\n  g = !var.b && (var.c || -1 < 2)\n  h = "$${literal} %%{literal}"\n  i = "\\u00e9\\n\\t\\"q\\""\n  j = provider::aws::arn_parse("arn:aws:iam::123456789012:root")\n  k = try(var.x, null)\n  l = {\n    "key-with-dash" = 1, other: 2\n  }\n}\n',
    'resource "a" "b" { x = 1 }\n',
    "variable \"x\" {}\n",
    "# only a comment",
    "/* block\ncomment */\nx = 1\n",
    "x = [\n  1,\n  2,\n]\n",
    "x = f(\n  a,\n  b...\n)\n",
    'x = <<EOT\nno ${"nested"} end\nEOT\n',
    "x = a ? b : c ? d : e\n",
    "x = (\n  1 +\n  2\n)\n",
    "\ufeffx = 1\r\ny = 2\r\n",
  ];
  const broken = [
    'resource "a" "b" {\n  x = \n}\n',
    'x = "unterminated\n',
    "x = [1, 2\n",
    "a = 1 b = 2\n",
    "x = 'single'\n",
    "a = 1\na = 2\n",
    'resource "a" "b" {\n',
    "x = <<EOT\nnever closed\n",
    'x = "${var.a"\n',
    "x = {a = 1 b = 2}\n",
    "= 1\n",
    "x = \"\\q\"\n",
    "[".repeat(400),
  ];

  it("on what parses and what does not", async () => {
    for (const text of tricky) {
      expect(await theyParse(text), text).toBe(true);
      expect(weParse(text), text).toBe(true);
    }
    for (const text of broken) {
      expect(weParse(text), text).toBe(false);
      if (text.length < 100) expect(await theyParse(text), text).toBe(false);
    }
  });

  it("never rejects what HashiCorp's parser accepts, over random edits of real files", async () => {
    const sources = Object.values(fixture("healthy"));
    const edits = fc.tuple(fc.nat(sources.length - 1), fc.nat(), fc.nat({ max: 12 }), fc.constantFrom("", " ", "\n", "{", "}", "[", "]", '"', "=", "${", "#", "<<EOT\n", ",", "(", ")"));
    let checked = 0;
    for (const [index, at, length, insert] of fc.sample(edits, { numRuns: 300, seed: 11 })) {
      const source = sources[index]!;
      const position = at % source.length;
      const text = source.slice(0, position) + insert + source.slice(position + length);
      if (await theyParse(text)) {
        checked++;
        expect(weParse(text), text.slice(Math.max(0, position - 80), position + 80)).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(20);
  }, 300_000);

  it("reports the line of the first error", () => {
    try {
      parseHcl("main.tf", 'resource "a" "b" {\n  x = 1\n  y = \n}\n');
      expect.unreachable();
    } catch (error) {
      expect((error as HclSyntaxError).line).toBe(3);
    }
  });
});
