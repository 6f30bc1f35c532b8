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
import { inParamNames } from "./wording";

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

/** Reads a share URL's query string (with or without the leading `?`). Any other value is a problem, not a throw. */
export function decodePlanQuery(query: string | URLSearchParams): DecodedPlan {
  let params: URLSearchParams;
  try {
    if (typeof query === "string") params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
    else if (query instanceof URLSearchParams) params = query;
    else return rejectedWhole("query", `query must be a query string like engine=mysql&subnets=subnet-0123456789abcdef0, not ${describeType(query)}`);
  } catch (error) {
    return rejectedWhole("query", `query could not be read (${describeError(error)}); it must be a query string like engine=mysql`);
  }
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

const PLAN_OBJECT_EXAMPLE = `{"engine": "mysql", "subnets": ["subnet-0123456789abcdef0"]}`;

/**
 * Reads a plan JSON object (the CLI's --plan file, the API's POST body): any subset of the parameters.
 * It takes any JavaScript value, not only what JSON.parse makes (objects without a prototype, symbols,
 * BigInts, getters that throw, proxies, huge or nested arrays): what cannot be a plan is a problem.
 */
export function decodePlanObject(input: unknown): DecodedPlan {
  let keys: Array<string | symbol>;
  try {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      return rejectedWhole("plan", `plan must be a JSON object of parameters, like ${PLAN_OBJECT_EXAMPLE}, not ${describeType(input)}`);
    }
    keys = Reflect.ownKeys(input);
  } catch (error) {
    return rejectedWhole("plan", `plan could not be read (${describeError(error)}); it must be a JSON object of parameters, like ${PLAN_OBJECT_EXAMPLE}`);
  }
  const given = new Map<PlanParam, unknown>();
  const problems: Problem[] = [];
  for (const key of keys) {
    const label = typeof key === "symbol" ? String(key) : key === "" ? "(empty name)" : key;
    let value: unknown;
    let unreadable: Unreadable | undefined;
    try {
      const descriptor = Reflect.getOwnPropertyDescriptor(input, key);
      if (!descriptor?.enumerable) continue; // as Object.entries: own enumerable properties only
      value = descriptor.get ? Reflect.get(input, key) : descriptor.value;
    } catch (error) {
      unreadable = new Unreadable(`${label} could not be read (${describeError(error)}); a parameter's value must be text, a number, true or false`);
    }
    if (typeof key === "symbol" || !isParam(key)) {
      problems.push({ param: label, message: `${label} is not a plan parameter; known: ${PLAN_PARAMS.join(", ")}` });
    } else {
      // Not `value instanceof …`: that reads the prototype of the value, which a proxy can refuse.
      given.set(key, unreadable ?? planObjectValue(key, value));
    }
  }
  return decodeValues(given, problems);
}

/** A parameter whose value was not usable before any schema check; decodeValues reports it and falls back. */
class Unreadable {
  constructor(readonly message: string) {}
}

/** The parameters that a plan object may give as a list of ids, with an id for messages. */
const ID_LISTS: Partial<Record<PlanParam, string>> = { subnets: "subnet-0123456789abcdef0", sgs: "sg-0123456789abcdef0" };
/** Far more items than the schema takes (it counts ids itself): a longer list is not even joined. */
const MAX_LIST_ITEMS = 1000;

/**
 * A parameter's value as the field schemas may see it. The id lists may be JSON arrays of ids: they become
 * the comma-separated text the form holds. No parameter takes any other object, and zod reads properties
 * (`length`) of some values it rejects, which a hostile object's getters can turn into a throw: objects
 * reach the schemas as an inert stand-in of the same kind, which they reject with the same message.
 */
function planObjectValue(param: PlanParam, value: unknown): unknown {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return value;
  const example = ID_LISTS[param];
  const allowed = example && `${param} must be a list of ids as text, like ["${example}"]`;
  try {
    if (!Array.isArray(value)) return {};
    if (!allowed) return [];
    if (value.length > MAX_LIST_ITEMS) return new Unreadable(`${allowed}; this list has ${value.length} items, far more than a plan takes`);
    const ids: string[] = [];
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (typeof item !== "string") return new Unreadable(`${allowed}; item ${index + 1} is ${describeType(item)}`);
      ids.push(item);
    }
    return ids.join(",");
  } catch (error) {
    return new Unreadable(`${allowed ?? `${param} must be text, a number, true or false`}; it could not be read (${describeError(error)})`);
  }
}

/** What a value is, for messages, without converting it (which may throw). */
function describeType(value: unknown): string {
  try {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
  } catch {
    return "an unreadable object";
  }
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "string":
      return "text";
    case "number":
      return "a number";
    case "bigint":
      return "a BigInt";
    case "boolean":
      return "true or false";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    default:
      return "an object";
  }
}

/** An exception's message, without trusting it: anything can be thrown, including objects that throw on reading. */
function describeError(error: unknown): string {
  try {
    const message = typeof error === "string" ? error : error instanceof Error ? `${error.name}: ${error.message}` : `a thrown ${error === null ? "null" : typeof error}`;
    return message.length > 200 ? `${message.slice(0, 200)}…` : message;
  } catch {
    return "an unreadable exception";
  }
}

/** No parameter could be read: every value at its default, one problem for the whole input. */
function rejectedWhole(param: string, message: string): DecodedPlan {
  return decodeValues(new Map(), [{ param, message }]);
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
    // raw is text, a primitive, an inert stand-in or an Unreadable (planObjectValue): instanceof is safe.
    if (raw instanceof Unreadable) {
      fallBack(param, raw.message);
      continue;
    }
    const check = planFields.shape[param].safeParse(raw);
    if (check.success) {
      // Keep the text as given (numbers from JSON become text), so the form shows what was typed. Only
      // text, numbers and booleans pass the field schemas, so String() cannot throw here.
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
    if (given.has(param) && asText(values[param]) !== asText(defaults[param])) fallBack(param, `${param} is not used: ${inParamNames(reason)}`);
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
