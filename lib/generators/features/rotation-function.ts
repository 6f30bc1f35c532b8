import { fieldInWords } from "@/lib/config/labels";
import { listInWords, plural } from "@/lib/words";
import { data, raw, type HclBlock } from "../hcl";
import type { Feature } from "./feature";

/**
 * What every rotation function has, ours or AWS's template (every strategy but managed): its outputs, what
 * it costs, how it fails and what the diagram says it does. Each source adds its own function and role.
 */
export const rotationFunction: Feature = {
  name: "a rotation function",
  applies: (shape) => shape.usesFunction,
  outputs: (model) => [
    ...(model.refs.functionArn !== null ? [{ name: "rotation_function_arn", description: "ARN of the rotation function.", value: model.refs.functionArn }] : []),
    {
      name: "rotation_log_group",
      description: "Where the rotation function logs each step.",
      value: model.bundledFunction ? raw("aws_cloudwatch_log_group.rotation.name") : model.names.logGroup,
    },
  ],
  readme: {
    costs: () => ["Lambda: a few invocations per rotation, well inside the free tier."],
    troubleshooting: [
      {
        symptom: "Task timed out after 30 seconds, no other line",
        cause: "The function cannot reach the Secrets Manager API.",
        fix: "Check the endpoint (or NAT route) and that the function's security group allows HTTPS out.",
      },
      {
        symptom: "could not connect / timed out in setSecret",
        cause: "The database port is closed to the function.",
        fix: `Open the database's security group to the function's group (giving the plan a ${fieldInWords("dbsg")} does it).`,
      },
      {
        symptom: "AccessDeniedException on GetSecretValue or PutSecretValue",
        cause: "The role lacks a permission, often kms:Decrypt for a customer managed key.",
        fix: (model) =>
          model.bundledFunction
            ? "Check iam.tf's policy and the key policy of the secret's KMS key."
            : `Check the role that AWS's template created (CloudFormation stack ${model.names.templateStack}), that the plan names the secret's KMS key (kms), and that key's policy.`,
      },
      {
        symptom: "Secrets Manager cannot invoke the specified Lambda function",
        cause: "The invoke permission is missing or limited to another account or secret.",
        fix: (model) =>
          model.bundledFunction
            ? "Check aws_lambda_permission.secretsmanager; apply again."
            : `The template's stack (${model.names.templateStack}) creates the permission: check that the stack completed; apply again.`,
      },
      {
        symptom: "password authentication failed in setSecret",
        cause: "Neither the current nor the previous password of the secret logs in: the password was changed outside rotation.",
        fix: "Put the database's real password into the secret (put-secret-value), then rotate again.",
      },
    ],
  },
  diagram: ({ shape, database, port }) => {
    const { subnets, vpc } = shape.plan;
    const where = subnets.length === 0 ? "in your subnets (none given yet)" : `in ${plural(subnets.length, "subnet")}`;
    const code = shape.bundledFunction ? "The bundled rotation function" : "AWS's rotation function template";
    const does = [shape.alternatingUsers && "signs in with the admin secret to switch users", `changes the password of ${database} on port ${port}`];
    return { sentence: `${code} runs ${where}${vpc === "" ? "" : ` of ${vpc}`}, ${listInWords(does.filter((item): item is string => Boolean(item)))}.` };
  },
};

/** The partition and region, for ARNs and the API's host name: lambda.tf starts with them, whichever function it holds. */
export function regionLookups(): HclBlock[] {
  return [data("aws_partition", "current", []), data("aws_region", "current", [])];
}

/** The endpoint the function calls; with private DNS this name resolves to the VPC endpoint. */
export const SECRETS_MANAGER_URL = raw('"https://secretsmanager.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}"');
