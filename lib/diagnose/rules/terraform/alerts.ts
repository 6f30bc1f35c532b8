import { attributeOf, resourcesOf } from "../../terraform/project";
import { quoted, resourceBlock } from "../../terraform/text";
import { literalStrings, stringValue } from "../../terraform/values";
import { finding, hcl, type Finding } from "../../types";
import type { Context } from "../context";
import { at } from "./shared";

/** no-failure-alert: rotations that nothing watches (no RotationFailed event rule, no Lambda alarm). */

export function failureAlerts(ctx: Context): Finding[] {
  const rotations = ctx.secrets.flatMap((target) => target.rotations);
  if (rotations.length === 0) return [];
  const project = ctx.project;
  const eventRule = resourcesOf(project, "aws_cloudwatch_event_rule").some((rule) => {
    if (rule.opaque) return true;
    const pattern = attributeOf(rule, "event_pattern");
    return pattern !== undefined && literalStrings(rule.module, pattern.expr).some((text) => /RotationFailed|aws\.secretsmanager/.test(text));
  });
  const alarm = resourcesOf(project, "aws_cloudwatch_metric_alarm").some((a) => a.opaque || stringValue(a.module, attributeOf(a, "namespace")?.expr) === "AWS/Lambda");
  if (eventRule || alarm) return [];
  const first = rotations[0]!;
  const snippet = [
    resourceBlock("resource", "aws_cloudwatch_event_rule", "rotation_failed", [
      ["name", quoted("secret-rotation-failed")],
      ["event_pattern", 'jsonencode({\n  source        = ["aws.secretsmanager"]\n  "detail-type" = ["AWS Service Event via CloudTrail"]\n  detail        = { eventName = ["RotationFailed"] }\n})'],
    ]),
    resourceBlock("resource", "aws_cloudwatch_event_target", "rotation_failed", [
      ["rule", "aws_cloudwatch_event_rule.rotation_failed.name"],
      ["arn", "aws_sns_topic.alerts.arn"],
    ]),
  ].join("\n\n");
  return [
    finding(
      "no-failure-alert",
      "info",
      at(first.block),
      "Nothing alerts you when a rotation fails",
      "Secrets Manager records every failed rotation (RotationFailed), and Lambda counts the function's errors, but nothing here watches either: a broken rotation goes unnoticed until an audit finds an old password.",
      `Send RotationFailed events to a topic you read (and alarm on the function's Errors):\n\n${hcl(snippet)}`,
    ),
  ];
}
