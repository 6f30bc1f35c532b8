import { defaultValues, validatePlan, type Engine, type Plan, type PlanValues } from "@/lib/config";
import { FALLBACK_VERSIONS, generateBundle, type BundleFile } from "@/lib/generators";

/** A complete plan for tests: the defaults, a network, and the changes a test is about. */
export function testPlan(changes: Partial<PlanValues> = {}): Plan {
  const engine = (changes.engine ?? "postgres") as Engine;
  const result = validatePlan({
    ...defaultValues(engine),
    subnets: "subnet-0123456789abcdef0,subnet-0fedcba9876543210",
    vpc: "vpc-0123456789abcdef0",
    ...changes,
  });
  if (!result.ok) throw new Error(`test plan is invalid: ${JSON.stringify(result.problems)}`);
  return result.plan;
}

export function bundleOf(plan: Plan): BundleFile[] {
  return generateBundle({ plan, versions: FALLBACK_VERSIONS });
}

export function fileOf(plan: Plan, path: string): string | undefined {
  return bundleOf(plan).find((file) => file.path === path)?.content;
}

export const MASTER_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-db-admin-AbCdEf";
export const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-db-user-XyZ123";
export const KMS_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
