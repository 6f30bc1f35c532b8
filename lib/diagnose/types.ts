import { ruleInfo, SEVERITIES, type Severity } from "./catalogue";
import type { SourceFile } from "./terraform/project";

export type { Severity } from "./catalogue";
export type { SourceFile } from "./terraform/project";

/** Where a finding is: a file and line, or one of the other inputs by name. */
export const INPUT_NAMES = {
  describe: "describe-secret",
  versions: "list-secret-version-ids",
  logs: "logs",
} as const;

export interface Finding {
  id: string;
  severity: Severity;
  /** A Terraform file's path, or the name of another input (describe-secret, list-secret-version-ids, logs). */
  file: string | null;
  line: number | null;
  title: string;
  /** What happens because of it. */
  why: string;
  /** What to change; an HCL snippet is fenced with ```hcl. */
  fix: string;
}

/** Everything the engine reads. Nothing here is stored; `now` is passed in so that the engine has no clock. */
export interface DiagnoseInput {
  /** Terraform files (.tf, .tfvars), paths relative to the project. */
  files: SourceFile[];
  /** The text of `aws secretsmanager describe-secret`. */
  describe?: string;
  /** The text of `aws secretsmanager list-secret-version-ids --include-deprecated`. */
  versions?: string;
  /** Lines of the rotation function's CloudWatch log. */
  logs?: string;
  now: Date;
}

export interface PlanValue {
  param: string;
  value: string;
  /** Where it was read. */
  from: string;
}

export interface PlanProblem {
  param: string;
  message: string;
}

export interface ProposedPlan {
  /** Plan parameters found and accepted by the plan schema, as share-URL text. */
  values: Record<string, string>;
  found: PlanValue[];
  /** Values found but rejected by the plan schema, each with the schema's reason. */
  rejected: Array<PlanValue & { message: string }>;
  /** What the user must still give before the wizard can generate the bundle. */
  missing: PlanProblem[];
}

export interface DiagnoseResult {
  findings: Finding[];
  plan: ProposedPlan;
  /** The wizard's query string for the proposed plan (without "?"). */
  wizardQuery: string;
}

/** Finding constructor that checks the id and severity against the catalogue. */
export function finding(id: string, severity: Severity, where: { file: string | null; line: number | null }, title: string, why: string, fix: string): Finding {
  const rule = ruleInfo(id);
  if (!rule.severities.includes(severity)) throw new Error(`finding ${id} cannot be ${severity}`);
  return { id, severity, file: where.file, line: where.line, title, why, fix };
}

/** Errors first, then warnings, then info; within each, by file, line and id. Duplicates dropped. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = `${f.id}\u0000${f.file}\u0000${f.line}\u0000${f.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return unique.sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      compareText(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      compareText(a.id, b.id) ||
      compareText(a.title, b.title),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A fenced HCL snippet for a fix. */
export function hcl(text: string): string {
  return "```hcl\n" + text.replace(/^\n+|\s+$/g, "") + "\n```";
}
