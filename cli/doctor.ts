/**
 * The command-line diagnosis: the same engine and the same JSON as the Diagnose page and POST /api/diagnose.
 *
 *   npm run doctor -- PATH… [--describe FILE] [--versions FILE] [--logs FILE] [--json]
 *
 * PATH: .tf and .tfvars files, folders of them (read recursively, .terraform skipped), or zips.
 * Exit status: 0 when no finding is an error, 1 when one is, 2 when the input is unusable.
 * `--catalogue` prints the finding catalogue; `--update-readme` writes it into README.md.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parseArgs } from "node:util";
import {
  Budget,
  diagnose,
  InputError,
  LimitError,
  LIMITS,
  LIMITS_TEXT,
  SEVERITIES,
  terraformFiles,
  type DiagnoseResult,
  type Upload,
} from "@/lib/diagnose";
import { catalogueMarkdown, withCatalogue } from "@/lib/diagnose/readme";

const USAGE = "usage: npm run doctor -- PATH… [--describe FILE] [--versions FILE] [--logs FILE] [--json]\n       npm run doctor -- --catalogue | --update-readme";

class UsageError extends Error {}

const WANTED = /\.(tf|tfvars|zip)$/i;
const SKIPPED_DIRECTORIES = new Set([".terraform", ".git", "node_modules"]);

/** The files under the paths, as uploads named relative to each folder; limits are checked while walking. */
function collect(paths: string[], budget: Budget): Upload[] {
  const uploads: Upload[] = [];
  let seen = 0;
  let total = budget.bytes;
  const read = (path: string, name: string) => {
    const size = statSync(path).size;
    if (++seen > LIMITS.files) throw new LimitError("files", `more than ${LIMITS.files} files under ${paths.join(", ")}; limits: ${LIMITS_TEXT}`);
    if (size > LIMITS.totalBytes || (!/\.zip$/i.test(path) && size > LIMITS.fileBytes)) {
      throw new LimitError("file", `${name} is too large (${size} bytes); limits: ${LIMITS_TEXT}`);
    }
    total += size;
    if (total > LIMITS.totalBytes) throw new LimitError("total", `the input is over ${LIMITS.totalBytes / 1024 / 1024} MiB in all (reached with ${name}); limits: ${LIMITS_TEXT}`);
    uploads.push({ name, bytes: readFileSync(path) });
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`cannot read ${path}: no such file or folder`);
    }
    if (stat.isFile()) {
      read(path, basename(path));
      continue;
    }
    const prefix = paths.length > 1 ? `${basename(path)}/` : "";
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
        } else if (entry.isFile() && WANTED.test(entry.name)) {
          read(full, prefix + relative(path, full).split("\\").join("/"));
        }
      }
    };
    walk(path);
  }
  return uploads;
}

function readText(path: string | undefined, budget: Budget, what: string): string | undefined {
  if (path === undefined) return undefined;
  let size;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`cannot read ${path} (${what})`);
  }
  if (size > LIMITS.totalBytes) throw new LimitError(what, `${path} is too large; limits: ${LIMITS_TEXT}`);
  budget.addBytes(size, path);
  return readFileSync(path, "utf8");
}

const WIZARD_URL = process.env.ROTATION_WIZARD_URL ?? "http://127.0.0.1:3000/";

function render(result: DiagnoseResult): string {
  const lines: string[] = [];
  const count = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
  lines.push(`${count("error")} errors, ${count("warning")} warnings, ${count("info")} notes`);
  const headings = { error: "ERRORS: rotation cannot work", warning: "WARNINGS: it will break or leak", info: "NOTES" };
  for (const severity of SEVERITIES) {
    const group = result.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push("", headings[severity]);
    for (const f of group) {
      const where = f.file === null ? "" : f.line === null ? `${f.file}: ` : `${f.file}:${f.line}: `;
      lines.push("", `  ${where}[${f.id}] ${f.title}`, ...indent(`Why: ${f.why}`), ...indent(`Fix: ${f.fix}`));
    }
  }
  lines.push("", "THE WAY OUT");
  for (const value of result.plan.found) lines.push(`  found ${value.param}=${value.value} (${value.from})`);
  for (const value of result.plan.rejected) lines.push(`  not usable: ${value.param}=${value.value} (${value.from}): ${value.message}`);
  for (const missing of result.plan.missing) lines.push(`  still needed: ${missing.param}: ${missing.message}`);
  lines.push(`  Generate the working setup: ${new URL(`/?${result.wizardQuery}`, WIZARD_URL).href}`);
  return lines.join("\n");
}

function indent(text: string): string[] {
  return text.split("\n").map((line) => (line === "" ? "" : `      ${line}`));
}

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        describe: { type: "string" },
        versions: { type: "string" },
        logs: { type: "string" },
        json: { type: "boolean" },
        catalogue: { type: "boolean" },
        "update-readme": { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.catalogue) {
    console.log(catalogueMarkdown());
    return 0;
  }
  if (values["update-readme"]) {
    writeFileSync("README.md", withCatalogue(readFileSync("README.md", "utf8")));
    console.log("README.md: Diagnose section written");
    return 0;
  }
  try {
    if (positionals.length === 0) throw new UsageError("give at least one Terraform file, folder or zip");
    const budget = new Budget();
    const describe = readText(values.describe, budget, "describe");
    const versions = readText(values.versions, budget, "versions");
    const logs = readText(values.logs, budget, "logs");
    const files = terraformFiles(collect(positionals, budget), budget);
    const result = diagnose({ files, describe, versions, logs, now: new Date() });
    console.log(values.json ? JSON.stringify(result, null, 2) : render(result));
    return result.findings.some((f) => f.severity === "error") ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof LimitError || error instanceof InputError) {
      console.error(`${error.param}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
