import {
  defaultValues,
  ENGINES,
  PLAN_PARAMS,
  type Engine,
  type PlanParam,
  type PlanValues,
  type Problem,
} from "@/lib/config";
import { strategyForOwner } from "./password-owner";
import { scheduleFromBuilder } from "./schedule-form";
import { REVIEW_STEP, stepOfParam, WIZARD_STEPS } from "./steps";

/**
 * The wizard's form without JavaScript: the browser submits it with GET to the page itself, so the page's
 * query holds, besides the plan's parameters, what only the form knows: which button was pressed (`to`) on
 * which step (`from`), whether the secret is new or existing (`secret-mode`), whose password rotates
 * (`owner`), an unticked checkbox (absent), the schedule builder's controls. This adapter turns such a query into the plan's own query, which the share link,
 * the codec and /api/bundle understand. A query without `to` is not a form's: it passes through, so that
 * a shared link keeps telling its own problems.
 */

/** The name of the navigation buttons: `to=<step id>` says which step the user asked for. */
export const STEP_FIELD = "to";
/** The secret's radio: "new", or "existing" with the ARN typed in the `secret` field. */
export const SECRET_MODE_FIELD = "secret-mode";
/** The step the form was on when it was submitted: it says which of two answers to one question the user just gave. */
export const FROM_FIELD = "from";
/** "Whose password rotates?": master or app, which picks the strategy (lib/ui/password-owner.ts). */
const OWNER_FIELD = "owner";
/** The schedule builder's own controls (the plan's days and schedule are its other two). */
const SCHEDULE_BUILDER_FIELDS = ["schedulemode", "weekday", "hour"] as const;
const FORM_ONLY_FIELDS: readonly string[] = [STEP_FIELD, FROM_FIELD, SECRET_MODE_FIELD, OWNER_FIELD, ...SCHEDULE_BUILDER_FIELDS];
/** The step that asks whose password rotates: the one that asks for the secret. */
const OWNER_STEP = WIZARD_STEPS[stepOfParam("secret")]!.id;

const STEP_IDS: readonly string[] = WIZARD_STEPS.map((step) => step.id);

export interface FormQuery {
  /**
   * The plan's query string (no `?`): plan parameters only; from a form, only those that differ from their
   * defaults, as typed. For a valid plan, `encodePlanQuery` gives the share link's form of the same plan.
   */
  query: string;
  /** The index of the step the form asked for, or null when the address is not a form's submission. */
  step: number | null;
  /**
   * What the form-only fields got wrong. A problem named after a plan parameter belongs under that field
   * (an existing secret without its ARN); any other name is about the address itself.
   */
  problems: Problem[];
}

function isParam(key: string): key is PlanParam {
  return (PLAN_PARAMS as readonly string[]).includes(key);
}

/** As the share link writes a value: percent-encoded, with commas between ids kept readable. */
function encodePair(param: string, text: string): string {
  return `${param}=${encodeURIComponent(text).replace(/%2C/g, ",")}`;
}

/** Reads the page's query, a form's submission or a shared link. Never throws: what is wrong becomes a problem. */
export function readFormQuery(input: string | URLSearchParams): FormQuery {
  const params = new URLSearchParams(typeof input === "string" && input.startsWith("?") ? input.slice(1) : input);
  const to = params.get(STEP_FIELD);
  if (to === null) return { query: withoutFormFields(params), step: null, problems: [] };

  const problems: Problem[] = [];
  let step = STEP_IDS.indexOf(to);
  if (step < 0) {
    problems.push({ param: STEP_FIELD, message: `${STEP_FIELD} must name a step (${STEP_IDS.join(", ")}), not "${to}"; showing the first step` });
    step = 0;
  }

  // The plan's parameters as the form sent them: text as typed, the first value of each.
  const given = new Map<PlanParam, string>();
  for (const [key, value] of params) {
    if (isParam(key)) {
      if (!given.has(key)) given.set(key, value);
    } else if (!FORM_ONLY_FIELDS.includes(key) && !problems.some((problem) => problem.param === key)) {
      const label = key === "" ? "(empty name)" : key;
      problems.push({ param: label, message: `${label} is not a plan parameter; known: ${PLAN_PARAMS.join(", ")}` });
    }
  }

  const secretMode = params.get(SECRET_MODE_FIELD);
  if (secretMode === "new") {
    given.set("secret", "new");
  } else if (secretMode === "existing") {
    const arn = given.get("secret") ?? "";
    // The ARN field appears once "existing" is chosen; without JavaScript that takes one submission.
    if (arn.trim() === "" || arn.trim() === "new") {
      given.set("secret", "");
      problems.push({ param: "secret", message: "Type the ARN of the existing secret to rotate, like arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-db-AbCdEf" });
    }
  } else if (secretMode !== null) {
    problems.push({ param: "secret", message: `${SECRET_MODE_FIELD} must be "new" or "existing", not "${secretMode}"` });
  }

  // Every step is in the form, so both the owner question (Database) and the strategy (Strategy) arrive each
  // time; the answer counts when it was given on its own step, and then picks the strategy as it does in the page.
  const owner = params.get(OWNER_FIELD);
  if ((owner === "master" || owner === "app") && params.get(FROM_FIELD) === OWNER_STEP) {
    const context = { engine: given.get("engine") ?? "postgres", platform: given.get("platform") ?? "rds", strategy: given.get("strategy") ?? "single" };
    given.set("strategy", strategyForOwner(owner, context));
  }

  // The schedule builder: "every N days", "weekly on … at …" or a custom expression, read as the wizard reads it.
  const scheduleMode = params.get("schedulemode");
  if (scheduleMode !== null) {
    const built = scheduleFromBuilder({
      mode: scheduleMode,
      days: given.get("days") ?? "",
      weekdays: params.getAll("weekday"),
      hour: params.get("hour") ?? "",
      custom: given.get("schedule") ?? "",
    });
    if (given.has("days")) given.set("days", built.days);
    given.set("schedule", built.schedule);
  }

  // An unticked checkbox is not sent at all: in a submitted form, its absence means "no".
  const immediately = given.get("immediately") ?? "false";
  given.set("immediately", immediately);
  if (immediately !== "true" && immediately !== "false") {
    problems.push({ param: "immediately", message: `immediately must be true or false, not "${immediately}"` });
  }

  const engine = (ENGINES as readonly string[]).includes(given.get("engine") ?? "") ? (given.get("engine") as Engine) : "postgres";
  // As the share link: engine-aware defaults, but the engine itself defaults to postgres.
  const defaults = { ...defaultValues(engine), engine: defaultValues().engine };
  const pairs: string[] = [];
  for (const param of PLAN_PARAMS) {
    const text = given.get(param);
    // A value the plan does not use (days beside a schedule) stays when it was typed: the way back needs it.
    if (text === undefined || text === String(defaults[param])) continue;
    pairs.push(encodePair(param, text));
  }
  return { query: pairs.join("&"), step, problems };
}

/** A shared link's query, as it came, without the form's own fields (which a plan never holds). */
function withoutFormFields(params: URLSearchParams): string {
  const kept = [...params].filter(([key]) => !FORM_ONLY_FIELDS.includes(key));
  return kept.map(([key, value]) => encodePair(key, value)).join("&");
}

/**
 * The form's values from a plan query, every text kept as typed, even when it is not valid: the form
 * shows it again under its message, and nothing the user typed is lost. (The codec, for shared links,
 * puts a bad value back to its default instead.) What is not given takes its default.
 */
export function formValues(query: string): PlanValues {
  const params = new URLSearchParams(query);
  const engine = params.get("engine");
  const values: PlanValues = defaultValues((ENGINES as readonly string[]).includes(engine ?? "") ? (engine as Engine) : "postgres");
  for (const param of PLAN_PARAMS) {
    const text = params.get(param);
    if (text === null) continue;
    if (param === "immediately") values.immediately = text === "true" ? true : text === "false" ? false : values.immediately;
    else values[param] = text;
  }
  return values;
}

/**
 * Where a request for step `target` lands: moving forward past a step with a problem stops at the first
 * such step, as Next does with JavaScript. Problems without a step (about the address) do not stop it.
 */
export function landingStep(target: number, problems: readonly Problem[]): number {
  const steps = problems.map((problem) => stepOfParam(problem.param)).filter((index) => index >= 0 && index < target);
  return steps.length > 0 ? Math.min(...steps) : Math.min(Math.max(target, 0), REVIEW_STEP);
}
