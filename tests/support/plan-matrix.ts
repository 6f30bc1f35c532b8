/**
 * Named plans that between them take every branch the Terraform, the README and the security opt-outs
 * depend on, for tests that check a property of whole bundles. Plans are share queries, as a user would
 * give them, so a failure names a plan anyone can open in the wizard.
 */
import { completePlan, decodePlanQuery, type Plan } from "@/lib/config";

const MASTER = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/admin-GhIjKl";
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const MASTER_KEY = "arn:aws:kms:eu-west-1:111122223333:key/abcd1234-ab12-cd34-ef56-abcdef123456";
const EXISTING = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/app-XyZ123";

/** The default plan: only what a plan cannot do without. */
export const DEFAULT_QUERY = "subnets=subnet-0123456789abcdef0&vpc=vpc-0123456789abcdef0";

/** Every optional piece at once: alternating users with their keys, alerts, a dbsg rule, the endpoint, a cron schedule. */
export const RICHEST_QUERY =
  `name=orders-db&engine=postgres&platform=aurora&strategy=alternating&master=${MASTER}&masterkms=${MASTER_KEY}` +
  `&subnets=subnet-0a1b2c3d,subnet-0e1f2a3b&dbsg=sg-0ddd4444&endpoint=create&vpc=vpc-0a1b2c3d` +
  `&schedule=cron(0 4 ? * SUN *)&window=3h&kms=${KEY}&alarm=ops@example.com&boundary=arn:aws:iam::111122223333:policy/org/boundary`;

export const PLAN_MATRIX: Readonly<Record<string, string>> = {
  default: DEFAULT_QUERY,
  richest: RICHEST_QUERY,
  "mysql, nat, dbsg, alarm": "engine=mysql&subnets=subnet-0aaa1111&vpc=vpc-0ccc3333&dbsg=sg-0ddd4444&endpoint=nat&alarm=dba@example.org",
  "mariadb alternating, given groups, no master key": `engine=mariadb&platform=self-managed&strategy=alternating&master=${MASTER}&subnets=subnet-0aaa1111&sgs=sg-0a1b2c3d&endpoint=existing&tls=require`,
  "existing secret, given groups, existing endpoint": `secret=${EXISTING}&subnets=subnet-0a1b2c3d&sgs=sg-0a1b2c3d&endpoint=existing`,
  "every 90 days": `${DEFAULT_QUERY}&days=90`,
  "every 200 days": `${DEFAULT_QUERY}&days=200&tls=disable`,
  "hourly rate": `${DEFAULT_QUERY}&schedule=rate(6 hours)&kms=${KEY}`,
  "yearly cron": `${DEFAULT_QUERY}&schedule=cron(0 4 1 1 ? *)`,
  "sar sqlserver": "engine=sqlserver&lambda=sar&subnets=subnet-0a1b2c3d&vpc=vpc-0a1b2c3d",
  "sar postgres alternating with keys": `lambda=sar&strategy=alternating&master=${MASTER}&masterkms=${MASTER_KEY}&kms=${KEY}&subnets=subnet-0a1b2c3d&sgs=sg-0a1b2c3d&endpoint=nat`,
  "sar redshift, existing secret": `engine=redshift&secret=${EXISTING}&subnets=subnet-0a1b2c3d&vpc=vpc-0a1b2c3d&endpoint=nat&alarm=ops@example.com`,
  "managed, rate": "engine=postgres&strategy=managed&schedule=rate(10 days)",
  "managed aurora mysql, alarm": "engine=mysql&platform=aurora&strategy=managed&alarm=ops@example.com",
  "managed redshift, 7 days": "engine=redshift&strategy=managed&days=7",
  "managed documentdb, existing secret": `engine=mongodb&strategy=managed&secret=${EXISTING}&kms=${KEY}`,
};

/** A share query as a plan; throws with the problems when it is not a valid plan. */
export function planOfQuery(query: string): Plan {
  const result = completePlan(decodePlanQuery(query));
  if (!result.ok) throw new Error(`plan ${query} is invalid: ${JSON.stringify(result.problems)}`);
  return result.plan;
}

/** The plans checkov 3.1.47 was run on before issue 10 (tests/security/checkov-findings.json). */
export const FINDINGS_QUERIES: readonly string[] = [
  DEFAULT_QUERY,
  `name=orders-db&engine=postgres&platform=aurora&strategy=alternating&master=${MASTER}&subnets=subnet-0a1b2c3d,subnet-0e1f2a3b&sgs=sg-0a1b2c3d&endpoint=create&vpc=vpc-0a1b2c3d&schedule=cron(0 4 ? * SUN *)&window=3h&kms=${KEY}&alarm=ops@example.com`,
  "engine=mysql&subnets=subnet-0aaa1111&vpc=vpc-0ccc3333&dbsg=sg-0ddd4444&endpoint=nat&alarm=dba@example.org",
  "engine=sqlserver&lambda=sar&subnets=subnet-0a1b2c3d&vpc=vpc-0a1b2c3d",
  "engine=postgres&strategy=managed&schedule=rate(10 days)",
];
