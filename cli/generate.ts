/**
 * The command-line generator: the same plan, the same bundle, the same bytes as the wizard and the API.
 *
 *   npm run generate -- --query "engine=mysql&subnets=subnet-0123abcd&vpc=vpc-0123abcd" --out DIR
 *   npm run generate -- --plan plan.json --zip app-db-rotation.zip
 *
 * versions.tf pins the releases the server would learn (--offline: the embedded, dated fallback).
 * Exit status: 0 when written, 2 when the input is wrong (one line per problem, naming the parameter).
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { completePlan, decodePlanObject, decodePlanQuery, type DecodedPlan } from "@/lib/config";
import { bundleFolder, zipBundle } from "@/lib/bundle/zip";
import { FALLBACK_VERSIONS, generateBundle } from "@/lib/generators";
import { currentVersions } from "@/lib/versions/releases";

const USAGE = `usage: npm run generate -- (--query "<share-link query>" | --plan plan.json) (--out DIR | --zip FILE) [--offline]`;

class UsageError extends Error {}

function readPlan(options: { query?: string; plan?: string }): DecodedPlan {
  if ((options.query === undefined) === (options.plan === undefined)) throw new UsageError("give exactly one of --query and --plan");
  if (options.query !== undefined) return decodePlanQuery(options.query);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(options.plan!, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read ${options.plan}: ${(error as Error).message}`);
  }
  return decodePlanObject(json);
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { query: { type: "string" }, plan: { type: "string" }, out: { type: "string" }, zip: { type: "string" }, offline: { type: "boolean" }, help: { type: "boolean" } },
      strict: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const options = parsed.values;
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (options.out === undefined && options.zip === undefined) throw new UsageError("give --out DIR, --zip FILE or both");
    const result = completePlan(readPlan(options));
    if (!result.ok) {
      for (const problem of result.problems) console.error(`${problem.param}: ${problem.message}`);
      return 2;
    }
    const plan = result.plan;
    const versions = options.offline ? FALLBACK_VERSIONS : await currentVersions();
    const files = generateBundle({ plan, versions });
    if (options.out !== undefined) {
      const root = join(options.out, bundleFolder(plan.name));
      for (const file of files) {
        const path = join(root, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.content);
        if (file.executable) chmodSync(path, 0o755);
      }
      console.log(`wrote ${files.length} files to ${root}`);
    }
    if (options.zip !== undefined) {
      mkdirSync(dirname(options.zip), { recursive: true });
      writeFileSync(options.zip, zipBundle(plan.name, files));
      console.log(`wrote ${options.zip}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
