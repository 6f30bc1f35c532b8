import type { Plan } from "@/lib/config";
import { ENGINE_FACTS } from "@/lib/config/engines";
import { choiceLabel } from "./fields";

export interface SummaryLine {
  term: string;
  detail: string;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The plan in plain words, for the review step. Lines a choice makes meaningless are left out. */
export function planSummary(plan: Plan): SummaryLine[] {
  const engine = ENGINE_FACTS[plan.engine];
  const usesLambda = plan.strategy !== "managed";
  const lines: SummaryLine[] = [
    { term: "Name prefix", detail: plan.name },
    { term: "Database", detail: engine.platforms === null ? engine.label : `${engine.label} on ${choiceLabel("platform", plan.platform)}` },
    { term: "Secret", detail: plan.secret === "new" ? "A new secret, created by Terraform" : plan.secret },
  ];

  const strategy = choiceLabel("strategy", plan.strategy);
  lines.push({ term: "Strategy", detail: plan.strategy === "alternating" ? `${strategy}, admin secret ${plan.master}` : strategy });

  if (usesLambda) {
    lines.push({
      term: "Function",
      detail: plan.lambda === "bundled" ? `Bundled, ${plan.runtime} on ${plan.arch}` : "AWS's published template",
    });
    lines.push({ term: "Subnets", detail: `${plural(plan.subnets.length, "subnet")}: ${plan.subnets.join(", ")}` });
    lines.push({
      term: "Security groups",
      detail: plan.sgs.length > 0 ? plan.sgs.join(", ") : `A new security group in ${plan.vpc === "" ? "the subnets' VPC" : plan.vpc}`,
    });
    if (plan.dbsg !== "") lines.push({ term: "Database security group", detail: `${plan.dbsg}, opened to the function` });
    lines.push({ term: "Secrets Manager API", detail: choiceLabel("endpoint", plan.endpoint) });
  }

  const schedule = plan.schedule !== "" ? plan.schedule : `Every ${plural(plan.days, "day")}`;
  const window = plan.window !== "" ? `, within ${plan.window}` : "";
  lines.push({ term: "Schedule", detail: `${schedule}${window}${plan.immediately ? "; first rotation when applied" : ""}` });

  if (usesLambda) {
    const length = plan.lambda === "bundled" ? `${plan.length} characters` : "The template's length";
    lines.push({ term: "Passwords", detail: plan.exclude === "" ? length : `${length}, never ${plan.exclude}` });
    if (plan.lambda === "bundled") lines.push({ term: "TLS", detail: choiceLabel("tls", plan.tls) });
  }
  lines.push({ term: "Encryption", detail: plan.kms !== "" ? plan.kms : "The AWS managed key" });
  lines.push({ term: "Failure alerts", detail: plan.alarm !== "" ? plan.alarm : "None" });
  return lines;
}
