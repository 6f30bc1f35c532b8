/** Values and share queries the tests reuse. */
export const SUBNETS = "subnet-0123456789abcdef0,subnet-0fedcba9876543210";
export const VPC = "vpc-0123456789abcdef0";
export const MASTER_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-admin-AbCdEf";
export const KMS_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** The smallest complete plan: defaults plus where the function runs. */
export const MINIMAL_QUERY = `subnets=${SUBNETS}&vpc=${VPC}`;

/** A plan that uses most of what the wizard can draw and explain. */
export const RICH_QUERY = [
  "name=billing-db",
  "engine=mysql",
  "platform=aurora",
  "strategy=alternating",
  `master=${encodeURIComponent(MASTER_ARN)}`,
  `subnets=${SUBNETS}`,
  `vpc=${VPC}`,
  `kms=${encodeURIComponent(KMS_ARN)}`,
  "alarm=ops%40example.com",
].join("&");

/** A complete plan under managed rotation (AWS rotates MySQL's master password on Aurora): no function, no network. */
export const MANAGED_QUERY = "engine=mysql&platform=aurora&strategy=managed";
