import type { TerraformVariable } from "../terraform/variables";
import { fieldInWords } from "@/lib/config/labels";
import { code } from "../markdown";
import type { Feature } from "./feature";

/**
 * strategy=alternating: an admin secret (master, and its key masterkms) creates the user's _clone and sets
 * the password of the user or its clone in turn. Its grants to the function's role and its parameters to
 * AWS's template are part of those features' blocks.
 */
export const alternatingUsers: Feature = {
  name: "alternating users",
  applies: (shape) => shape.alternatingUsers,
  variables: ({ plan }) => {
    const variables: TerraformVariable[] = [
      {
        name: "master_secret_arn",
        type: "string",
        description: "ARN of the admin secret whose user creates and updates the _clone user.",
        value: plan.master,
        arn: "regional",
        param: "master",
      },
    ];
    if (plan.masterkms !== "") {
      variables.push({
        name: "master_kms_key_arn",
        type: "string",
        description: "Customer managed KMS key that encrypts the admin secret; the rotation function decrypts the admin secret with it.",
        value: plan.masterkms,
        arn: "regional",
      });
    }
    return variables;
  },
  readme: {
    prerequisites: {
      secrets: ({ plan, bundledFunction }) => [
        `The admin secret's user may create users and grant them the rotated user's privileges` +
          (plan.engine === "mysql" || plan.engine === "mariadb" ? ` (each of them WITH GRANT OPTION, and SELECT on ${code("mysql.*")} to read the grants). ` : ". ") +
          (bundledFunction
            ? `The admin secret may be the one RDS keeps for the master user (${code("rds!db-…")} or ${code("rds!cluster-…")}, with ${code("manage_master_user_password")}): ` +
              `it holds no host, so the function logs in as the admin at the rotated secret's host, port and database, and needs no access to the RDS API. `
            : `With the secret RDS keeps for the master user (${code("rds!db-…")} or ${code("rds!cluster-…")}), which holds no host, AWS's template finds the database ` +
              `through the RDS API, so the subnets must also reach the RDS API (an RDS interface endpoint or a NAT gateway). `) +
          (plan.masterkms !== ""
            ? `The admin secret's KMS key (${code("master_kms_key_arn")}) lets this account's IAM policies grant its use (the default key policy does): ` +
              `the function's role gets ${code("kms:Decrypt")} on it.`
            : `If the admin secret is encrypted with a customer managed key, give that key as the ${fieldInWords("masterkms")} in the plan, so that the function's role may decrypt it.`),
      ],
    },
  },
  diagram: () => ({ node: { id: "master", title: "Admin secret", details: ["switches the users"] } }),
};
