import { PLAN_PARAMS, readField, unusedParams, validatePlan, type Plan, type PlanParam, type PlanResult, type PlanValues } from "./schema";

/**
 * Example values for the parameters a new user cannot know at once (ids and ARNs from their AWS account), so
 * that the wizard can show a whole bundle before anything is typed. They share one region and account, as
 * the schema requires of a plan's ARNs. The generators put them in terraform.tfvars only, marked as examples
 * (BundleInput.examples); the share link and the download never carry them unless the user says so.
 */
export const EXAMPLE_VALUES = {
  subnets: "subnet-0123456789abcdef0, subnet-0fedcba9876543210",
  master: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:example/admin-AbCdEf",
  secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:example/app-AbCdEf",
} as const satisfies Partial<Record<PlanParam, string>>;

export type ExampleParam = keyof typeof EXAMPLE_VALUES;

/** A plan made complete by examples, and which parameters hold one. */
export interface ExploredPlan {
  plan: Plan;
  examples: ExampleParam[];
}

/**
 * The plan the values would make if every empty field that blocks it held its example; null when something
 * else is wrong (a typed value that is invalid, a rule between fields): examples never overwrite what the
 * user typed. `check` is the values' own check, when the caller has made it already (the wizard's settled
 * plan has; the file on screen asks on every keystroke, without it).
 */
export function exploreWithExamples(values: PlanValues, check?: PlanResult): ExploredPlan | null {
  // Without a check: a value its own field rejects makes no plan, with or without examples. Most keystrokes
  // that make a value invalid are found so, without checking the whole plan and wording its problems.
  if (!check && rejectsAValue(values)) return null;
  check ??= validatePlan(values);
  if (check.ok) return { plan: check.plan, examples: [] };
  const examples: ExampleParam[] = [];
  for (const { param } of check.problems) {
    if (!(param in EXAMPLE_VALUES) || !isBlank(values, param as PlanParam)) return null;
    examples.push(param as ExampleParam);
  }
  const filled = { ...values, ...Object.fromEntries(examples.map((param) => [param, EXAMPLE_VALUES[param]])) };
  const explored = validatePlan(filled);
  return explored.ok ? { plan: explored.plan, examples } : null;
}

/**
 * Whether a parameter the plan uses holds text that its own field rejects. The plan's check would then find
 * a problem with that parameter, which no example can settle (examples fill empty fields only); unused
 * parameters are reset before the check (`planSchema`), so they are passed by here too.
 */
function rejectsAValue(values: PlanValues): boolean {
  const unused = unusedParams(values);
  return PLAN_PARAMS.some((param) => !unused.has(param) && !isBlank(values, param) && !readField(param, values[param]).success);
}

/** Empty as a field is empty to the user (spaces only): the one kind of value an example may stand in for. */
function isBlank(values: PlanValues, param: PlanParam): boolean {
  return String(values[param]).trim() === "";
}
