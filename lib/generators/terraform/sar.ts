import type { Engine } from "@/lib/config";

/**
 * AWS's published rotation functions in the Serverless Application Repository (lambda=sar). Each
 * partition publishes them from its own account, at its own version; versions are pinned so that an
 * apply next year deploys the code reviewed today. Versions as published in November 2026.
 */
const APPLICATION_NAMES: Record<Engine, string> = {
  postgres: "SecretsManagerRDSPostgreSQLRotation",
  mysql: "SecretsManagerRDSMySQLRotation",
  mariadb: "SecretsManagerRDSMariaDBRotation",
  sqlserver: "SecretsManagerRDSSQLServerRotation",
  oracle: "SecretsManagerRDSOracleRotation",
  db2: "SecretsManagerRDSDb2Rotation",
  redshift: "SecretsManagerRedshiftRotation",
  mongodb: "SecretsManagerMongoDBRotation",
};

const PUBLISHERS = {
  aws: "arn:aws:serverlessrepo:us-east-1:297356227824:applications",
  "aws-cn": "arn:aws-cn:serverlessrepo:cn-north-1:193023089310:applications",
  "aws-us-gov": "arn:aws-us-gov:serverlessrepo:us-gov-west-1:023102451235:applications",
} as const;
type Partition = keyof typeof PUBLISHERS;

/** Semantic versions per partition: [single user, multi user]. */
const VERSIONS: Record<Engine, Record<Partition, readonly [string, string]>> = {
  postgres: { aws: ["1.1.671", "1.1.671"], "aws-cn": ["1.1.440", "1.1.440"], "aws-us-gov": ["1.1.397", "1.1.397"] },
  mysql: { aws: ["1.1.671", "1.1.671"], "aws-cn": ["1.1.440", "1.1.440"], "aws-us-gov": ["1.1.397", "1.1.397"] },
  mariadb: { aws: ["1.1.670", "1.1.670"], "aws-cn": ["1.1.442", "1.1.441"], "aws-us-gov": ["1.1.399", "1.1.398"] },
  sqlserver: { aws: ["1.1.670", "1.1.671"], "aws-cn": ["1.1.441", "1.1.441"], "aws-us-gov": ["1.1.398", "1.1.398"] },
  oracle: { aws: ["1.1.671", "1.1.671"], "aws-cn": ["1.1.441", "1.1.441"], "aws-us-gov": ["1.1.398", "1.1.398"] },
  db2: { aws: ["1.1.271", "1.1.272"], "aws-cn": ["1.1.242", "1.1.240"], "aws-us-gov": ["1.1.199", "1.1.197"] },
  redshift: { aws: ["1.1.671", "1.1.671"], "aws-cn": ["1.1.441", "1.1.440"], "aws-us-gov": ["1.1.398", "1.1.397"] },
  mongodb: { aws: ["1.1.671", "1.1.671"], "aws-cn": ["1.1.440", "1.1.441"], "aws-us-gov": ["1.1.397", "1.1.398"] },
};

export type SarApplication = { id: string; version: string };

/** The application to deploy in each partition, for an engine and a strategy. */
export function sarApplications(engine: Engine, multiUser: boolean): Record<Partition, SarApplication> {
  const name = `${APPLICATION_NAMES[engine]}${multiUser ? "MultiUser" : "SingleUser"}`;
  const entries = (Object.keys(PUBLISHERS) as Partition[]).map((partition) => [
    partition,
    { id: `${PUBLISHERS[partition]}/${name}`, version: VERSIONS[engine][partition][multiUser ? 1 : 0] },
  ]);
  return Object.fromEntries(entries) as Record<Partition, SarApplication>;
}
