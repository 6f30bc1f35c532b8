import { attr, block, call, data, raw, resource, type HclBlock } from "../hcl";
import { TAGS, type TerraformModel } from "../terraform/model";
import type { Feature } from "./feature";

/**
 * alarm: a failed rotation is e-mailed. EventBridge forwards Secrets Manager's RotationFailed events, and a
 * CloudWatch alarm the function's errors, to an SNS topic encrypted with a key of its own.
 */
export const alerts: Feature = {
  name: "failure alerts",
  applies: (shape) => shape.sendsAlerts,
  terraform: { "monitoring.tf": alertBlocks },
  variables: ({ plan }) => [{ name: "alarm_email", type: "string", description: "Where failed-rotation alerts are e-mailed.", value: plan.alarm }],
  outputs: () => [{ name: "alerts_topic_arn", description: "SNS topic that receives failed-rotation alerts.", value: raw("aws_sns_topic.alerts.arn") }],
  readme: { costs: () => ["The alerts key costs 1 USD per month; SNS e-mail and EventBridge rules cost nothing at this volume."] },
  diagram: ({ shape: { plan: { alarm } } }) => ({
    node: { id: "alarm", title: "Failure alerts", details: [`SNS → ${alarm}`] },
    sentence: `Failed rotations are sent to ${alarm} through an SNS topic.`,
  }),
};

/**
 * The alerts topic's ARN, spelt out: the key policy names the topic, and the topic names the key, so the
 * policy cannot refer to the topic resource without a cycle.
 */
function topicArn(name: string) {
  return raw(`"arn:\${data.aws_partition.alerts.partition}:sns:\${data.aws_region.alerts.region}:\${data.aws_caller_identity.alerts.account_id}:${name}"`);
}

function alertBlocks(model: TerraformModel): HclBlock[] {
  const { plan } = model;
  const publishers = ["events.amazonaws.com", "cloudwatch.amazonaws.com"];
  const alertsTopicArn = topicArn(model.names.topic);
  return [
    data(
      "aws_iam_policy_document",
      "alerts_key",
      [
        block("statement", [], [
          attr("sid", "AccountAdministersKey"),
          attr("actions", ["kms:*"]),
          attr("resources", ["*"]),
          block("principals", [], [attr("type", "AWS"), attr("identifiers", [raw('"arn:${data.aws_partition.alerts.partition}:iam::${data.aws_caller_identity.alerts.account_id}:root"')])]),
          block("condition", [], [attr("test", "StringEquals"), attr("variable", "kms:CallerAccount"), attr("values", [raw("data.aws_caller_identity.alerts.account_id")])]),
        ]),
        block("statement", [], [
          attr("sid", "AlarmServicesEncryptMessages"),
          attr("actions", ["kms:Decrypt", "kms:GenerateDataKey*"]),
          attr("resources", ["*"]),
          block("principals", [], [attr("type", "Service"), attr("identifiers", publishers)]),
          block("condition", [], [attr("test", "StringEquals"), attr("variable", "kms:EncryptionContext:aws:sns:topicArn"), attr("values", [alertsTopicArn])]),
        ]),
      ],
      [
        "Key policy of the alerts key. In a key policy \"*\" is this key. The account administers it, as in the default",
        "key policy, and only callers of this account may (kms:CallerAccount); EventBridge and CloudWatch may use it",
        "only for messages of the alerts topic (SNS names the topic in the encryption context). The AWS managed SNS",
        "key cannot admit them.",
      ],
    ),
    data("aws_caller_identity", "alerts", []),
    data("aws_partition", "alerts", []),
    data("aws_region", "alerts", []),
    resource(
      "aws_kms_key",
      "alerts",
      [
        attr("description", `Encrypts ${model.names.topic}`),
        attr("enable_key_rotation", true),
        attr("policy", raw("data.aws_iam_policy_document.alerts_key.json")),
        attr("tags", TAGS),
      ],
      "Encrypts the alerts topic at rest.",
    ),
    resource(
      "aws_sns_topic",
      "alerts",
      [attr("name", model.names.topic), attr("kms_master_key_id", raw("aws_kms_key.alerts.arn")), attr("tags", TAGS)],
      "Where rotation failures are published.",
    ),
    data(
      "aws_iam_policy_document",
      "alerts_topic",
      [
        block("statement", [], [
          attr("sid", "AlarmServicesPublish"),
          attr("actions", ["sns:Publish"]),
          attr("resources", [raw("aws_sns_topic.alerts.arn")]),
          block("principals", [], [attr("type", "Service"), attr("identifiers", publishers)]),
          block("condition", [], [attr("test", "StringEquals"), attr("variable", "aws:SourceAccount"), attr("values", [raw("data.aws_caller_identity.alerts.account_id")])]),
        ]),
      ],
      "EventBridge and CloudWatch alarms of this account may publish to the topic.",
    ),
    resource(
      "aws_sns_topic_policy",
      "alerts",
      [attr("arn", raw("aws_sns_topic.alerts.arn")), attr("policy", raw("data.aws_iam_policy_document.alerts_topic.json"))],
      "Attaches the publishing policy to the topic.",
    ),
    resource(
      "aws_sns_topic_subscription",
      "alerts_email",
      [attr("topic_arn", raw("aws_sns_topic.alerts.arn")), attr("protocol", "email"), attr("endpoint", raw("var.alarm_email"))],
      "E-mails each alert. AWS first sends a confirmation message: alerts arrive once it is confirmed.",
    ),
    resource(
      "aws_cloudwatch_event_rule",
      "rotation_failed",
      [
        attr("name", `${plan.name}-rotation-failed`),
        attr("description", "Secrets Manager reports a failed rotation"),
        attr(
          "event_pattern",
          call("jsonencode", {
            source: ["aws.secretsmanager"],
            "detail-type": ["AWS Service Event via CloudTrail"],
            detail: { eventName: ["RotationFailed"] },
          }),
        ),
        attr("tags", TAGS),
      ],
      [
        model.usesFunction
          ? "Secrets Manager records RotationFailed in CloudTrail whatever the cause, including a function that could"
          : "Secrets Manager records RotationFailed in CloudTrail when a rotation of a secret fails.",
        model.usesFunction
          ? "not be invoked. The event names the secret; the rule matches every secret of the account and region."
          : "The event names the secret; the rule matches every secret of the account and region.",
      ],
    ),
    resource(
      "aws_cloudwatch_event_target",
      "rotation_failed",
      [attr("rule", raw("aws_cloudwatch_event_rule.rotation_failed.name")), attr("arn", raw("aws_sns_topic.alerts.arn"))],
      "Sends RotationFailed events to the alerts topic.",
    ),
    model.usesFunction &&
      resource(
        "aws_cloudwatch_metric_alarm",
        "rotation_errors",
        [
          attr("alarm_name", `${model.names.function}-errors`),
          attr("alarm_description", "The rotation function failed; its log group says why."),
          attr("namespace", "AWS/Lambda"),
          attr("metric_name", "Errors"),
          attr("dimensions", { FunctionName: model.bundledFunction ? raw("aws_lambda_function.rotation.function_name") : model.names.function }),
          attr("statistic", "Sum"),
          attr("period", 300),
          attr("evaluation_periods", 1),
          attr("threshold", 0),
          attr("comparison_operator", "GreaterThanThreshold"),
          attr("treat_missing_data", "notBreaching"),
          attr("alarm_actions", [raw("aws_sns_topic.alerts.arn")]),
          attr("tags", TAGS),
        ],
        "Any error of the rotation function, even in a step that Secrets Manager later retries.",
      ),
  ].filter((b) => b !== false);
}
