import type { Plan } from "@/lib/config";
import { ENGINE_FACTS } from "@/lib/config/engines";
import { planShape, type PlanShape } from "@/lib/config/shape";
import { plural } from "@/lib/words";
import { choiceLabel } from "./fields";

export interface SummaryLine {
  term: string;
  detail: string;
}

/** The plan in plain words, for the review step. Lines a choice makes meaningless are left out. */
export function planSummary(plan: Plan): SummaryLine[] {
  const engine = ENGINE_FACTS[plan.engine];
  const shape = planShape(plan);
  const lines: SummaryLine[] = [
    { term: "Name prefix", detail: plan.name },
    { term: "Database", detail: engine.platforms === null ? engine.label : `${engine.label} on ${choiceLabel("platform", plan.platform)}` },
    { term: "Secret", detail: secretDetail(plan, shape) },
  ];

  const strategy = choiceLabel("strategy", plan.strategy);
  lines.push({ term: "Strategy", detail: shape.alternatingUsers ? `${strategy}, admin secret ${plan.master}` : strategy });

  if (shape.usesFunction) {
    lines.push({
      term: "Function",
      detail: shape.bundledFunction ? `Bundled, ${plan.runtime} on ${plan.arch}` : "AWS's published template",
    });
    lines.push({ term: "Subnets", detail: `${plural(plan.subnets.length, "subnet")}: ${plan.subnets.join(", ")}` });
    lines.push({
      term: "Security groups",
      detail: shape.createsFunctionSecurityGroup ? `A new security group in ${plan.vpc === "" ? "the subnets' VPC" : plan.vpc}` : plan.sgs.join(", "),
    });
    const functionGroups = shape.createsFunctionSecurityGroup ? "the function's new security group (output rotation_security_group_id)" : plan.sgs.join(", ");
    lines.push({
      term: "Database security group",
      detail: shape.opensDatabase
        ? `${plan.dbsg}, opened to the function`
        : `Not given: open port ${engine.defaultPort} on the database's security group to ${functionGroups} yourself, or rotation times out in setSecret`,
    });
    lines.push({ term: "Secrets Manager API", detail: choiceLabel("endpoint", plan.endpoint) });
  }

  const schedule = plan.schedule !== "" ? plan.schedule : `Every ${plural(plan.days, "day")}`;
  const window = plan.window !== "" ? `, within ${plan.window}` : "";
  lines.push({ term: "Schedule", detail: `${schedule}${window}${plan.immediately ? "; first rotation when applied" : ""}` });

  if (shape.usesFunction) {
    const length = shape.bundledFunction ? `${plan.length} characters` : "The template's length";
    lines.push({ term: "Passwords", detail: plan.exclude === "" ? length : `${length}, never ${plan.exclude}` });
    if (shape.bundledFunction) lines.push({ term: "TLS", detail: choiceLabel("tls", plan.tls) });
  }
  lines.push({ term: "Encryption", detail: shape.encryptsWithOwnKey ? plan.kms : "The AWS managed key" });
  lines.push({ term: "Failure alerts", detail: shape.sendsAlerts ? plan.alarm : "None" });
  return lines;
}

function secretDetail(plan: Plan, shape: PlanShape): string {
  if (shape.createsSecret) return "A new secret, created by Terraform";
  if (shape.usesFunction) return plan.secret;
  const which = plan.secret === "new" ? "Terraform asks for its ARN" : plan.secret;
  return `The master user's secret, created by AWS when managed rotation is turned on: ${which}`;
}
