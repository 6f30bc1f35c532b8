import {
  decodePlanObject,
  defaultValues,
  encodePlanQuery,
  ENGINE_FACTS,
  ENGINES,
  PLAN_PARAMS,
  planFields,
  RUNTIMES,
  validatePlan,
  type Engine,
  type Plan,
  type PlanParam,
} from "@/lib/config";
import { sarApplications } from "@/lib/generators/terraform/sar";
import type { DescribeInfo } from "./live-input";
import { attributeOf, nestedBlocks, resourcesOf, type TfBlock } from "./terraform/project";
import { referencedBlocks } from "./terraform/references";
import { literalStrings, stringList, stringValue, numberValue, boolValue } from "./terraform/values";
import type { PlanValue, ProposedPlan } from "./types";
import type { Context, SecretTarget } from "./rules/context";
import { roleOf, vpcConfig } from "./rules/context";
import { roleGrants } from "./terraform/iam";

const KMS_KEY = /^arn:[^:]+:kms:[^:]+:\d{12}:key\/[0-9a-f-]+$/;

/**
 * The way out: a plan for the wizard, made of what the diagnosis read (engine, network, schedule, KMS key,
 * the existing secret…). Every value goes through the plan schema (decodePlanObject, the codec the CLI and
 * the API use): a value the schema rejects is reported, not passed on. What the plan still needs is listed.
 */
export function proposePlan(ctx: Context, describe: DescribeInfo | null): { plan: ProposedPlan; wizardQuery: string } {
  const found = new Map<PlanParam, PlanValue>();
  const put = (param: PlanParam, value: string | null | undefined, from: string) => {
    if (value === null || value === undefined || value === "" || found.has(param)) return;
    found.set(param, { param, value, from });
  };
  const target = primaryTarget(ctx);
  const rotation = target?.rotations[0] ?? null;
  const fn = rotation?.fn ?? null;
  const place = (block: TfBlock, line?: number) => `${block.file}:${line ?? block.line}`;

  // Engine and platform: the secret's JSON, the template the stack deploys, the database resource.
  const engineField = target?.fields.get("engine");
  if (engineField && typeof engineField.value === "string") {
    const engine = engineFromSecret(engineField.value);
    put("engine", engine, `the secret's JSON ("engine": "${engineField.value}")`);
    if (/^aurora/.test(engineField.value)) put("platform", "aurora", `the secret's JSON ("engine": "${engineField.value}")`);
  }
  if (fn?.kind === "stack") {
    const application = templateOf(fn.block);
    if (application) {
      put("engine", application.engine, `${place(fn.block)} (AWS's ${application.name} template)`);
      if (application.multiUser) put("strategy", "alternating", `${place(fn.block)} (a multi-user template)`);
    }
    put("lambda", "sar", `${place(fn.block)} (AWS's template)`);
  }
  const db = target?.database ?? null;
  if (db) {
    const engineText = stringValue(db.module, attributeOf(db, "engine")?.expr);
    const engine = db.type.startsWith("aws_redshift") ? "redshift" : db.type.startsWith("aws_docdb") ? "mongodb" : engineText ? engineFromDatabase(engineText) : null;
    put("engine", engine, `${place(db, attributeOf(db, "engine")?.line)} (${db.address})`);
    if (db.type === "aws_rds_cluster" && engineText?.startsWith("aurora")) put("platform", "aurora", place(db));
    else if (db.type === "aws_db_instance") put("platform", "rds", place(db));
    const groups = stringList(db.module, attributeOf(db, "vpc_security_group_ids")?.expr);
    if (groups?.complete && groups.items.length > 0) put("dbsg", groups.items[0], place(db, attributeOf(db, "vpc_security_group_ids")?.line));
  }

  // The secret and its admin secret.
  if (describe?.arn) put("secret", describe.arn, "describe-secret (ARN)");
  if (target?.literalArn) put("secret", target.literalArn, target.idExpr ? `${target.where.file}:${target.where.line}` : "the Terraform");
  const masterarn = target?.fields.get("masterarn");
  if (masterarn && typeof masterarn.value === "string") {
    put("master", masterarn.value, "the secret's JSON (masterarn)");
    put("strategy", "alternating", "the secret's JSON (masterarn)");
  }
  if (rotation && fn?.kind === "none" && target?.managedBy) put("strategy", "managed", `${place(rotation.block)} (rotation without a function, of a secret ${target.managedBy} manages)`);

  // The function: network, runtime, architecture, boundary.
  if (fn?.kind === "lambda") {
    const vpc = vpcConfig(fn.block);
    const subnets = vpc?.body.attributes.find((a) => a.name === "subnet_ids");
    const groups = vpc?.body.attributes.find((a) => a.name === "security_group_ids");
    const subnetList = subnets ? stringList(fn.block.module, subnets.expr) : null;
    if (subnetList?.complete) put("subnets", subnetList.items.join(","), place(fn.block, subnets!.line));
    const groupList = groups ? stringList(fn.block.module, groups.expr) : null;
    if (groupList?.complete) put("sgs", groupList.items.join(","), place(fn.block, groups!.line));
    const groupBlocks = groups ? referencedBlocks(fn.block.module, groups.expr).filter((r) => r.block.type === "aws_security_group").map((r) => r.block) : [];
    for (const group of groupBlocks) put("vpc", stringValue(group.module, attributeOf(group, "vpc_id")?.expr), place(group, attributeOf(group, "vpc_id")?.line));
    const runtime = stringValue(fn.block.module, attributeOf(fn.block, "runtime")?.expr);
    if (runtime && (RUNTIMES as readonly string[]).includes(runtime)) put("runtime", runtime, place(fn.block, attributeOf(fn.block, "runtime")?.line));
    const architectures = stringList(fn.block.module, attributeOf(fn.block, "architectures")?.expr);
    if (architectures?.complete && architectures.items.length === 1) put("arch", architectures.items[0], place(fn.block, attributeOf(fn.block, "architectures")?.line));
    const name = stringValue(fn.block.module, attributeOf(fn.block, "function_name")?.expr);
    put("name", nameFrom(name, /-rotation$/), place(fn.block, attributeOf(fn.block, "function_name")?.line));
    const role = roleOf(fn.block);
    if (role) {
      put("boundary", stringValue(role.module, attributeOf(role, "permissions_boundary")?.expr), place(role, attributeOf(role, "permissions_boundary")?.line));
      // The key the role may decrypt with is the secret's, when the secret itself is not in the Terraform.
      if (!target?.kms) {
        for (const statement of roleGrants(ctx.project, role).statements) {
          if (statement.effect !== "Allow" || !statement.actions?.some((action) => /^kms:(Decrypt|\*)$/i.test(action))) continue;
          const key = statement.resources?.find((entry) => "literal" in entry && KMS_KEY.test(entry.literal));
          if (key && "literal" in key) put("kms", key.literal, `${place(role)} (the key ${role.address} may decrypt with)`);
        }
      }
    }
  } else if (fn?.kind === "stack") {
    const parameters = attributeOf(fn.block, "parameters")?.expr;
    if (parameters?.kind === "object") {
      for (const item of parameters.items) {
        const key = item.key.kind === "traversal" && item.key.steps.length === 0 ? item.key.root : null;
        const text = stringValue(fn.block.module, item.value);
        if (key === "vpcSubnetIds" && text) put("subnets", text, place(fn.block, attributeOf(fn.block, "parameters")?.line));
        if (key === "vpcSecurityGroupIds" && text) put("sgs", text, place(fn.block, attributeOf(fn.block, "parameters")?.line));
        if (key === "masterSecretArn" && text) put("master", text, place(fn.block, attributeOf(fn.block, "parameters")?.line));
        if (key === "functionName") put("name", nameFrom(text, /-rotation$/), place(fn.block, attributeOf(fn.block, "parameters")?.line));
        if (key === "kmsKeyArn" && text) put("kms", text, place(fn.block, attributeOf(fn.block, "parameters")?.line));
      }
    }
  }
  if (target?.name) put("name", nameFrom(target.name, /-credentials$/), target.block ? place(target.block) : "the Terraform");

  // How the function reaches the Secrets Manager API.
  const endpoints = resourcesOf(ctx.project, "aws_vpc_endpoint").filter((e) => literalStrings(e.module, attributeOf(e, "service_name")?.expr ?? { kind: "literal", value: null, line: 0 }).some((t) => t.includes("secretsmanager")));
  if (endpoints.length > 0) put("endpoint", "existing", `${place(endpoints[0]!)} (an interface endpoint already exists)`);
  else if (resourcesOf(ctx.project, "aws_nat_gateway").length > 0) put("endpoint", "nat", place(resourcesOf(ctx.project, "aws_nat_gateway")[0]!));

  // Schedule.
  if (rotation) {
    const rules = nestedBlocks(rotation.block.body, "rotation_rules")[0];
    const get = (name: string) => rules?.body.attributes.find((a) => a.name === name);
    const days = numberValue(rotation.block.module, get("automatically_after_days")?.expr);
    const expression = stringValue(rotation.block.module, get("schedule_expression")?.expr);
    const duration = stringValue(rotation.block.module, get("duration")?.expr);
    if (expression) put("schedule", expression, place(rotation.block, get("schedule_expression")!.line));
    else if (days !== null) put("days", String(days), place(rotation.block, get("automatically_after_days")!.line));
    if (duration) put("window", duration, place(rotation.block, get("duration")!.line));
    const immediately = boolValue(rotation.block.module, attributeOf(rotation.block, "rotate_immediately")?.expr);
    if (immediately === false) put("immediately", "false", place(rotation.block, attributeOf(rotation.block, "rotate_immediately")?.line));
  }
  if (describe?.rules) {
    if (describe.rules.expression) put("schedule", describe.rules.expression, "describe-secret (RotationRules)");
    else if (describe.rules.days !== null) put("days", String(describe.rules.days), "describe-secret (RotationRules)");
    if (describe.rules.duration) put("window", describe.rules.duration, "describe-secret (RotationRules)");
  }

  // Encryption and alerts.
  if (target?.kms) put("kms", stringValue(target.kms.module, target.kms.expr), target.block ? place(target.block, attributeOf(target.block, "kms_key_id")?.line) : "the Terraform");
  if (describe?.kmsKeyId?.startsWith("arn:")) put("kms", describe.kmsKeyId, "describe-secret (KmsKeyId)");
  for (const subscription of resourcesOf(ctx.project, "aws_sns_topic_subscription")) {
    if (stringValue(subscription.module, attributeOf(subscription, "protocol")?.expr) === "email") {
      put("alarm", stringValue(subscription.module, attributeOf(subscription, "endpoint")?.expr), place(subscription));
    }
  }

  return finish(found, target);
}

function finish(found: Map<PlanParam, PlanValue>, target: SecretTarget | null): { plan: ProposedPlan; wizardQuery: string } {
  const given: Record<string, string> = {};
  for (const [param, value] of found) given[param] = value.value;
  const decoded = decodePlanObject(given);
  const rejected = decoded.problems
    .filter((problem) => found.has(problem.param as PlanParam))
    .map((problem) => ({ ...found.get(problem.param as PlanParam)!, message: problem.message }));
  const rejectedParams = new Set(rejected.map((r) => r.param));
  const accepted = [...found.values()].filter((value) => !rejectedParams.has(value.param));
  const values: Record<string, string> = {};
  for (const value of accepted.sort((a, b) => PLAN_PARAMS.indexOf(a.param as PlanParam) - PLAN_PARAMS.indexOf(b.param as PlanParam))) {
    const text = decoded.values[value.param as PlanParam];
    values[value.param] = typeof text === "boolean" ? String(text) : text;
  }
  const validation = validatePlan(decoded.values);
  const missing = validation.ok ? [] : [...validation.problems];
  if (!found.has("engine")) {
    missing.push({ param: "engine", message: "the input does not say which database engine this is (no engine in the secret's JSON, no database or AWS template in the Terraform): choose it in the wizard, which starts at PostgreSQL" });
  }
  if (target?.block && !found.has("secret")) {
    missing.push({
      param: "secret",
      message: `${target.block.address} is created by your Terraform: give its ARN (aws secretsmanager describe-secret --secret-id <its name>) so that the new setup rotates it; without it the bundle creates a new secret`,
    });
  }
  let plan: Plan;
  if (validation.ok) {
    plan = validation.plan;
  } else {
    // Not complete yet: each parameter on its own (every value here passed its field's check, or is the default).
    const defaults = defaultValues(decoded.values.engine as Engine);
    const partial: Record<string, unknown> = {};
    for (const param of PLAN_PARAMS) {
      const check = planFields.shape[param].safeParse(decoded.values[param]);
      partial[param] = check.success ? check.data : planFields.shape[param].safeParse(defaults[param]).data;
    }
    plan = partial as Plan;
  }
  const order = (param: string) => PLAN_PARAMS.indexOf(param as PlanParam);
  const byParam = <T extends { param: string }>(list: T[]) => list.sort((a, b) => order(a.param) - order(b.param));
  return { plan: { values, found: byParam([...found.values()]), rejected: byParam(rejected), missing: byParam(missing) }, wizardQuery: encodePlanQuery(plan) };
}

function primaryTarget(ctx: Context): SecretTarget | null {
  const withDescribe = ctx.secrets.find((t) => t.describe !== null);
  if (withDescribe) return withDescribe;
  const withRotation = ctx.secrets.find((t) => t.rotations.length > 0);
  if (withRotation) return withRotation;
  const withFields = ctx.secrets.find((t) => t.fields.has("engine") || t.fields.has("password"));
  return withFields ?? ctx.secrets[0] ?? null;
}

function engineFromSecret(value: string): Engine | null {
  const text = value.toLowerCase();
  for (const engine of ENGINES) if (ENGINE_FACTS[engine].secretEngine === text) return engine;
  return engineFromDatabase(text);
}

function engineFromDatabase(value: string): Engine | null {
  const text = value.toLowerCase();
  if (text.includes("postgres")) return "postgres";
  if (text.includes("mariadb")) return "mariadb";
  if (text.includes("mysql")) return "mysql";
  if (text.startsWith("sqlserver")) return "sqlserver";
  if (text.startsWith("oracle")) return "oracle";
  if (text.startsWith("db2")) return "db2";
  if (text.includes("redshift")) return "redshift";
  if (text.includes("docdb") || text.includes("mongo")) return "mongodb";
  return null;
}

/** AWS's templates by application name, from the same table the generator deploys. */
const TEMPLATES: Array<{ name: string; engine: Engine; multiUser: boolean }> = ENGINES.flatMap((engine) =>
  [false, true].map((multiUser) => {
    const id = sarApplications(engine, multiUser).aws.id;
    return { name: id.slice(id.lastIndexOf("/") + 1), engine, multiUser };
  }),
);

function templateOf(stack: TfBlock): { name: string; engine: Engine; multiUser: boolean } | null {
  const application = attributeOf(stack, "application_id") ?? attributeOf(stack, "template_url");
  if (!application) return null;
  const texts = literalStrings(stack.module, application.expr);
  for (const template of TEMPLATES) if (texts.some((text) => text.endsWith(template.name) || text.includes(`/${template.name}`))) return template;
  return null;
}

function nameFrom(text: string | null, suffix: RegExp): string | null {
  if (!text) return null;
  const name = text.toLowerCase().replace(suffix, "").replace(/[^a-z0-9-]+/g, "-").replace(/^[^a-z]+/, "").replace(/-+$/, "").slice(0, 40);
  return /^[a-z][a-z0-9-]{1,39}$/.test(name) ? name : null;
}
