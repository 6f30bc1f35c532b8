import fc from "fast-check";
import {
  ARCHITECTURES,
  ENDPOINT_MODES,
  ENGINE_FACTS,
  ENGINES,
  RUNTIMES,
  TLS_MODES,
  validatePlan,
  type Engine,
  type Plan,
  type PlanValues,
} from "@/lib/config";

/** Random but valid plans: values are drawn so that most combinations pass the cross-field rules. */
const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const awsId = (prefix: string) => fc.oneof(hex(8), hex(17)).map((digits) => `${prefix}-${digits}`);
const idList = (prefix: string, min: number) => fc.uniqueArray(awsId(prefix), { minLength: min, maxLength: 4 }).map((ids) => ids.join(","));
const secretArn = fc
  .tuple(fc.constantFrom("aws", "aws-cn", "aws-us-gov"), fc.constantFrom("eu-west-1", "us-east-2", "ap-southeast-2"), fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,30}$/))
  .map(([partition, region, account, name]) => `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}`);
const kmsArn = fc
  .tuple(fc.stringMatching(/^\d{12}$/), fc.uuid({ version: 4 }))
  .map(([account, id]) => `arn:aws:kms:eu-west-1:${account}:key/${id}`);
const schedule = fc.oneof(
  fc.constant(""),
  fc.integer({ min: 4, max: 23 }).map((hours) => `rate(${hours} hours)`),
  fc.integer({ min: 2, max: 1000 }).map((days) => `rate(${days} days)`),
  fc.integer({ min: 0, max: 23 }).map((hour) => `cron(0 ${hour} ? * SUN *)`),
  fc.integer({ min: 1, max: 28 }).map((day) => `cron(0 4 ${day} * ? *)`),
);

export const planValuesArbitrary: fc.Arbitrary<PlanValues> = fc
  .record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{1,39}$/),
    engine: fc.constantFrom(...ENGINES),
    platformIndex: fc.nat(),
    strategy: fc.constantFrom("single", "alternating", "managed"),
    lambdaSar: fc.boolean(),
    secret: fc.oneof(fc.constant("new"), secretArn),
    master: secretArn,
    subnets: idList("subnet", 1),
    sgs: fc.oneof(fc.constant(""), idList("sg", 1)),
    vpc: awsId("vpc"),
    dbsg: fc.oneof(fc.constant(""), awsId("sg")),
    endpoint: fc.constantFrom(...ENDPOINT_MODES),
    days: fc.integer({ min: 1, max: 1000 }).map(String),
    schedule,
    window: fc.oneof(fc.constant(""), fc.integer({ min: 1, max: 4 }).map((h) => `${h}h`)),
    immediately: fc.boolean(),
    kms: fc.oneof(fc.constant(""), kmsArn),
    alarm: fc.oneof(fc.constant(""), fc.constantFrom("ops@example.com", "db-team+alerts@corp.example.org")),
    runtime: fc.constantFrom(...RUNTIMES),
    arch: fc.constantFrom(...ARCHITECTURES),
    exclude: fc.stringMatching(/^[!-/:-@[-`{-~]{0,12}$/),
    length: fc.integer({ min: 8, max: 30 }).map(String),
    tls: fc.constantFrom(...TLS_MODES),
    boundary: fc.oneof(fc.constant(""), fc.constant("arn:aws:iam::123456789012:policy/org/boundary")),
  })
  .map(({ platformIndex, lambdaSar, ...values }) => {
    const engine: Engine = values.engine;
    const platforms = ENGINE_FACTS[engine].platforms ?? ["rds"];
    const platform = platforms[platformIndex % platforms.length]!;
    const lambda = lambdaSar || !ENGINE_FACTS[engine].bundled ? "sar" : "bundled";
    return { ...values, platform, lambda } as PlanValues;
  });

/** Valid plans only (the few random combinations that break a rule are skipped). */
export const planArbitrary: fc.Arbitrary<Plan> = planValuesArbitrary
  .map((values) => validatePlan(values))
  .filter((result): result is { ok: true; plan: Plan } => result.ok)
  .map((result) => result.plan);
