import { checkScheduleExpression } from "@/lib/config/schedule";
import type { DescribeInfo, VersionsInfo } from "../live-input";
import { attributeOf, nestedBlocks } from "../terraform/project";
import { stringValue, numberValue } from "../terraform/values";
import { finding, INPUT_NAMES, type Finding } from "../types";
import type { Context, SecretTarget } from "./context";

/**
 * Rules on the secret as AWS reports it: describe-secret (rotation on, schedule, last rotation, function)
 * and the version labels from list-secret-version-ids (or describe-secret's VersionIdsToStages).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function liveFindings(ctx: Context, describe: DescribeInfo | null, versions: VersionsInfo | null): Finding[] {
  const findings: Finding[] = [];
  const secretName = describe?.name ?? describe?.arn ?? versions?.name ?? versions?.arn ?? "the secret";
  const arn = describe?.arn ?? versions?.arn ?? "<the secret's ARN>";
  const describeWhere = { file: INPUT_NAMES.describe, line: null };
  const target = ctx.secrets.find((t) => t.describe !== null) ?? null;

  if (describe) {
    if (describe.rotationEnabled !== true) {
      findings.push(
        finding(
          "rotation-disabled",
          "error",
          describeWhere,
          `Rotation is turned off for ${secretName}`,
          `describe-secret shows ${describe.rotationEnabled === false ? "RotationEnabled false" : "no RotationEnabled"}: Secrets Manager never starts a rotation for this secret.${
            target && target.rotations.length > 0
              ? ` The Terraform has ${target.rotations[0]!.block.address}, so it has not been applied yet, or rotation was cancelled since (CancelRotateSecret).`
              : ""
          }`,
          `Turn rotation on: apply the Terraform's aws_secretsmanager_secret_rotation (with its function, permission and schedule), or once, by hand:\n\n\`\`\`sh\naws secretsmanager rotate-secret --secret-id ${arn} --rotation-lambda-arn <the function's ARN> --rotation-rules AutomaticallyAfterDays=30\n\`\`\``,
        ),
      );
    } else {
      findings.push(...overdue(ctx, describe, target, secretName, arn));
    }
    findings.push(...mismatch(describe, target, secretName));
  }

  const labelled = versions?.versions ?? describe?.versions ?? null;
  if (labelled) {
    const where = { file: versions ? INPUT_NAMES.versions : INPUT_NAMES.describe, line: null };
    const pending = labelled.find((v) => v.stages.includes("AWSPENDING"));
    const current = labelled.find((v) => v.stages.includes("AWSCURRENT"));
    if (pending && current && pending.id !== current.id) {
      findings.push(
        finding(
          "pending-stuck",
          "error",
          where,
          `A rotation of ${secretName} is stuck: AWSPENDING is on version ${pending.id}, AWSCURRENT on ${current.id}`,
          "After a rotation AWSPENDING is either gone or on the same version as AWSCURRENT. On another version, Secrets Manager takes it for a rotation still in progress: it refuses to start a new one (\"A previous rotation isn't complete\") and retries the stuck one, which keeps failing for the same reason.",
          `Find why that rotation failed (the function's log), fix it, then either let the retry finish it or clear the label and rotate again:\n\n\`\`\`sh\naws secretsmanager update-secret-version-stage --secret-id ${arn} --version-stage AWSPENDING --remove-from-version-id ${pending.id}\naws secretsmanager rotate-secret --secret-id ${arn}\n\`\`\``,
        ),
      );
    }
  }
  return findings;
}

/** Hours between rotations a schedule allows at most (cron: the longest gap its fields permit). */
export function scheduleInterval(days: number | null, expression: string | null): number | null {
  if (expression !== null) {
    const check = checkScheduleExpression(expression.trim());
    if (!check.ok) return null;
    const rate = /^rate\((\d+) (hour|day)s?\)$/.exec(expression.trim());
    if (rate) return Number(rate[1]) * (rate[2] === "hour" ? 1 : 24);
    const fields = expression.trim().slice(5, -1).trim().split(/\s+/);
    const [, , dayOfMonth = "*", month = "*", dayOfWeek = "*"] = fields;
    if (month !== "*") return 366 * 24;
    if (dayOfMonth !== "?" && dayOfMonth !== "*") return 31 * 24;
    if (dayOfWeek !== "?" && dayOfWeek !== "*") return /#|L/.test(dayOfWeek) ? 35 * 24 : 7 * 24;
    return check.shape.hoursBetween;
  }
  return days !== null ? days * 24 : null;
}

function windowHours(duration: string | null): number {
  const match = duration ? /^(\d+)h$/.exec(duration.trim()) : null;
  return match ? Number(match[1]) : 24;
}

function terraformRules(target: SecretTarget | null): { days: number | null; expression: string | null; duration: string | null } | null {
  const rotation = target?.rotations[0]?.block;
  if (!rotation) return null;
  const rules = nestedBlocks(rotation.body, "rotation_rules")[0];
  if (!rules) return null;
  const get = (name: string) => rules.body.attributes.find((a) => a.name === name)?.expr;
  return { days: numberValue(rotation.module, get("automatically_after_days")), expression: stringValue(rotation.module, get("schedule_expression")), duration: stringValue(rotation.module, get("duration")) };
}

function overdue(ctx: Context, describe: DescribeInfo, target: SecretTarget | null, secretName: string, arn: string): Finding[] {
  const rules = describe.rules ?? terraformRules(target);
  const window = windowHours(rules?.duration ?? null);
  const now = ctx.now.getTime();
  const where = { file: INPUT_NAMES.describe, line: null };
  const last = describe.lastRotated ?? describe.created;
  const lastText = describe.lastRotated ? `was last rotated on ${day(describe.lastRotated)}` : describe.created ? `has never been rotated since it was created on ${day(describe.created)}` : "";
  const why = (due: Date) =>
    `Secrets Manager should have rotated it by ${day(due)} (the schedule plus its rotation window). Rotations are either not starting or failing, and the password is older than your policy allows. The function's CloudWatch log says why: give its lines to this diagnosis.`;
  const functionName = describe.rotationLambdaArn ? (/:function:([^:]+)/.exec(describe.rotationLambdaArn)?.[1] ?? "<the function's name>") : "<the function's name>";
  const fix = `Rotate once by hand and read the function's log for the cause:\n\n\`\`\`sh\naws secretsmanager rotate-secret --secret-id ${arn}\naws logs tail /aws/lambda/${functionName} --since 1h\n\`\`\``;
  if (describe.nextRotation) {
    const due = new Date(describe.nextRotation.getTime() + window * HOUR);
    if (now > due.getTime() + DAY) {
      return [finding("rotation-overdue", "error", where, `${secretName} is overdue for rotation: it was due on ${day(describe.nextRotation)}${lastText ? ` and ${lastText}` : ""}`, why(due), fix)];
    }
    return [];
  }
  const interval = rules ? scheduleInterval(rules.days, rules.expression) : null;
  if (interval === null || last === null) return [];
  const due = new Date(last.getTime() + interval * HOUR + window * HOUR);
  if (now <= due.getTime() + DAY) return [];
  const age = Math.floor((now - last.getTime()) / DAY);
  return [
    finding(
      "rotation-overdue",
      "error",
      where,
      `${secretName} ${lastText || "has not rotated"} (${age} days ago), but its schedule rotates ${describeInterval(interval)}`,
      why(due),
      fix,
    ),
  ];
}

function describeInterval(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? "every day" : `every ${hours / 24} days at most`;
  return `every ${hours} hours`;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function functionName(arn: string): string {
  const match = /:function:([^:]+)/.exec(arn);
  return match ? match[1]! : arn;
}

function mismatch(describe: DescribeInfo, target: SecretTarget | null, secretName: string): Finding[] {
  if (!describe.rotationLambdaArn || !target) return [];
  const fn = target.rotations[0]?.fn;
  if (!fn) return [];
  let expected: string | null = null;
  let label = "";
  if (fn.kind === "lambda") {
    expected = stringValue(fn.block.module, attributeOf(fn.block, "function_name")?.expr);
    label = fn.block.address;
  } else if (fn.kind === "stack") {
    const parameters = attributeOf(fn.block, "parameters")?.expr;
    const item = parameters?.kind === "object" ? parameters.items.find((i) => i.key.kind === "traversal" && i.key.root === "functionName") : undefined;
    expected = item ? stringValue(fn.block.module, item.value) : null;
    label = fn.block.address;
  } else if (fn.kind === "external" && fn.arn) {
    expected = functionName(fn.arn);
    label = fn.arn;
  }
  if (expected === null) return [];
  const actual = functionName(describe.rotationLambdaArn);
  if (actual === expected) return [];
  return [
    finding(
      "function-mismatch",
      "warning",
      { file: INPUT_NAMES.describe, line: null },
      `${secretName} rotates with ${actual}, but the Terraform configures ${expected} (${label})`,
      "The function Secrets Manager calls is not the one in this Terraform: the Terraform has not been applied, or rotation was changed outside it. Fixing the Terraform changes nothing until it is applied, and an apply will switch functions.",
      `Apply the Terraform (terraform plan shows the change to rotation_lambda_arn), or, if ${actual} is the right function, make the Terraform name it.`,
    ),
  ];
}
