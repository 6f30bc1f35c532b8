/**
 * The text matches the bundle: every file and Terraform address that a bundle's README or its Terraform
 * comments mention exists in that bundle, and what they say about the pieces (a function, network rules,
 * the write-only first value) holds for the plan. For a matrix of plans, including managed rotation, an
 * existing secret and AWS's templates.
 */
import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import type { Plan } from "@/lib/config";
import { FINDINGS_QUERIES, PLAN_MATRIX, planOfQuery } from "./support/plan-matrix";
import { bundleOf } from "./support/plans";

/** Files of a bundle, and the files a README may name that the user or build.sh makes (not in the zip). */
const FILE_MENTION = /(?<![\w./-])((?:[\w-]+\/)*[\w.-]+\.(?:tf|tfvars|sh|py|txt|md|json))(?![\w.])/g;
/** `type.name` or `data.type.name` of the AWS and archive providers. */
const ADDRESS_MENTION = /(?<![\w.])((?:data\.)?(?:aws|archive)_[a-z0-9_]+\.[a-z_][a-z0-9_-]*)/g;

/** Under managed rotation the README shows the change to make to your database resource: those are yours. */
const YOUR_DATABASE_TYPES = ["aws_db_instance", "aws_rds_cluster", "aws_redshift_cluster", "aws_docdb_cluster"];

function sections(markdown: string): Map<string, string> {
  const bySection = new Map<string, string>();
  let title = "";
  for (const line of markdown.split("\n")) {
    if (line.startsWith("## ")) title = line.slice(3);
    bySection.set(title, `${bySection.get(title) ?? ""}${line}\n`);
  }
  return bySection;
}

async function addressesOf(plan: Plan): Promise<Set<string>> {
  const addresses = new Set<string>();
  for (const file of bundleOf(plan).filter((f) => f.path.endsWith(".tf"))) {
    const json = (await parse(file.path, file.content)) as Record<string, Record<string, Record<string, unknown>>>;
    for (const kind of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        for (const name of Object.keys(byName)) addresses.add(`${kind === "data" ? "data." : ""}${type}.${name}`);
      }
    }
  }
  return addresses;
}

/** The README without what is about other things: your database's resource, and the plan itself. */
function readmeAboutTheBundle(plan: Plan): string {
  const readme = bundleOf(plan).find((f) => f.path === "README.md")!.content;
  const bySection = sections(readme);
  bySection.delete("The change to your database");
  bySection.delete("Regenerate this bundle");
  return [...bySection.values()].join("");
}

/** Every comment line of the bundle's Terraform files. */
function terraformComments(plan: Plan): string {
  return bundleOf(plan)
    .filter((f) => f.path.endsWith(".tf"))
    .flatMap((f) => f.content.split("\n").filter((line) => /^\s*#/.test(line)).map((line) => `${f.path}: ${line}`))
    .join("\n");
}

const PLANS = [
  ...Object.entries(PLAN_MATRIX).map(([name, query]) => [name, planOfQuery(query)] as const),
  ...FINDINGS_QUERIES.map((query) => [query, planOfQuery(query)] as const),
];

describe("the README and the comments of a bundle", () => {
  it.each(PLANS)("name only files and Terraform addresses the bundle has (%s)", async (_, plan) => {
    const paths = bundleOf(plan).map((f) => f.path);
    const addresses = await addressesOf(plan);
    for (const [where, text] of [["README.md", readmeAboutTheBundle(plan)], ["comments", terraformComments(plan)]] as const) {
      const files = [...text.matchAll(FILE_MENTION)].map((m) => m[1]!);
      for (const file of new Set(files)) {
        expect(paths.some((p) => p === file || p.endsWith(`/${file}`)), `${where} names ${file}, which the bundle does not have`).toBe(true);
      }
      for (const address of new Set([...text.matchAll(ADDRESS_MENTION)].map((m) => m[1]!))) {
        expect(addresses.has(address), `${where} names ${address}, which the bundle does not have`).toBe(true);
      }
    }
  });

  it.each(PLANS.filter(([, plan]) => plan.strategy === "managed"))("show only your database's resource in the change to make to it (%s)", (_, plan) => {
    const change = sections(bundleOf(plan).find((f) => f.path === "README.md")!.content).get("The change to your database")!;
    for (const [, address] of change.matchAll(ADDRESS_MENTION)) {
      expect(YOUR_DATABASE_TYPES.some((type) => address!.startsWith(`${type}.`)), address).toBe(true);
    }
  });

  it.each(PLANS.filter(([, plan]) => plan.strategy === "managed" || plan.secret !== "new"))(
    "say nothing of a write-only first value or an ephemeral variable when the secret exists already (%s)",
    (_, plan) => {
      for (const text of [readmeAboutTheBundle(plan), terraformComments(plan)]) {
        expect(text).not.toMatch(/write-only|ephemeral|initial_password/i);
      }
    },
  );

  it.each(PLANS.filter(([, plan]) => plan.strategy === "managed"))("describe no function, permissions or network of their own under managed rotation (%s)", (_, plan) => {
    const readme = readmeAboutTheBundle(plan);
    expect(readme).not.toMatch(/\bthe (rotation )?function\b|function's|network rules that|## Build the function/i);
    expect(readme).toContain("no function, no permissions and no network rules");
  });

  it.each(PLANS.filter(([, plan]) => plan.strategy !== "managed"))("claim network rules only when the bundle adds some (%s)", async (_, plan) => {
    const addresses = [...(await addressesOf(plan))];
    const addsRules = addresses.some((a) => /^aws_(security_group|vpc_security_group_\w+_rule|vpc_endpoint)\./.test(a));
    const intro = readmeAboutTheBundle(plan).split("\n## ")[0]!;
    if (addsRules) expect(intro).toMatch(/In your VPC it adds /);
    else expect(intro).toContain("It adds no network rules");
  });

  it.each(PLANS.filter(([, plan]) => plan.strategy !== "managed" && plan.lambda === "sar"))("say why AWS's template takes no permissions boundary (%s)", (_, plan) => {
    const readme = readmeAboutTheBundle(plan);
    expect(readme).toMatch(/Why the plan takes no “Permissions boundary ARN” here: the template creates its role itself and has no parameter for a permissions boundary/);
    if (plan.masterkms !== "") expect(readme).toContain("`masterSecretKmsKeyArn`");
  });
});
