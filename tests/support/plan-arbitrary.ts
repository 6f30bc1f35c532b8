import fc from "fast-check";
import {
  ARCHITECTURES,
  defaultValues,
  ENDPOINT_MODES,
  ENGINE_FACTS,
  isBundledEngine,
  ENGINES,
  RUNTIMES,
  TLS_MODES,
  validatePlan,
  type Engine,
  type Plan,
  type PlanResult,
  type PlanValues,
} from "@/lib/config";

/** Random but valid plans: values are drawn so that most combinations pass the cross-field rules. */
const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const awsId = (prefix: string) => fc.oneof(hex(8), hex(17)).map((digits) => `${prefix}-${digits}`);
const idList = (prefix: string, min: number) => fc.uniqueArray(awsId(prefix), { minLength: min, maxLength: 4 }).map((ids) => ids.join(","));
/** Where the plan's ARNs live: the schema refuses ARNs of different partitions, regions or accounts. */
const placeArbitrary = fc.record({
  partition: fc.constantFrom("aws", "aws-cn", "aws-us-gov"),
  region: fc.constantFrom("eu-west-1", "us-east-2", "ap-southeast-2"),
  account: fc.stringMatching(/^\d{12}$/),
});
type Place = { partition: string; region: string; account: string };
// Secret names as people give them, and as RDS names the secrets it manages (rds!db-…, rds!cluster-…).
const secretName = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,30}$/),
  fc.tuple(fc.constantFrom("rds!db-", "rds!cluster-"), fc.uuid({ version: 4 })).map(([prefix, id]) => `${prefix}${id}-AbCdEf`),
);
const secretArn = (place: Place, name: string) => `arn:${place.partition}:secretsmanager:${place.region}:${place.account}:secret:${name}`;
const kmsArn = (place: Place, id: string) => `arn:${place.partition}:kms:${place.region}:${place.account}:key/${id}`;
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
    place: placeArbitrary,
    secretName: fc.oneof(fc.constant(null), secretName),
    masterName: secretName,
    masterKeyId: fc.oneof(fc.constant(null), fc.uuid({ version: 4 })),
    subnets: idList("subnet", 1),
    sgs: fc.oneof(fc.constant(""), idList("sg", 1)),
    vpc: awsId("vpc"),
    dbsg: fc.oneof(fc.constant(""), awsId("sg")),
    endpoint: fc.constantFrom(...ENDPOINT_MODES),
    days: fc.integer({ min: 1, max: 1000 }).map(String),
    schedule,
    window: fc.oneof(fc.constant(""), fc.integer({ min: 1, max: 4 }).map((h) => `${h}h`)),
    immediately: fc.boolean(),
    keyId: fc.oneof(fc.constant(null), fc.uuid({ version: 4 })),
    alarm: fc.oneof(fc.constant(""), fc.constantFrom("ops@example.com", "db-team+alerts@corp.example.org")),
    runtime: fc.constantFrom(...RUNTIMES),
    arch: fc.constantFrom(...ARCHITECTURES),
    exclude: fc.stringMatching(/^[!-/:-@[-`{-~]{0,12}$/),
    length: fc.integer({ min: 8, max: 30 }).map(String),
    tls: fc.constantFrom(...TLS_MODES),
    withBoundary: fc.boolean(),
  })
  .map(({ platformIndex, lambdaSar, place, secretName, masterName, masterKeyId, keyId, withBoundary, ...values }) => {
    const engine: Engine = values.engine;
    const platforms = ENGINE_FACTS[engine].platforms ?? ["rds"];
    const platform = platforms[platformIndex % platforms.length]!;
    const lambda = lambdaSar || !isBundledEngine(engine) ? "sar" : "bundled";
    // The defaults first: a parameter added to the plan with a valid default needs nothing here.
    const arns = {
      secret: secretName === null ? "new" : secretArn(place, secretName),
      master: secretArn(place, masterName),
      masterkms: masterKeyId === null ? "" : kmsArn(place, masterKeyId),
      kms: keyId === null ? "" : kmsArn(place, keyId),
      boundary: withBoundary ? `arn:${place.partition}:iam::${place.account}:policy/org/boundary` : "",
    };
    return { ...defaultValues(engine), ...values, ...arns, platform, lambda } as PlanValues;
  });

/** How many drawn plans in a row may break the schema before the generator gives up instead of looping. */
export const MAX_CONSECUTIVE_INVALID = 100;

/**
 * The valid plans among drawn values: the few random combinations that break a rule are drawn again.
 * fast-check's `filter` would draw again for ever when no drawn plan can be valid (a new parameter that
 * is required, a rule the values above do not know); this throws instead, after `limit` invalid plans in
 * a row, with the problems they had.
 */
class ValidPlanArbitrary extends fc.Arbitrary<Plan> {
  constructor(
    private readonly values: fc.Arbitrary<PlanValues>,
    private readonly validate: (values: PlanValues) => PlanResult,
    private readonly limit: number,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Plan> {
    const problems = new Map<string, number>();
    for (let draw = 0; draw < this.limit; draw++) {
      const drawn = this.values.generate(mrng, biasFactor);
      const result = this.validate(drawn.value);
      if (result.ok) return new fc.Value(result.plan, drawn);
      for (const { param, message } of result.problems) {
        const problem = `${param}: ${message}`;
        problems.set(problem, (problems.get(problem) ?? 0) + 1);
      }
    }
    const frequent = [...problems].sort((a, b) => b[1] - a[1]).slice(0, 5);
    throw new Error(
      `plan generator: ${this.limit} plans drawn in a row were all invalid, so a property over valid plans cannot run ` +
        `(has a plan parameter become required, or a rule changed?). Teach tests/support/plan-arbitrary.ts to draw ` +
        `values that pass. The most frequent problems:\n${frequent.map(([problem, count]) => `  ${problem} (${count} of ${this.limit})`).join("\n")}`,
    );
  }

  canShrinkWithoutContext(value: unknown): value is Plan {
    void value;
    return false;
  }

  shrink(_plan: Plan, context: unknown): fc.Stream<fc.Value<Plan>> {
    if (!(context instanceof fc.Value)) return fc.Stream.nil();
    const drawn = context as fc.Value<PlanValues>;
    return this.values
      .shrink(drawn.value_, drawn.context)
      .map((smaller) => ({ smaller, result: this.validate(smaller.value) }))
      .filter(({ result }) => result.ok)
      .map(({ smaller, result }) => new fc.Value((result as { ok: true; plan: Plan }).plan, smaller));
  }
}

/** The valid plans among `values`, failing fast (see ValidPlanArbitrary) when there are none. */
export function validPlans(
  values: fc.Arbitrary<PlanValues>,
  validate: (values: PlanValues) => PlanResult = validatePlan,
  limit = MAX_CONSECUTIVE_INVALID,
): fc.Arbitrary<Plan> {
  return new ValidPlanArbitrary(values, validate, limit);
}

/** Random valid plans. */
export const planArbitrary: fc.Arbitrary<Plan> = validPlans(planValuesArbitrary);
