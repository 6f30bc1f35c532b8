import { checkScheduleExpression, checkWindowFits } from "@/lib/config/schedule";
import { nestedBlocks } from "../../terraform/project";
import { quoted, renderBlock } from "../../terraform/text";
import { numberValue, stringValue } from "../../terraform/values";
import { finding, hcl, type Finding } from "../../types";
import type { Context, RotationInfo } from "../context";
import { at } from "./shared";

/**
 * schedule-invalid: rotation_rules that Secrets Manager rejects, checked with the plan's own schedule
 * rules (lib/config/schedule).
 */

export function scheduleOf(_ctx: Context, rotation: RotationInfo): Finding[] {
  const block = rotation.block;
  if (block.opaque) return [];
  if (block.body.blocks.some((b) => b.type === "dynamic")) return [];
  const rules = nestedBlocks(block.body, "rotation_rules")[0];
  const fail = (line: number, title: string, why: string, fix: string) => [finding("schedule-invalid", "error", at(block, line), title, why, fix)];
  const example = hcl(renderBlock("rotation_rules", [["automatically_after_days", "30"]]));
  if (!rules) {
    if (rotation.legacy) return [];
    return fail(block.line, `${block.address} has no rotation_rules`, "A rotation needs a schedule: rotation_rules with automatically_after_days or schedule_expression. Without it Terraform refuses the resource and rotation is never turned on.", `Add a schedule:\n\n${example}`);
  }
  const get = (name: string) => rules.body.attributes.find((a) => a.name === name);
  const days = get("automatically_after_days");
  const expression = get("schedule_expression");
  const duration = get("duration");
  if (days && expression) {
    return fail(rules.line, `${block.address} sets both automatically_after_days and schedule_expression`, "Secrets Manager takes one schedule: a number of days or an expression. RotateSecret rejects rules with both, so the apply fails.", `Keep one of them, for example:\n\n${example}`);
  }
  if (!days && !expression) {
    return fail(rules.line, `${block.address} has rotation_rules without a schedule`, "rotation_rules needs automatically_after_days or schedule_expression; with neither, Secrets Manager has no schedule and rejects the rules.", `Give it one:\n\n${example}`);
  }
  let shape = null;
  if (days) {
    const value = numberValue(block.module, days.expr);
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > 1000)) {
      return fail(days.line, `${block.address} rotates every ${value} days; AWS allows 1 to 1000`, "Secrets Manager accepts automatically_after_days from 1 to 1000 only, so the apply fails.", `Use a whole number of days from 1 to 1000:\n\n${example}`);
    }
    if (value !== null) shape = checkScheduleExpression(`rate(${value} ${value === 1 ? "day" : "days"})`);
  }
  if (expression) {
    const text = stringValue(block.module, expression.expr);
    if (text !== null) {
      const check = checkScheduleExpression(text.trim());
      if (!check.ok) {
        return fail(expression.line, `${block.address} has a schedule AWS rejects: ${text}`, `The schedule expression ${check.message}. RotateSecret rejects it, so rotation is never turned on.`, `Use rate(N days), rate(N hours) (4 to 23) or cron(0 H DOM MON DOW *), for example:\n\n${hcl(renderBlock("rotation_rules", [["schedule_expression", quoted("cron(0 4 ? * SUN *)")]]))}`);
      }
      shape = check;
    }
  }
  if (duration) {
    const text = stringValue(block.module, duration.expr);
    if (text !== null) {
      const match = /^([1-9]|1\d|2[0-4])h$/.exec(text.trim());
      if (!match) {
        return fail(duration.line, `${block.address} has a rotation window AWS rejects: ${text}`, "duration is a number of hours from 1h to 24h, like 3h. RotateSecret rejects any other value.", `For example:\n\n${hcl(`duration = "3h"`)}`);
      }
      if (shape?.ok) {
        const problem = checkWindowFits(Number(match[1]), shape.shape);
        if (problem) return fail(duration.line, `${block.address}: ${problem}`, `Secrets Manager requires the rotation window to end before the next one opens and before the end of the UTC day; ${problem}.`, "Shorten the window or space the rotations further apart.");
      }
    }
  }
  return [];
}
