import { flatMap } from "../flat-map";
import { comment, type HclBlock, type HclValue } from "../hcl";
import type { TerraformModel } from "./model";
import { longestHoursBetweenRotations } from "./rotation-interval";

/**
 * Where a bundle deliberately departs from a check of the security scanners organisations run on every pull
 * request (checkov, trivy), and why. The other checks they run on the bundle's resource types are met in the
 * resources themselves (tests/terraform-scanners.test.ts mirrors them); these are the checks whose fix would
 * not serve you (a dead-letter queue that a synchronous caller never fills), or that follow a choice of the
 * plan (no `kms`, a long schedule).
 *
 * Each opt-out is written into the resource as the scanners' own inline comment, with its reason:
 * `# checkov:skip=ID:reason` as the block's first line (checkov reads skips inside the block), and
 * `# trivy:ignore:ID` directly above the block (trivy reads the comment lines just before it). The README
 * lists the same opt-outs, so one table decides all three.
 */
export interface ScannerOptOut {
  /** The resource or data source, as Terraform addresses it. */
  address: string;
  /** checkov's check ID, e.g. CKV_AWS_115. */
  checkov?: string;
  /** trivy's ID of the same finding, e.g. AVD-AWS-0017. */
  trivy?: string;
  reason: string;
}

interface Rule {
  /** `type.name` of a resource, `data.type.name` of a data source. */
  address: string;
  checkov?: string;
  trivy?: string;
  /** The reason to opt out for this plan and block, or null when the block meets the check. */
  reason(model: TerraformModel, block: HclBlock): string | null;
}

const ROTATION_CHECK_DAYS = 90;

const RULES: readonly Rule[] = [
  {
    address: "aws_cloudwatch_log_group.rotation",
    checkov: "CKV_AWS_158",
    trivy: "AVD-AWS-0017",
    reason: () =>
      "CloudWatch Logs encrypts the log group at rest; a customer managed key would need a key policy that admits the logs service, and the function never logs a password",
  },
  {
    address: "aws_lambda_function.rotation",
    checkov: "CKV_AWS_115",
    reason: () => "reserving concurrency fails the apply on accounts with the default limit of 10; a rotation runs one step at a time",
  },
  {
    address: "aws_lambda_function.rotation",
    checkov: "CKV_AWS_116",
    reason: () =>
      "Secrets Manager invokes the function synchronously and a dead-letter queue only receives failed asynchronous events; a failed step fails the rotation, which Secrets Manager retries and reports as RotationFailed",
  },
  {
    address: "aws_lambda_function.rotation",
    checkov: "CKV_AWS_272",
    reason: () =>
      "the code is the reviewed lambda/ folder, built by build.sh and deployed from a local zip; code signing needs an AWS Signer profile and a signed package in S3",
  },
  {
    address: "aws_lambda_function.rotation",
    checkov: "CKV_AWS_173",
    reason: ({ encryptsWithOwnKey }) =>
      encryptsWithOwnKey
        ? null
        : "the environment holds no secret (endpoint, password policy, TLS settings) and Lambda encrypts it at rest with its AWS managed key; give the plan a KMS key ARN to use your key",
  },
  {
    address: "aws_secretsmanager_secret.this",
    checkov: "CKV_AWS_149",
    trivy: "AVD-AWS-0098",
    reason: ({ encryptsWithOwnKey }) => (encryptsWithOwnKey ? null : "the AWS managed key aws/secretsmanager encrypts the secret; give the plan a KMS key ARN to use a customer managed key"),
  },
  {
    address: "aws_secretsmanager_secret_rotation.this",
    checkov: "CKV_AWS_304",
    reason: (_, block) => rotationScheduleReason(block),
  },
  {
    address: "aws_security_group.rotation",
    checkov: "CKV2_AWS_5",
    reason: ({ templateFunction }) =>
      templateFunction
        ? "AWS's template attaches this group to the function it creates (the stack's vpcSecurityGroupIds), which checkov cannot follow"
        : null,
  },
  {
    // trivy no longer runs this check (trivy-checks marks it deprecated); tfsec still does.
    address: "data.aws_iam_policy_document.rotation",
    trivy: "AVD-AWS-0057",
    reason: () =>
      "Lambda names the network interfaces and log streams it creates, so IAM can only be given their patterns (network-interface/* in this account and region, the streams of the function's own log group); the resources that are only * belong to actions for which IAM defines no resource",
  },
  {
    address: "aws_vpc_security_group_egress_rule.rotation_to_secretsmanager",
    trivy: "AVD-AWS-0104",
    reason: ({ apiRoute }) =>
      apiRoute === "nat"
        ? "the function reaches the public Secrets Manager endpoint through your NAT gateway, on HTTPS only"
        : null,
  },
];

/**
 * checkov 3.1 counts a rotation as within 90 days only when a number of days below 90 is given (later
 * releases accept 90, and rate() and cron() expressions); the reason says how far apart rotations can be.
 */
function rotationScheduleReason(block: HclBlock): string | null {
  const rules = block.body.find((node): node is HclBlock => node.kind === "block" && node.type === "rotation_rules");
  const days = attributeOf(rules, "automatically_after_days");
  const expression = attributeOf(rules, "schedule_expression");
  if (typeof days === "number") {
    if (days < ROTATION_CHECK_DAYS) return null;
    if (days === ROTATION_CHECK_DAYS) return "rotates every 90 days; checkov 3.1 counts only fewer than 90 as within this check";
    return `rotates every ${days} days, as the plan asks; a rotation every 90 days or fewer meets this check`;
  }
  if (typeof expression !== "string") return null;
  const hours = longestHoursBetweenRotations({ expression });
  if (hours <= ROTATION_CHECK_DAYS * 24) {
    return `rotations are at most ${describeHours(hours)} apart (${expression}); checkov 3.1 reads only a number of days, not schedule expressions`;
  }
  return Number.isFinite(hours)
    ? `rotations can be ${describeHours(hours)} apart (${expression}), as the plan asks; a schedule with rotations at most 90 days apart meets this check`
    : `the schedule ${expression} rotates less than once in nine years, as the plan asks; a schedule with rotations at most 90 days apart meets this check`;
}

function describeHours(hours: number): string {
  if (hours < 24) return `${hours} hours`;
  const days = Math.ceil(hours / 24);
  return days === 1 ? "1 day" : `${days} days`;
}

function attributeOf(block: HclBlock | undefined, name: string): HclValue | undefined {
  const node = block?.body.find((candidate) => candidate.kind === "attribute" && candidate.name === name);
  return node?.kind === "attribute" ? node.value : undefined;
}

function addressOf(block: HclBlock): string | null {
  if (block.type === "resource") return block.labels.join(".");
  if (block.type === "data") return ["data", ...block.labels].join(".");
  return null;
}

/** The rules by the address they concern: a block looks up its own instead of running through them all. */
const RULES_BY_ADDRESS = new Map<string, Rule[]>();
for (const rule of RULES) RULES_BY_ADDRESS.set(rule.address, [...(RULES_BY_ADDRESS.get(rule.address) ?? []), rule]);

/**
 * Opt-outs by model and block: each Terraform file and the README's scanner section ask for the same blocks'
 * (and the rotation schedule's reason walks nine years of days). Per bundle, as the model is made once per
 * bundle input (`modelOf`); nothing survives into the next bundle.
 */
const optOutsByModel = new WeakMap<TerraformModel, WeakMap<HclBlock, readonly ScannerOptOut[]>>();

/** One block's opt-outs, in RULES order. Shared: never change them. */
function optOutsOf(block: HclBlock, model: TerraformModel): readonly ScannerOptOut[] {
  let ofModel = optOutsByModel.get(model);
  if (!ofModel) optOutsByModel.set(model, (ofModel = new WeakMap()));
  let optOuts = ofModel.get(block);
  if (!optOuts) ofModel.set(block, (optOuts = rulesOptOuts(block, model)));
  return optOuts;
}

function rulesOptOuts(block: HclBlock, model: TerraformModel): ScannerOptOut[] {
  const address = addressOf(block);
  const rules = address === null ? undefined : RULES_BY_ADDRESS.get(address);
  if (rules === undefined) return [];
  return flatMap(rules, (rule) => {
    const reason = rule.reason(model, block);
    return reason === null ? [] : [{ address: rule.address, checkov: rule.checkov, trivy: rule.trivy, reason }];
  });
}

/** The opt-outs of these blocks (one Terraform file's, or the whole bundle's), in block order. */
export function scannerOptOuts(blocks: readonly HclBlock[], model: TerraformModel): ScannerOptOut[] {
  return flatMap(blocks, (block) => optOutsOf(block, model));
}

/** The blocks with their opt-outs written in: checkov's skips inside, trivy's ignores right above. */
export function withScannerOptOuts(blocks: readonly HclBlock[], model: TerraformModel): HclBlock[] {
  return blocks.map((block) => {
    const own = optOutsOf(block, model);
    if (own.length === 0) return block;
    const skips = flatMap(own, (optOut) => (optOut.checkov ? [`checkov:skip=${optOut.checkov}:${optOut.reason}`] : []));
    const ignores = flatMap(own, (optOut) => (optOut.trivy ? [`trivy:ignore:${optOut.trivy} ${optOut.reason}`] : []));
    return {
      ...block,
      comment: [...block.comment, ...ignores],
      body: skips.length > 0 ? [comment(...skips), ...block.body] : block.body,
    };
  });
}
