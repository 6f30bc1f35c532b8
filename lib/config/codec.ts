import type { Engine } from "./choices";
import {
  defaultValues,
  PLAN_PARAMS,
  planFields,
  planSchema,
  problemsOf,
  unusedParams,
  validatePlan,
  type Plan,
  type PlanParam,
  type PlanResult,
  type PlanValues,
  type Problem,
} from "./schema";

/**
 * The one codec between a plan and text: share-URL query strings and plan JSON files. Decoding never
 * throws: each bad parameter becomes a problem that names it, and only that parameter falls back to its
 * default.
 */

export interface DecodedPlan {
  /** The plan, when the decoded values are complete and valid. */
  plan: Plan | null;
  /** What the form shows: the decoded values, with bad parameters at their defaults. */
  values: PlanValues;
  /** What was wrong with the input, one entry per parameter. */
  problems: Problem[];
}

/** A plan's values as text, as the form and the URL hold them. */
export function planToValues(plan: Plan): PlanValues {
  return {
    ...plan,
    subnets: plan.subnets.join(","),
    sgs: plan.sgs.join(","),
    days: String(plan.days),
    length: String(plan.length),
  };
}

function isParam(key: string): key is PlanParam {
  return (PLAN_PARAMS as readonly string[]).includes(key);
}

function asText(value: PlanValues[PlanParam]): string {
  return typeof value === "boolean" ? String(value) : value;
}

/** The query string of a valid plan: only values that differ from their default, in a stable order. */
export function encodePlanQuery(plan: Plan): string {
  const values = planToValues(plan);
  // Engine-aware defaults (where the function comes from), but the engine itself defaults to postgres.
  const defaults = { ...defaultValues(plan.engine), engine: defaultValues().engine };
  const unused = unusedParams(values);
  const pairs: string[] = [];
  for (const param of PLAN_PARAMS) {
    const text = asText(values[param]);
    // encodeURIComponent keeps ( ) readable; commas between ids stay readable too.
    if (!unused.has(param) && text !== asText(defaults[param])) pairs.push(`${param}=${encodeURIComponent(text).replace(/%2C/g, ",")}`);
  }
  return pairs.join("&");
}

/** Reads a share URL's query string (with or without the leading `?`). */
export function decodePlanQuery(query: string | URLSearchParams): DecodedPlan {
  const params = typeof query === "string" ? new URLSearchParams(query.startsWith("?") ? query.slice(1) : query) : query;
  const given = new Map<PlanParam, string>();
  const problems: Problem[] = [];
  for (const [key, value] of params) {
    if (!isParam(key)) {
      const label = key === "" ? "(empty name)" : key;
      if (!problems.some((p) => p.param === label)) {
        problems.push({ param: label, message: `${label} is not a plan parameter; known: ${PLAN_PARAMS.join(", ")}` });
      }
    } else if (given.has(key)) {
      if (!problems.some((p) => p.param === key)) {
        problems.push({ param: key, message: `${key} is given more than once; the first value is used` });
      }
    } else {
      given.set(key, value);
    }
  }
  return decodeValues(given, problems);
}

/** Reads a plan JSON object (the CLI's --plan file, the API's POST body): any subset of the parameters. */
export function decodePlanObject(input: unknown): DecodedPlan {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return decodeValues(new Map(), [{ param: "plan", message: "plan must be a JSON object of parameters, like {\"engine\": \"mysql\"}" }]);
  }
  const given = new Map<PlanParam, unknown>();
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (!isParam(key)) {
      const label = key === "" ? "(empty name)" : key;
      problems.push({ param: label, message: `${label} is not a plan parameter; known: ${PLAN_PARAMS.join(", ")}` });
    } else {
      given.set(key, Array.isArray(value) && (key === "subnets" || key === "sgs") ? value.join(",") : value);
    }
  }
  return decodeValues(given, problems);
}

function decodeValues(given: Map<PlanParam, unknown>, problems: Problem[]): DecodedPlan {
  const engineCheck = planFields.shape.engine.safeParse(given.get("engine"));
  const engine: Engine = engineCheck.success ? engineCheck.data : "postgres";
  const defaults = defaultValues(engine);
  const values: PlanValues = { ...defaults };
  const fallBack = (param: PlanParam, message: string) => {
    problems.push({ param, message: `${message} (using the default${describeDefault(defaults[param])})` });
    (values as Record<PlanParam, unknown>)[param] = defaults[param];
    given.delete(param);
  };

  // 1. Each parameter on its own.
  for (const [param, raw] of given) {
    const check = planFields.shape[param].safeParse(raw);
    if (check.success) {
      // Keep the text as given (numbers from JSON become text), so the form shows what was typed.
      (values as Record<PlanParam, unknown>)[param] = param === "immediately" ? check.data : typeof raw === "string" ? raw : String(raw);
    } else {
      fallBack(param, problemsOf(check.error)[0]?.message ?? `${param} is not valid`);
    }
  }
  // 2. Rules between parameters, blamed on a parameter that was given, one at a time: a fallback can
  //    settle another rule (platform=aurora makes strategy=managed fail for Oracle; rds does not).
  //    Missing required values are not problems of the input: the form asks for them.
  let result = planSchema.safeParse(values);
  while (!result.success) {
    const blamed = problemsOf(result.error).find((p) => given.has(p.param as PlanParam));
    if (!blamed) break;
    fallBack(blamed.param as PlanParam, blamed.message);
    result = planSchema.safeParse(values);
  }
  // 3. Parameters that the other choices make meaningless: reported, not silently kept. The schema
  //    ignores them, so dropping them cannot change the outcome of step 2.
  for (const [param, reason] of unusedParams(values)) {
    // A full plan (the README's JSON) carries unused parameters at their defaults: nothing to report.
    if (given.has(param) && asText(values[param]) !== asText(defaults[param])) fallBack(param, `${param} is not used: ${reason}`);
  }
  return { plan: result.success ? result.data : null, values, problems };
}

function describeDefault(value: PlanValues[PlanParam]): string {
  const text = asText(value);
  return text === "" ? ": empty" : ` ${text}`;
}

/**
 * A decoded input made into a plan, or every problem with it: first what was wrong in the input, then
 * what is still missing or inconsistent (one problem per parameter). The CLI and the API answer with this.
 */
export function completePlan(decoded: DecodedPlan): PlanResult {
  const validation = validatePlan(decoded.values);
  const problems = [...decoded.problems];
  if (!validation.ok) problems.push(...validation.problems.filter((p) => !problems.some((q) => q.param === p.param)));
  if (problems.length > 0 || !validation.ok) return { ok: false, problems };
  return validation;
}
