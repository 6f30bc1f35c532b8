import type { Feature } from "./feature";

/**
 * kms: a customer managed key encrypts the secret. The secret, the function and its role name the key in
 * their own blocks; this feature declares the key's variable and what the key's policy must allow.
 */
export const secretKey: Feature = {
  name: "a customer managed key for the secret",
  applies: (shape) => shape.encryptsWithOwnKey,
  // Under managed rotation the key belongs to the database change shown in the README, not to this module.
  variables: ({ plan, usesFunction }) =>
    usesFunction ? [{ name: "kms_key_arn", type: "string", description: "Customer managed KMS key that encrypts the secret.", value: plan.kms, arn: "regional" }] : [],
  readme: {
    prerequisites: { keys: () => ["The KMS key's policy lets this account's IAM policies grant its use (the default key policy does)."] },
  },
  diagram: () => ({ node: { id: "kms", title: "KMS key", details: ["encrypts the secret"] } }),
};
