import { listInWords } from "@/lib/words";
import { modelOf } from "../features";
import { attr, block, data, raw, type HclBlock } from "../hcl";
import { builtOnce } from "./files";
import { terraformVariables, type TerraformVariable } from "./variables";

export const variablesTf = builtOnce({
  path: "variables.tf",
  blocks(input) {
    const variables = terraformVariables(modelOf(input));
    return [
      ...variables.map((variable) =>
        block("variable", [variable.name], [
          attr("description", variable.description),
          attr("type", raw(variable.type)),
          variable.default !== undefined && attr("default", variable.default),
          variable.sensitive && attr("sensitive", true),
          variable.ephemeral && attr("ephemeral", true),
        ]),
      ),
      ...placementChecks(variables),
    ];
  },
});

/** `split(":", var.x)[i]`: a field of an ARN (1 partition, 3 region, 4 account). */
function arnField(variable: TerraformVariable, index: number): string {
  return `split(":", var.${variable.name})[${index}]`;
}

/** A quoted HCL template: literal text and `${…}` interpolations, alternating (text first). */
function template(...parts: string[]): ReturnType<typeof raw> {
  return raw(`"${parts.map((part, i) => (i % 2 === 0 ? part : `\${${part}}`)).join("")}"`);
}

function postcondition(condition: string, message: ReturnType<typeof raw>) {
  return block("postcondition", [], [attr("condition", raw(condition)), attr("error_message", message)]);
}

/**
 * The region and account Terraform runs in, read from the AWS provider's configuration, each with a
 * postcondition per ARN the module was given. A data source without arguments is read while planning, so
 * a wrong region or account stops the plan before anything is created (there is no provider block here:
 * the bundle works as a root module and as a child module, with the caller's provider).
 */
function placementChecks(variables: readonly TerraformVariable[]): HclBlock[] {
  const arns = variables.filter((variable) => variable.arn !== undefined);
  if (arns.length === 0) return [];
  const regional = arns.filter((variable) => variable.arn === "regional");
  const blocks: HclBlock[] = [];
  if (regional.length > 0) {
    blocks.push(
      data(
        "aws_region",
        "target",
        [
          block("lifecycle", [], regional.map((variable) => {
            const region = arnField(variable, 3);
            return postcondition(
              `${region} == self.region`,
              template(`${variable.name} is in region `, region, ", but Terraform runs in ", "self.region", ": configure the AWS provider for ", region, " (AWS_REGION, or region in the provider block)."),
            );
          })),
        ],
        wrap(
          `The region Terraform runs in must be the region of ${listInWords(regional.map((variable) => variable.name))}; ` +
            "otherwise the plan stops here, before anything is created in the wrong region.",
        ),
      ),
    );
  }
  blocks.push(
    data(
      "aws_caller_identity",
      "target",
      [
        block("lifecycle", [], arns.map((variable) => {
          const account = arnField(variable, 4);
          // An AWS managed policy's ARN names the account "aws": it belongs to every account.
          const condition = variable.arn === "global" ? `contains([self.account_id, "aws"], ${account})` : `${account} == self.account_id`;
          return postcondition(
            condition,
            template(`${variable.name} belongs to account `, account, ", but Terraform runs with credentials of account ", "self.account_id", ": use credentials of account ", account, "."),
          );
        })),
      ],
      wrap(
        `The account of Terraform's credentials must be the account of ${listInWords(arns.map((variable) => variable.name))}; ` +
          "otherwise the plan stops here, before anything is created in the wrong account.",
      ),
    ),
  );
  return blocks;
}

/** A comment as lines of at most about 100 characters, broken between words. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= 100) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}
