import { z } from "zod";
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
} from "./choices";
import { crossFieldRules } from "./cross-field-rules";
import { ENGINE_FACTS, isBundledEngine } from "./engines";
import { checkScheduleExpression, MAX_ROTATION_DAYS } from "./schedule";
import { rotatesWithFunction } from "./shape";
import { either, inParamNames, literal, options, param, setting } from "./wording";

// zod probes for `new Function` to compile fast parsers; our Content-Security-Policy forbids eval, and
// the probe alone would be reported as a violation. Plans are small: the interpreter is fast enough.
z.config({ jitless: true });

/**
 * The rotation plan: the one input of every generator, and the single source of truth for the form,
 * the share URL, the API and the CLI. Field names are the share-URL parameters (PRODUCT.md §2), a public
 * contract: keep them stable, add new ones freely. Error messages name the parameter and say what is allowed;
 * they are marked (wording.ts), so that the form can say them with its labels and the API with parameter names.
 */

export const PLAN_PARAMS = [
  "name",
  "engine",
  "platform",
  "strategy",
  "lambda",
  "secret",
  "master",
  "masterkms",
  "subnets",
  "sgs",
  "vpc",
  "dbsg",
  "endpoint",
  "days",
  "schedule",
  "window",
  "immediately",
  "kms",
  "alarm",
  "runtime",
  "arch",
  "exclude",
  "length",
  "tls",
  "boundary",
] as const;
export type PlanParam = (typeof PLAN_PARAMS)[number];

/** Characters generated passwords avoid unless told otherwise: they break URLs, shells and SQL literals. */
export const DEFAULT_EXCLUDE = `/@"'\\`;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 4096;

const PARTITION = "aws(?:-cn|-us-gov)?";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
const ACCOUNT = "\\d{12}";
// Secret names take letters, digits and /_+=.@-; the `!` appears only in the names that AWS services give
// the secrets they manage themselves (RDS: `rds!db-…`, `rds!cluster-…`).
const SECRET_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:[A-Za-z0-9/_+=.@!-]{1,512}$`);
const KMS_KEY_ARN = new RegExp(
  `^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`,
);
const IAM_POLICY_ARN = new RegExp(`^arn:${PARTITION}:iam::(?:${ACCOUNT}|aws):policy/[A-Za-z0-9+=,.@_/-]{1,512}$`);
const EXAMPLE_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-db-AbCdEf";
const EXAMPLE_KMS_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** AWS resource ids are a prefix and 8 or 17 lowercase hex digits. */
function awsId(prefix: string): RegExp {
  return new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`);
}
const SUBNET_ID = awsId("subnet");
const SECURITY_GROUP_ID = awsId("sg");
const VPC_ID = awsId("vpc");

/** Comma- or space-separated ids, as typed in a form field or a URL parameter. */
function splitList(value: unknown): unknown {
  if (typeof value !== "string") return value;
  return value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function idList(name: PlanParam, pattern: RegExp, example: string) {
  const field = param(name);
  return z.preprocess(
    splitList,
    z
      .array(z.string().regex(pattern, { error: `${field} must be ids like ${example}, separated by commas` }), {
        error: `${field} must be a comma-separated list of ids like ${example}`,
      })
      .max(16, { error: `${field} takes at most 16 ids` })
      .refine((ids) => new Set(ids).size === ids.length, { error: `${field} lists the same id twice` }),
  );
}

function optional(name: PlanParam, pattern: RegExp, what: string) {
  const field = param(name);
  return z.string({ error: `${field} must be text` }).trim().regex(new RegExp(`^$|${pattern.source}`), { error: `${field} must be empty or ${what}` });
}

function integer(name: PlanParam, min: number, max: number) {
  const field = param(name);
  return z.preprocess(
    (value) => (typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: `${field} must be a whole number from ${min} to ${max}` })
      .int({ error: `${field} must be a whole number from ${min} to ${max}` })
      .min(min, { error: `${field} must be at least ${min}` })
      .max(max, { error: `${field} must be at most ${max}` }),
  );
}

function choice<const T extends readonly [string, ...string[]]>(name: "engine" | "platform" | "strategy" | "lambda" | "endpoint" | "runtime" | "arch" | "tls", values: T) {
  return z.enum(values, { error: `${param(name)} must be one of: ${options(name, values)}` });
}

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/** Each parameter on its own; rules between parameters are in `crossFieldRules` (cross-field-rules.ts). */
export const planFields = z.strictObject({
  name: z
    .string({ error: `${param("name")} must be text` })
    .regex(/^[a-z][a-z0-9-]{1,39}$/, {
      error: `${param("name")} must be 2–40 characters: a lowercase letter, then lowercase letters, digits or hyphens`,
    }),
  engine: choice("engine", ENGINES),
  platform: choice("platform", PLATFORMS),
  strategy: choice("strategy", STRATEGIES),
  lambda: choice("lambda", LAMBDA_SOURCES),
  secret: z
    .string({ error: `${param("secret")} must be text` })
    .trim()
    .regex(new RegExp(`^new$|${SECRET_ARN.source}`), {
      error: `${param("secret")} must be ${either('"new"', "a new secret")} or the ARN of an existing secret, like ${EXAMPLE_SECRET_ARN}`,
    }),
  master: optional("master", SECRET_ARN, `the ARN of the admin secret, like ${EXAMPLE_SECRET_ARN}`),
  masterkms: optional("masterkms", KMS_KEY_ARN, `the ARN of the admin secret's KMS key, like ${EXAMPLE_KMS_ARN}`),
  subnets: idList("subnets", SUBNET_ID, "subnet-0123456789abcdef0"),
  sgs: idList("sgs", SECURITY_GROUP_ID, "sg-0123456789abcdef0"),
  vpc: optional("vpc", VPC_ID, "a VPC id like vpc-0123456789abcdef0"),
  dbsg: optional("dbsg", SECURITY_GROUP_ID, "the database's security group id, like sg-0123456789abcdef0"),
  endpoint: choice("endpoint", ENDPOINT_MODES),
  days: integer("days", 1, MAX_ROTATION_DAYS),
  schedule: z
    .string({ error: `${param("schedule")} must be text` })
    .trim()
    .superRefine((expression, ctx) => {
      if (expression === "") return;
      const check = checkScheduleExpression(expression);
      // The check's message quotes the user's expression: literal() keeps it from reading as a token.
      if (!check.ok) ctx.addIssue({ code: "custom", message: `${param("schedule")}: ${literal(check.message)}` });
    }),
  window: z
    .string({ error: `${param("window")} must be text` })
    .trim()
    .regex(/^$|^([1-9]|1\d|2[0-4])h$/, { error: `${param("window")} must be empty or a number of hours from 1h to 24h, like 3h` }),
  immediately: z.preprocess(
    (value) => (value === "true" ? true : value === "false" ? false : value),
    z.boolean({ error: `${param("immediately")} must be true or false` }),
  ),
  kms: optional("kms", KMS_KEY_ARN, `a KMS key ARN, like ${EXAMPLE_KMS_ARN}`),
  alarm: z
    .string({ error: `${param("alarm")} must be text` })
    .trim()
    .max(254, { error: `${param("alarm")} must be at most 254 characters` })
    .refine((value) => value === "" || z.email().safeParse(value).success, {
      error: `${param("alarm")} must be empty or one e-mail address, like ops@example.com`,
    }),
  runtime: choice("runtime", RUNTIMES),
  arch: choice("arch", ARCHITECTURES),
  exclude: z
    .string({ error: `${param("exclude")} must be text` })
    .max(94, { error: `${param("exclude")} must be at most 94 characters` })
    .regex(PRINTABLE_ASCII, { error: `${param("exclude")} may only hold printable ASCII characters, without spaces` }),
  length: integer("length", MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH),
  tls: choice("tls", TLS_MODES),
  boundary: optional("boundary", IAM_POLICY_ARN, "the ARN of an IAM policy, like arn:aws:iam::123456789012:policy/boundary"),
});

export type Plan = z.output<typeof planFields>;

/**
 * One field's value as its own schema reads it. The wizard reads every field on every keystroke (the
 * diagram, the file on screen) and a keystroke changes one of them, so each field's last two readings are
 * kept (the value typed, and the default the diagram falls back on while it does not read): the other
 * fields are not parsed again (without this, each reader parsed all 25 on every keystroke).
 */
export function readField<P extends PlanParam>(param: P, value: unknown): z.ZodSafeParseResult<Plan[P]> {
  const kept = lastReadings.get(param) ?? [];
  const found = kept.find((reading) => Object.is(reading.value, value));
  if (found) return found.result as z.ZodSafeParseResult<Plan[P]>;
  const result = planFields.shape[param].safeParse(value) as z.ZodSafeParseResult<Plan[P]>;
  lastReadings.set(param, [{ value, result }, ...kept.slice(0, 1)]);
  return result;
}

const lastReadings = new Map<PlanParam, Array<{ value: unknown; result: z.ZodSafeParseResult<unknown> }>>();

/**
 * The plan as the form and the URL hold it before validation: text as typed, one checkbox.
 * Keeping raw text means nothing the user typed is lost when a value is invalid or hidden.
 */
export type PlanValues = { [K in PlanParam]: K extends "immediately" ? boolean : string };

export function defaultLambdaSource(engine: Engine) {
  return isBundledEngine(engine) ? ("bundled" as const) : ("sar" as const);
}

/** Default values; the only engine-dependent one is where the rotation function comes from. */
export function defaultValues(engine: Engine = "postgres"): PlanValues {
  return {
    name: "app-db",
    engine,
    platform: "rds",
    strategy: "single",
    lambda: defaultLambdaSource(engine),
    secret: "new",
    master: "",
    masterkms: "",
    subnets: "",
    sgs: "",
    vpc: "",
    dbsg: "",
    endpoint: "create",
    days: "30",
    schedule: "",
    window: "",
    immediately: true,
    kms: "",
    alarm: "",
    runtime: "python3.13",
    arch: "arm64",
    exclude: DEFAULT_EXCLUDE,
    length: "32",
    tls: "verify",
    boundary: "",
  };
}

/**
 * Parameters that a plan's other choices make meaningless (a master secret without alternating users,
 * Lambda settings under managed rotation…). They are kept in the form, so switching back restores them,
 * but they are neither validated, generated nor shared. The reasons are marked messages (wording.ts): the
 * wizard says them in its words, the codec in parameter names.
 */
export function unusedParams(values: Partial<Record<PlanParam, unknown>>): Map<PlanParam, string> {
  const unused = new Map<PlanParam, string>();
  const managed = !rotatesWithFunction(values.strategy);
  if (values.engine === "redshift" || values.engine === "mongodb") {
    unused.set("platform", `${ENGINE_FACTS[values.engine].label} is its own platform`);
  }
  if (values.strategy !== "alternating") {
    const reason = `only ${setting("strategy", "alternating")} uses a master secret`;
    unused.set("master", reason);
    unused.set("masterkms", reason);
  }
  if (typeof values.schedule === "string" && values.schedule.trim() !== "") {
    unused.set("days", `${param("schedule")} is given, and it replaces ${param("days")}`);
  }
  if (managed) {
    const reason = `${setting("strategy", "managed")} rotates without a Lambda function`;
    for (const param of ["lambda", "subnets", "sgs", "vpc", "dbsg", "endpoint", "runtime", "arch", "exclude", "length", "tls", "boundary"] as const) {
      unused.set(param, reason);
    }
  } else if (values.lambda === "sar") {
    const reason = `${setting("lambda", "sar")} deploys AWS's template, which fixes these itself`;
    for (const param of ["runtime", "arch", "length", "boundary"] as const) unused.set(param, reason);
    const templateTls = ENGINES.includes(values.engine as Engine) ? ENGINE_FACTS[values.engine as Engine].templateTls : null;
    if (templateTls?.kind === "ignores-ssl") {
      unused.set("tls", `AWS's template for ${ENGINE_FACTS[values.engine as Engine].label} connects ${templateTls.connects}`);
    }
  }
  return unused;
}

/** Resets unused parameters to their defaults, so that they can neither fail validation nor change output. */
export function withoutUnusedParams(input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const values = { ...(input as Record<string, unknown>) };
  const engine = ENGINES.includes(values.engine as Engine) ? (values.engine as Engine) : "postgres";
  const defaults = defaultValues(engine);
  for (const param of unusedParams(values).keys()) values[param] = defaults[param];
  return values;
}

/**
 * The whole plan: unused parameters reset, each field checked, then the rules between fields.
 * `z.input` is `unknown` because the form, the URL and the API all hand in raw values.
 */
export const planSchema = z.preprocess(
  withoutUnusedParams,
  planFields.superRefine((plan, ctx) => {
    for (const issue of crossFieldRules(plan)) ctx.addIssue({ code: "custom", path: [issue.param], message: issue.message });
  }),
);

export interface Problem {
  param: string;
  /** In parameter names, as the API, the CLI and the URL banner say it. */
  message: string;
  /**
   * The same message marked (wording.ts), for the wizard to read in its words or in parameter names
   * (`readMessage`); only `validatePlanMarked` sets it.
   */
  marked?: string;
}

/** Zod issues as problems with marked messages (wording.ts), one per parameter (the first message wins: it is the most basic one). */
function markedProblemsOf(error: z.ZodError): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.push({ param: key, message: literal(`${key} is not a plan parameter; known: ${PLAN_PARAMS.join(", ")}`) });
      continue;
    }
    const param = String(issue.path[0] ?? "plan");
    if (seen.has(param)) continue;
    seen.add(param);
    problems.push({ param, message: issue.message });
  }
  return problems;
}

/** Zod issues as problems, one per parameter, in parameter names. */
export function problemsOf(error: z.ZodError): Problem[] {
  return markedProblemsOf(error).map(({ param, message }) => ({ param, message: inParamNames(message) }));
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; problems: Problem[] };

export function validatePlan(input: unknown): PlanResult {
  const result = planSchema.safeParse(input);
  return result.success ? { ok: true, plan: result.data } : { ok: false, problems: problemsOf(result.error) };
}

/**
 * `validatePlan` for the wizard: each problem also marked, so that the form can say it in its words. Kept
 * apart so that the API's and the CLI's problems stay `{ param, message }`, as they always were.
 */
export function validatePlanMarked(input: unknown): PlanResult {
  const result = planSchema.safeParse(input);
  if (result.success) return { ok: true, plan: result.data };
  return { ok: false, problems: markedProblemsOf(result.error).map(({ param, message }) => ({ param, message: inParamNames(message), marked: message })) };
}
