/**
 * Plans with something wrong, one case per message the schema, its rules between fields and the codec can
 * give: the corpus that tests/wording.test.ts reads in both readings (parameter names for the API, the form's
 * words for the wizard). Each case is a share query, as a user or a client would send it: the form's values
 * are what the codec decodes from it, and the API answers the same query.
 */

const ACCOUNT = "123456789012";
const SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app-db-AbCdEf`;
const ADMIN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app-db-admin-AbCdEf`;
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const NETWORK = "subnets=subnet-0123456789abcdef0,subnet-0fedcba9876543210";
/** A cron day-of-month field holding what looks like a marked token (lib/config/wording.ts). */
export const FORGED_TOKEN = "\u0001vpc\u0002x\u0003";

/** A bad value for one parameter, on a plan that is otherwise complete. */
const FIELD_CASES: Record<string, readonly string[]> = {
  name: ["", "A", "x".repeat(50), "-db"],
  engine: ["postgresql"],
  platform: ["ec2"],
  strategy: ["double"],
  lambda: ["custom"],
  secret: ["old", "arn:aws:secretsmanager:bad"],
  subnets: ["subnet-xyz", "subnet-0123456789abcdef0,subnet-0123456789abcdef0", Array.from({ length: 17 }, (_, i) => `subnet-0000000${i.toString(16)}`).join(",")],
  sgs: ["sg-1"],
  vpc: ["vpc-1"],
  dbsg: ["sg-zz"],
  endpoint: ["public"],
  days: ["0", "1001", "1.5", "abc"],
  schedule: [
    "daily",
    "rate(1 days)",
    "rate(2 day)",
    "rate(2 hours)",
    "rate(0 days)",
    "cron(5 4 ? * SUN *)",
    "cron(0 4 * * * *)",
    "cron(0 4 ? * FUNDAY *)",
    "cron(0 4 32 * ? *)",
    "cron(0 4 ? 13 SUN *)",
    "cron(0 1,3 ? * * *)",
    "cron(0 25 ? * * *)",
    "cron(0 4 ? * SUN 2027)",
    "cron(0 4)",
    // Control characters in what the user typed read back as typed: they cannot forge a marked token.
    `cron(0 4 ${FORGED_TOKEN} * ? *)`,
  ],
  window: ["25h", "3"],
  immediately: ["maybe"],
  kms: ["key"],
  alarm: ["not-an-email", `${"a".repeat(260)}@example.com`],
  runtime: ["python2.7"],
  arch: ["sparc"],
  exclude: ["é", "!".repeat(95), "abcdefghijklmnopqrstuvwxyz", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
  length: ["7", "5000"],
  tls: ["maybe"],
  boundary: [`arn:aws:iam::${ACCOUNT}:role/x`],
};

/** Rules between parameters, and parameters the other choices make unused. */
const RULE_CASES: readonly string[] = [
  `engine=mariadb&platform=aurora&${NETWORK}`,
  `engine=oracle&platform=self-managed&strategy=managed`,
  `engine=sqlserver&platform=self-managed&strategy=managed`,
  `strategy=alternating&${NETWORK}`,
  `strategy=alternating&secret=${ADMIN}&master=${ADMIN}&${NETWORK}`,
  `engine=oracle&lambda=bundled&${NETWORK}`,
  `engine=redshift&lambda=bundled&${NETWORK}`,
  "subnets=",
  "engine=mysql",
  `secret=${SECRET}&kms=arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}&${NETWORK}`,
  `secret=${SECRET}&kms=arn:aws:kms:eu-west-1:210987654321:key/${KEY_ID}&${NETWORK}`,
  `secret=${SECRET}&kms=arn:aws-cn:kms:eu-west-1:${ACCOUNT}:key/${KEY_ID}&${NETWORK}`,
  `strategy=alternating&master=${ADMIN}&masterkms=arn:aws:kms:us-west-2:${ACCOUNT}:key/${KEY_ID}&${NETWORK}`,
  `schedule=rate(4 hours)&window=5h&${NETWORK}`,
  `schedule=cron(0 22 ? * SUN *)&window=4h&${NETWORK}`,
  `days=1&window=24h&${NETWORK}`,
  `engine=mysql&length=300&${NETWORK}`,
  `engine=postgres&lambda=sar&strategy=alternating&${NETWORK}`,
  // Unused parameters: the codec reports them, the wizard names them in a step's note.
  `master=${ADMIN}&${NETWORK}`,
  `days=7&schedule=rate(10 days)&${NETWORK}`,
  `strategy=managed&subnets=subnet-0123456789abcdef0&tls=disable`,
  `lambda=sar&length=40&${NETWORK}`,
  `engine=db2&lambda=sar&tls=require&${NETWORK}`,
  `engine=redshift&platform=aurora&${NETWORK}`,
  // Not plan parameters, and parameters given twice: the codec's own problems.
  `colour=blue&${NETWORK}`,
  `engine=mysql&engine=mariadb&${NETWORK}`,
];

/** Every case, as share queries. */
export const BAD_PLAN_QUERIES: readonly string[] = [
  ...Object.entries(FIELD_CASES).flatMap(([param, values]) =>
    values.map((value) => `${param === "subnets" ? "" : `${NETWORK}&`}${param}=${encodeURIComponent(value).replace(/%2C/g, ",")}`),
  ),
  ...RULE_CASES,
];

/** The form's values for a case: the defaults, and each parameter as the query gives it, not yet checked. */
export function formValuesOf(query: string, defaults: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...defaults };
  for (const [param, value] of new URLSearchParams(query)) if (param in defaults) values[param] = value;
  return values;
}
