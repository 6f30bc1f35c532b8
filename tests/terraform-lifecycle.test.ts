/**
 * What the bundle does beyond its first apply and outside its own resources: the first secret version
 * survives rotation, so a later apply never writes initial_password again (issue 10, item 1); the ARNs a
 * plan names pin the region and account Terraform must run in (item 2); the VPC comes from the subnets
 * (item 3); and the first rotation comes after every other resource and check of the bundle (item 5).
 *
 * The conditions the bundle generates are evaluated here, on the scenarios they guard, by a small
 * translation of the few Terraform functions they use (`evaluate` below).
 */
import { parse } from "@cdktf/hcl2json";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultValues, validatePlan, type Plan, type PlanValues } from "@/lib/config";
import { bundleOf, fileOf, KMS_ARN, MASTER_ARN, SECRET_ARN, testPlan } from "./support/plans";
import { planArbitrary } from "./support/plan-arbitrary";
import { checkTerraformModule, describeProblems, expressionSites, parseModule, referencesIn, type ModuleBlock } from "./support/terraform-check";

type Json = Record<string, unknown>;
const SUBNETS = "subnet-0123456789abcdef0,subnet-0fedcba9876543210";
const BOUNDARY = "arn:aws:iam::123456789012:policy/org/boundary";
const MASTER_KMS = "arn:aws:kms:eu-west-1:123456789012:key/0fedcba9-12ab-34cd-56ef-1234567890ab";

/** The plan a user gets by typing only the subnets. */
function subnetsOnly(changes: Partial<PlanValues> = {}): Plan {
  const result = validatePlan({ ...defaultValues(changes.engine as never), subnets: SUBNETS, ...changes });
  if (!result.ok) throw new Error(`plan is invalid: ${JSON.stringify(result.problems)}`);
  return result.plan;
}

/** The module as hcl2json reads it, every .tf file merged by block kind and type. */
async function parsedModule(plan: Plan): Promise<Json> {
  const merged: Json = {};
  for (const file of bundleOf(plan).filter((f) => f.path.endsWith(".tf"))) {
    const json = (await parse(file.path, file.content)) as Json;
    for (const [kind, types] of Object.entries(json)) {
      const target = (merged[kind] ??= {}) as Json;
      if (Array.isArray(types)) target[file.path] = types;
      else for (const [type, byName] of Object.entries(types as Json)) target[type] = Array.isArray(byName) ? byName : { ...(target[type] as Json), ...(byName as Json) };
    }
  }
  return merged;
}

function body(terraform: Json, kind: "resource" | "data" | "variable", type: string, name?: string): Json | undefined {
  const byName = (terraform[kind] as Json | undefined)?.[type] as Record<string, Json[]> | Json[] | undefined;
  if (kind === "variable") return (byName as Json[] | undefined)?.[0];
  return (byName as Record<string, Json[]> | undefined)?.[name!]?.[0];
}

interface Condition {
  condition: string;
  error_message: string;
}

function conditions(block: Json | undefined, kind: "precondition" | "postcondition"): Condition[] {
  const lifecycle = (block?.lifecycle as Json[] | undefined)?.[0];
  return (lifecycle?.[kind] as Condition[] | undefined) ?? [];
}

function tfvarsOf(plan: Plan): Promise<Json> {
  return parse("terraform.tfvars", fileOf(plan, "terraform.tfvars")!) as Promise<Json>;
}

// ---------------------------------------------------------------------------------------------------------
// Evaluating the generated conditions

interface Scope {
  var?: Json;
  local?: Json;
  self?: Json;
}

/**
 * Evaluates a condition (`${…}`) or an error message template as Terraform would, for the few functions and
 * operators the bundle's conditions use. Anything else makes it throw, so a condition it cannot read fails
 * the test instead of passing it.
 */
function evaluate(text: string, scope: Scope): unknown {
  const whole = /^\$\{([^]*)\}$/.exec(text);
  if (whole && !whole[1]!.includes("${")) return evaluateExpression(whole[1]!, scope);
  return text.replace(/\$\{([^}]*)\}/g, (_, expression: string) => String(evaluateExpression(expression, scope)));
}

function evaluateExpression(expression: string, scope: Scope): unknown {
  const js = expression
    .replace(/alltrue\(\[for (\w+) in ([\w.]+) : ([^\]]+)\]\)/g, "__alltrue($2, ($1) => $3)")
    .replace(/\b(split|contains|length|join)\(/g, "__$1(")
    .replace(/\b(var|local|self)\.(\w+)/g, '__$1["$2"]')
    .replace(/!=/g, "!==")
    .replace(/(?<![!=])==(?!=)/g, "===");
  const loopNames = [...expression.matchAll(/\[for (\w+) in /g)].map(([, name]) => name!);
  const allowed = js
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/__(?:alltrue|split|contains|length|join|var|local|self)\b/g, "")
    .replace(/\[""\]/g, "");
  const identifiers = [...allowed.matchAll(/\b[A-Za-z_]\w*/g)].map(([name]) => name);
  if (!/^[\s\w()[\]",.:|&!=<>+-]*$/.test(allowed) || identifiers.some((name) => name !== "null" && !loopNames.includes(name))) {
    throw new Error(`cannot evaluate ${JSON.stringify(expression)} (as ${JSON.stringify(js)})`);
  }
  const functions = {
    __alltrue: (list: unknown[], test: (item: unknown) => boolean) => list.every(test),
    __split: (separator: string, text: string) => text.split(separator),
    __contains: (list: unknown[], item: unknown) => list.includes(item),
    __length: (value: unknown[]) => value.length,
    __join: (separator: string, list: unknown[]) => list.join(separator),
  };
  const run = new Function(...Object.keys(functions), "__var", "__local", "__self", `return (${js});`);
  return run(...Object.values(functions), scope.var ?? {}, scope.local ?? {}, scope.self ?? {});
}

/** Whether every condition holds; the error messages of those that do not. */
function failures(checks: Condition[], scope: Scope): string[] {
  return checks.filter((check) => evaluate(check.condition, scope) !== true).map((check) => String(evaluate(check.error_message, scope)));
}

// ---------------------------------------------------------------------------------------------------------
// Item 1: a later apply never overwrites a rotated password

const AWS_LABELS = new Set(["AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"]);

describe("the secret's first version", () => {
  it("keeps a label of its own that rotation never moves, so two rotations leave it labelled", async () => {
    const version = body(await parsedModule(testPlan()), "resource", "aws_secretsmanager_secret_version", "initial");
    const stages = (version?.version_stages as string[] | undefined) ?? [];
    expect(stages).toContain("AWSCURRENT");
    // A rotation moves AWSCURRENT to the new version and AWSPREVIOUS to the old one; the next takes AWSPREVIOUS away.
    let labels = new Set(stages);
    for (let rotation = 1; rotation <= 2; rotation++) {
      labels = new Set([...labels].filter((label) => !AWS_LABELS.has(label)));
      if (rotation === 1) labels.add("AWSPREVIOUS");
    }
    // A version without labels is deprecated, and Secrets Manager deletes it; the provider then drops it from state.
    expect([...labels]).toEqual([expect.stringMatching(/^[A-Z_]+$/)]);
    expect(AWS_LABELS.has([...labels][0]!)).toBe(false);
  });

  it("ignores changes to its labels, so Terraform never moves AWSCURRENT back to it", async () => {
    const version = body(await parsedModule(testPlan()), "resource", "aws_secretsmanager_secret_version", "initial");
    const lifecycle = (version?.lifecycle as Json[] | undefined)?.[0];
    expect(lifecycle?.ignore_changes).toEqual(["${version_stages}"]);
  });

  it("makes initial_password optional: needed on the first apply only", async () => {
    const terraform = await parsedModule(testPlan());
    const variable = body(terraform, "variable", "initial_password");
    expect(variable).toMatchObject({ default: null, ephemeral: true, sensitive: true });
    const version = body(terraform, "resource", "aws_secretsmanager_secret_version", "initial");
    const label = ((version?.version_stages as string[]).find((stage) => !AWS_LABELS.has(stage)))!;
    const checks = conditions(version, "precondition");
    const secret = (labels: string[], password: string | null) => ({ var: { initial_password: password }, local: { secret_labels: labels } });
    // First apply: the secret holds nothing yet.
    expect(failures(checks, secret([], "hunter2"))).toEqual([]);
    expect(failures(checks, secret([], null))).toEqual([expect.stringMatching(/initial_password is needed on the first apply.*TF_VAR_initial_password/)]);
    // Later applies: the first version is there, rotated or not; the password is not needed, and is ignored if given.
    expect(failures(checks, secret(["AWSCURRENT", label], null))).toEqual([]);
    expect(failures(checks, secret(["AWSCURRENT", "AWSPREVIOUS", label], null))).toEqual([]);
    expect(failures(checks, secret(["AWSCURRENT", "AWSPREVIOUS", label], "stale or a CI placeholder"))).toEqual([]);
    // The first version lost its label: the secret has values Terraform must not write over.
    expect(failures(checks, secret(["AWSCURRENT", "AWSPREVIOUS"], "stale"))).toEqual([expect.stringMatching(new RegExp(`none labelled ${label}`))]);
  });

  it("reads the secret's labels from Secrets Manager, the data source the conditions use", async () => {
    const terraform = await parsedModule(testPlan());
    expect(body(terraform, "data", "aws_secretsmanager_secret_versions", "this")).toEqual({ secret_id: "${aws_secretsmanager_secret.this.id}" });
    const locals = Object.assign({}, ...((terraform.locals as Record<string, Json[]>)["secret.tf"] ?? [])) as Json;
    expect(locals.secret_labels).toBe("${flatten(data.aws_secretsmanager_secret_versions.this.versions[*].version_stages)}");
  });

  it("says in the README what happens on later applies", () => {
    const readme = fileOf(testPlan(), "README.md")!;
    expect(readme).toMatch(/Later applies run without `TF_VAR_initial_password` and never change the secret's value/);
    expect(readme).toMatch(/`TERRAFORM_INITIAL` that rotation never moves/);
    expect(fileOf(testPlan({ secret: SECRET_ARN }), "README.md")).not.toMatch(/Later applies/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Item 2: the region and account are explicit

const WITH_ARNS: Array<Partial<PlanValues>> = [
  { secret: SECRET_ARN, kms: KMS_ARN },
  { strategy: "alternating", master: MASTER_ARN, masterkms: MASTER_KMS, boundary: BOUNDARY },
  { strategy: "alternating", master: MASTER_ARN, lambda: "sar", kms: KMS_ARN },
  { strategy: "managed", secret: SECRET_ARN, alarm: "ops@example.com" },
  { boundary: "arn:aws:iam::aws:policy/PowerUserAccess" },
];

describe("the region and account Terraform runs in", () => {
  it.each(WITH_ARNS.map((changes) => [JSON.stringify(changes), changes] as const))(
    "must be those of every ARN of the plan: %s",
    async (_, changes) => {
      const plan = testPlan(changes);
      const terraform = await parsedModule(plan);
      const tfvars = await tfvarsOf(plan);
      const arns = Object.entries(tfvars).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].startsWith("arn:"));
      expect(arns.length).toBeGreaterThan(0);
      const regionChecks = conditions(body(terraform, "data", "aws_region", "target"), "postcondition");
      const accountChecks = conditions(body(terraform, "data", "aws_caller_identity", "target"), "postcondition");
      const here = { var: tfvars, self: { region: "eu-west-1", account_id: "123456789012" } };
      expect(failures([...regionChecks, ...accountChecks], here)).toEqual([]);
      // Every ARN is checked, and the message names both values.
      for (const [name, arn] of arns) {
        const [, , , region, account] = arn.split(":");
        const otherRegion = failures(regionChecks, { ...here, self: { region: "us-east-1" } });
        if (region !== "") expect(otherRegion).toContainEqual(expect.stringMatching(new RegExp(`^${name} is in region ${region}, but Terraform runs in us-east-1`)));
        const otherAccount = failures(accountChecks, { ...here, self: { account_id: "999999999999" } });
        if (account !== "aws") {
          expect(otherAccount).toContainEqual(expect.stringMatching(new RegExp(`^${name} belongs to account ${account}, but Terraform runs with credentials of account 999999999999`)));
        } else {
          expect(otherAccount.filter((message) => message.startsWith(name))).toEqual([]);
        }
      }
    },
  );

  it("is left to the provider when the plan names no ARN", async () => {
    const terraform = await parsedModule(subnetsOnly());
    expect(body(terraform, "data", "aws_region", "target")).toBeUndefined();
    expect(body(terraform, "data", "aws_caller_identity", "target")).toBeUndefined();
  });

  it("comes from the caller's provider: no bundle has a provider block, and the README shows the module block", async () => {
    for (const changes of [{}, ...WITH_ARNS]) {
      const plan = testPlan(changes);
      expect((await parsedModule(plan)).provider, JSON.stringify(changes)).toBeUndefined();
      const readme = fileOf(plan, "README.md")!;
      const hcl = /## Use it as a module\n[^]*?```hcl\n([^]*?)```/.exec(readme)?.[1];
      expect(hcl, JSON.stringify(changes)).toBeDefined();
      const call = Object.values((await parse("module.tf", hcl!)).module as Record<string, Json[]>)[0]![0]!;
      const variables = (await parsedModule(plan)).variable as Record<string, Json[]>;
      const required = Object.entries(variables).filter(([, [declared]]) => !("default" in declared!)).map(([name]) => name);
      expect(call.source).toBe(`./${plan.name}-rotation`);
      expect(Object.keys(call).filter((key) => key !== "source").sort()).toEqual(
        expect.arrayContaining(required.sort()),
      );
      for (const key of Object.keys(call)) if (key !== "source") expect(Object.keys(variables)).toContain(key);
    }
  });

  it("is named in the README when the plan's ARNs say it", () => {
    expect(fileOf(testPlan({ kms: KMS_ARN }), "README.md")).toMatch(/region `eu-west-1` and account `123456789012`, those of the plan's ARNs/);
    expect(fileOf(testPlan(), "README.md")).not.toMatch(/those of the plan's ARNs/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Item 3: the VPC comes from the subnets

describe("the VPC", () => {
  it("comes from the subnets: the plan with only subnets is a complete, valid bundle", async () => {
    const plan = subnetsOnly();
    expect(plan.vpc).toBe("");
    const files = Object.fromEntries(bundleOf(plan).map((file) => [file.path, file.content]));
    const problems = await checkTerraformModule(files);
    expect(problems, describeProblems(problems)).toEqual([]);
    const terraform = await parsedModule(plan);
    expect(body(terraform, "variable", "vpc_id")).toBeUndefined();
    expect(body(terraform, "data", "aws_subnet", "rotation")).toEqual({ for_each: "${toset(var.subnet_ids)}", id: "${each.value}" });
    expect(body(terraform, "resource", "aws_security_group", "rotation")?.vpc_id).toBe("${data.aws_vpc.this.id}");
    expect(body(terraform, "resource", "aws_security_group", "endpoint")?.vpc_id).toBe("${data.aws_vpc.this.id}");
    expect(body(terraform, "resource", "aws_vpc_endpoint", "secretsmanager")?.vpc_id).toBe("${data.aws_vpc.this.id}");
    expect(fileOf(plan, "terraform.tfvars")).not.toContain("vpc_id");
  });

  it("must be one: the plan stops, naming the VPCs, when the subnets span two", async () => {
    const vpc = body(await parsedModule(subnetsOnly()), "data", "aws_vpc", "this");
    const checks = conditions(vpc, "precondition");
    expect(failures(checks, { local: { subnet_vpc_ids: ["vpc-0123456789abcdef0"] } })).toEqual([]);
    expect(failures(checks, { local: { subnet_vpc_ids: ["vpc-0123456789abcdef0", "vpc-0fedcba9876543210"] } })).toEqual([
      "The rotation function runs in one VPC, so subnet_ids must all be in one VPC; they are in vpc-0123456789abcdef0, vpc-0fedcba9876543210.",
    ]);
  });

  it("may still be stated, and must then be the subnets' VPC", async () => {
    const plan = testPlan({ sgs: "sg-0123456789abcdef0", endpoint: "nat" });
    expect(plan.vpc).toBe("vpc-0123456789abcdef0");
    const terraform = await parsedModule(plan);
    expect(body(terraform, "variable", "vpc_id")).toBeDefined();
    const checks = conditions(body(terraform, "data", "aws_vpc", "this"), "precondition");
    const tfvars = await tfvarsOf(plan);
    expect(failures(checks, { var: tfvars, local: { subnet_vpc_ids: ["vpc-0123456789abcdef0"] } })).toEqual([]);
    expect(failures(checks, { var: tfvars, local: { subnet_vpc_ids: ["vpc-0aaaaaaaaaaaaaaaa"] } })).toEqual([
      "vpc_id is vpc-0123456789abcdef0, but subnet_ids are in vpc-0aaaaaaaaaaaaaaaa: correct vpc_id, or leave it out and the VPC is taken from the subnets.",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Item 5: the first rotation waits for everything

const ROTATION = "aws_secretsmanager_secret_rotation.this";

/** The address a reference points at, among the module's resources, data sources and locals. */
function targetOf(parts: { kind: string; value: string }[], declared: ReadonlySet<string>): string | undefined {
  const names = parts.map((part) => part.value);
  const [root, first, second] = names;
  const address = root === "data" ? `data.${first}.${second}` : root === "local" ? `local.${first}` : `${root}.${first}`;
  return declared.has(address) ? address : undefined;
}

/** Each resource, data source and local of the bundle, and what it refers to (depends_on and conditions included). */
async function dependencies(plan: Plan): Promise<Map<string, Set<string>>> {
  const files = Object.fromEntries(bundleOf(plan).map((file) => [file.path, file.content]));
  const { module } = await parseModule(files);
  const nodes = module.blocks.filter((block: ModuleBlock) => ["resource", "data", "local"].includes(block.kind));
  const declared = new Set(nodes.map((block) => block.address));
  const graph = new Map<string, Set<string>>();
  for (const block of nodes) {
    const targets = new Set<string>();
    for (const site of expressionSites(block)) {
      for (const reference of await referencesIn(site.text)) {
        const target = targetOf(reference.parts, declared);
        if (target && target !== block.address) targets.add(target);
      }
    }
    graph.set(block.address, targets);
  }
  return graph;
}

function reachableFrom(start: string, graph: Map<string, Set<string>>): Set<string> {
  const seen = new Set<string>();
  const queue = [...(graph.get(start) ?? [])];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(graph.get(next) ?? []));
  }
  return seen;
}

/** The resources and data sources the first rotation would not wait for. */
async function notWaitedFor(plan: Plan): Promise<string[]> {
  const graph = await dependencies(plan);
  const before = reachableFrom(ROTATION, graph);
  return [...graph.keys()].filter((address) => address !== ROTATION && !address.startsWith("local.") && !before.has(address));
}

const MATRIX: Array<Partial<PlanValues>> = [
  {},
  { alarm: "ops@example.com" },
  { dbsg: "sg-0123456789abcdef0", alarm: "ops@example.com", kms: KMS_ARN },
  { sgs: "sg-0123456789abcdef0,sg-0fedcba9876543210", dbsg: "sg-0aaaaaaaaaaaaaaaa", endpoint: "create" },
  { sgs: "sg-0123456789abcdef0", endpoint: "nat", vpc: "" },
  { endpoint: "existing", boundary: BOUNDARY },
  { lambda: "sar", alarm: "ops@example.com", dbsg: "sg-0123456789abcdef0" },
  { engine: "mysql", strategy: "alternating", master: MASTER_ARN, masterkms: MASTER_KMS, secret: SECRET_ARN },
  { engine: "oracle", strategy: "alternating", master: MASTER_ARN, alarm: "dba@example.org" },
  { strategy: "managed", secret: SECRET_ARN, alarm: "ops@example.com" },
  { engine: "redshift", strategy: "managed", days: "7" },
];

describe("the first rotation", () => {
  it.each(MATRIX.map((changes) => [JSON.stringify(changes), changes] as const))(
    "waits, directly or through what it waits for, for every resource and data source: %s",
    async (_, changes) => {
      expect(await notWaitedFor(testPlan(changes))).toEqual([]);
    },
  );

  it("waits for the endpoint's ingress rule, the database's rule and the alerts", async () => {
    const graph = await dependencies(testPlan({ dbsg: "sg-0123456789abcdef0", alarm: "ops@example.com" }));
    const before = reachableFrom(ROTATION, graph);
    for (const address of [
      "aws_vpc_security_group_ingress_rule.endpoint_from_rotation",
      "aws_vpc_security_group_ingress_rule.database_from_rotation",
      "aws_cloudwatch_event_target.rotation_failed",
      "aws_sns_topic_subscription.alerts_email",
      "aws_sns_topic_policy.alerts",
      "aws_cloudwatch_metric_alarm.rotation_errors",
    ]) {
      expect(before.has(address), address).toBe(true);
    }
  });

  it("waits for everything in random valid plans", async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, async (plan) => {
        expect(await notWaitedFor(plan)).toEqual([]);
      }),
      { numRuns: 60, seed: 10 },
    );
  }, 120_000);
});
