import {
  ARCHITECTURES,
  ENDPOINT_MODES,
  ENGINES,
  LAMBDA_SOURCES,
  PLATFORMS,
  RUNTIMES,
  STRATEGIES,
  TLS_MODES,
  type Engine,
  type Runtime,
} from "./choices";
import { ENGINE_FACTS } from "./engines";
import type { PlanParam } from "./schema";

/**
 * What the user sees for each plan parameter and each value of a closed list: the form's labels, which the
 * wizard's messages, the review and the bundle's README use instead of parameter names. One place, read by
 * `lib/ui/fields.ts` (FIELD_SPECS) and by the pure generators alike. Zod-free and type-only on the schema:
 * the page's first load imports it.
 */

export const PARAM_LABELS: Record<PlanParam, string> = {
  name: "Name prefix",
  engine: "Database engine",
  platform: "Platform",
  strategy: "Rotation strategy",
  lambda: "Rotation function",
  secret: "Secret to rotate",
  master: "Admin secret ARN",
  masterkms: "Admin secret's KMS key ARN",
  subnets: "Lambda subnets",
  sgs: "Lambda security groups",
  vpc: "VPC id",
  // The form adds "(recommended)" after it; messages and the README name the field without it.
  dbsg: "Database security group",
  endpoint: "Route to the Secrets Manager API",
  days: "Rotate every … days",
  schedule: "Schedule expression",
  window: "Rotation window",
  immediately: "Rotate once as soon as it is applied",
  kms: "KMS key ARN",
  alarm: "Failure alerts to",
  runtime: "Lambda runtime",
  arch: "Architecture",
  exclude: "Characters never used in passwords",
  length: "Password length",
  tls: "TLS to the database",
  boundary: "Permissions boundary ARN",
};

/** Pairs every value of a closed list with its words, so a new value cannot be forgotten here. */
function words<const T extends readonly string[]>(values: T, labels: { [K in T[number]]: string }): Record<T[number], string> {
  return Object.fromEntries(values.map((value) => [value, labels[value as T[number]]])) as Record<T[number], string>;
}

/** The words of each choice, as the form's radio cards and selects show them (the engine's select adds its port). */
export const OPTION_LABELS = {
  engine: Object.fromEntries(ENGINES.map((engine) => [engine, ENGINE_FACTS[engine].label])) as Record<Engine, string>,
  platform: words(PLATFORMS, { rds: "Amazon RDS", aurora: "Amazon Aurora", "self-managed": "Self-managed" }),
  strategy: words(STRATEGIES, { single: "Single user", alternating: "Alternating users", managed: "Managed by AWS" }),
  lambda: words(LAMBDA_SOURCES, { bundled: "Bundled", sar: "AWS template" }),
  endpoint: words(ENDPOINT_MODES, { create: "Create an endpoint", existing: "Existing endpoint", nat: "NAT gateway" }),
  runtime: Object.fromEntries(RUNTIMES.map((runtime) => [runtime, runtime.replace("python", "Python ")])) as Record<Runtime, string>,
  arch: words(ARCHITECTURES, { arm64: "arm64", x86_64: "x86_64" }),
  tls: words(TLS_MODES, { verify: "Verify", require: "Require", disable: "Disable" }),
} as const;

type OptionParam = keyof typeof OPTION_LABELS;

/** The label of a parameter; a name that is not a parameter stays as it is. */
export function paramLabel(param: string): string {
  return Object.hasOwn(PARAM_LABELS, param) ? PARAM_LABELS[param as PlanParam] : param;
}

/** The words for one value of a closed list; any other value stays as it is. */
export function optionLabel(param: string, value: string): string {
  if (!Object.hasOwn(OPTION_LABELS, param)) return value;
  const labels = OPTION_LABELS[param as OptionParam] as Record<string, string>;
  return Object.hasOwn(labels, value) ? labels[value]! : value;
}

/**
 * A field named in running text: its label in quotes, so that labels that read as phrases ("Failure alerts
 * to", "Rotate every … days") stand apart from the sentence around them.
 */
export function fieldInWords(param: PlanParam): string {
  return `“${PARAM_LABELS[param]}”`;
}

/** A choice named in running text, with its field: “TLS to the database: Require”. */
export function settingInWords(param: OptionParam, value: string): string {
  return `“${PARAM_LABELS[param]}: ${optionLabel(param, value)}”`;
}

/** A value of a closed list named in running text: “Amazon Aurora”. */
export function optionInWords(param: OptionParam, value: string): string {
  return `“${optionLabel(param, value)}”`;
}
