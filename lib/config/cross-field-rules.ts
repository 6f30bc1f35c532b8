import { BUNDLED_ENGINES, ENGINE_FACTS, engineRunsOn, managedRotationAvailable } from "./engines";
import { checkScheduleExpression, checkWindowFits } from "./schedule";
import type { Plan, PlanParam } from "./schema";
import { planShape } from "./shape";
import { either, literal, option, options, param, setting } from "./wording";

/**
 * The rules between a plan's parameters (platform for the engine, a master secret for alternating users,
 * ARNs in one partition, region and account, a rotation window that fits the schedule…), run by
 * planSchema once each field has passed on its own. Kept apart from schema.ts, which checks each field by
 * itself: these rules read the engine facts and the schedule, and grow as the product learns AWS's limits.
 * Messages name parameters and choices through wording.ts, so that the form can say them with its labels.
 */

type Issue = { param: PlanParam; message: string };

/** Rules between parameters. Each issue is reported on the parameter the user should change. */
export function crossFieldRules(plan: Plan): Issue[] {
  const issues: Issue[] = [];
  const engine = ENGINE_FACTS[plan.engine];
  const shape = planShape(plan);

  if (!engineRunsOn(plan.engine, plan.platform)) {
    const allowed = options("platform", engine.platforms ?? ["rds"]);
    issues.push({ param: "platform", message: `${setting("platform", plan.platform, " ")} is not available for ${engine.label}; choose ${allowed}` });
  }
  if (!shape.usesFunction && !managedRotationAvailable(plan.engine, plan.platform)) {
    issues.push({
      param: "strategy",
      message: `${setting("strategy", "managed", " ")} is not offered by AWS for ${engine.label} on ${option("platform", plan.platform)}; choose ${options("strategy", ["single", "alternating"], " or ")}`,
    });
  }
  if (shape.alternatingUsers && plan.master === "") {
    issues.push({ param: "master", message: `${param("master")} is required with ${setting("strategy", "alternating")}: the ARN of the admin secret that creates the _clone user` });
  }
  if (plan.master !== "" && plan.master === plan.secret) {
    issues.push({ param: "master", message: `${param("master")} must be a different secret from the one being rotated` });
  }
  if (shape.bundledFunction && shape.bundledEngine === null) {
    issues.push({
      param: "lambda",
      message: `${setting("lambda", "bundled")} supports ${options("engine", BUNDLED_ENGINES, ", ", "and")}; choose ${setting("lambda", "sar")}${either(" (AWS's template)", "")} for ${engine.label}`,
    });
  }
  if (shape.usesFunction && plan.subnets.length === 0) {
    issues.push({ param: "subnets", message: `${param("subnets")} needs at least one subnet id (two or more, in different AZs, are advised)` });
  }
  // vpc is optional: the bundle finds the VPC from the subnets and, when vpc is given, checks that it matches.
  issues.push(...arnPlacementIssues(plan));
  if (plan.window !== "") {
    const schedule = plan.schedule === "" ? `rate(${plan.days} ${plan.days === 1 ? "day" : "days"})` : plan.schedule;
    const check = checkScheduleExpression(schedule);
    const problem = check.ok ? checkWindowFits(Number.parseInt(plan.window, 10), check.shape) : null;
    if (problem) issues.push({ param: "window", message: `${param("window")}: ${literal(problem)}` });
  }
  if (shape.bundledFunction && plan.length > engine.maxPasswordLength) {
    issues.push({ param: "length", message: `${param("length")} must be at most ${engine.maxPasswordLength} for ${engine.label}` });
  }
  if (shape.usesFunction) {
    const missing = missingCharacterClasses(plan.exclude);
    if (missing.length > 0) {
      issues.push({ param: "exclude", message: `${param("exclude")} must leave at least one character of each kind; it removes every ${missing.join(" and every ")}` });
    }
  }
  return issues;
}

/** Plan parameters that hold ARNs, in the order the form asks for them. */
const ARN_PARAMS = ["secret", "master", "masterkms", "kms", "boundary"] as const;

/**
 * Every ARN of a plan names the partition, region and account the bundle is applied in, so they must agree.
 * An IAM policy ARN has no region, and an AWS managed policy (`arn:aws:iam::aws:policy/…`) no account.
 * Each disagreement is reported on the later parameter and names the earlier one.
 */
function arnPlacementIssues(plan: Plan): Issue[] {
  const arns = ARN_PARAMS.flatMap((param) => {
    const value = plan[param];
    if (!value.startsWith("arn:")) return [];
    const [, partition = "", , region = "", account = ""] = value.split(":");
    return [{ param, partition, region, account: account === "aws" ? "" : account }];
  });
  const issues: Issue[] = [];
  for (const [i, arn] of arns.entries()) {
    for (const field of ["partition", "region", "account"] as const) {
      const earlier = arns.slice(0, i).find((other) => other[field] !== "" && arn[field] !== "" && other[field] !== arn[field]);
      if (!earlier) continue;
      issues.push({
        param: arn.param,
        message: `${param(arn.param)} is in ${field} ${literal(arn[field])}, but ${param(earlier.param)} is in ${field} ${literal(earlier[field])}: every ARN of a plan must be in the ${field} the bundle is applied in`,
      });
      break;
    }
  }
  return issues;
}

const CHARACTER_CLASSES: Array<[string, RegExp]> = [
  ["lowercase letter", /[a-z]/g],
  ["uppercase letter", /[A-Z]/g],
  ["digit", /[0-9]/g],
  ["punctuation character", /[!-/:-@[-`{-~]/g],
];
const CLASS_SIZES = [26, 26, 10, 32];

function missingCharacterClasses(exclude: string): string[] {
  const distinct = [...new Set(exclude)].join("");
  return CHARACTER_CLASSES.filter(([, pattern], i) => (distinct.match(pattern)?.length ?? 0) >= CLASS_SIZES[i]!).map(([name]) => name);
}
