import type { EndpointMode, FunctionStrategy } from "./choices";
import { isBundledEngine, type BundledEngine } from "./engines";
import type { Plan } from "./schema";

/**
 * A plan and what it deploys, decided here once: whether a function rotates the secret, whose function it
 * is, whether Terraform creates the secret, which network pieces exist. The schema's rules, the generators'
 * features, the README, the review and the diagram all ask this rather than re-reading the raw choices, so
 * that they cannot disagree about what a choice means. Zod-free: the page's first load may import it.
 */
export interface PlanShape {
  plan: Plan;
  /** A Lambda function rotates the secret: every strategy but managed, under which AWS rotates it itself. */
  usesFunction: boolean;
  /** What the function does (single user or alternating users); null under managed rotation. */
  functionStrategy: FunctionStrategy | null;
  /** An admin secret switches between the user and its _clone (strategy=alternating). */
  alternatingUsers: boolean;
  /** The function is ours (lambda=bundled), built from lambda/ in the bundle. */
  bundledFunction: boolean;
  /**
   * The engine our function is built for; null without our function. The schema allows lambda=bundled for
   * these engines only, so for a valid plan it is set whenever `bundledFunction` is.
   */
  bundledEngine: BundledEngine | null;
  /** The function is AWS's published template (lambda=sar), deployed from the Serverless Application Repository. */
  templateFunction: boolean;
  /** Terraform creates the secret (secret=new). Under managed rotation the database service creates it. */
  createsSecret: boolean;
  /** How the function reaches the Secrets Manager API; null without a function. */
  apiRoute: EndpointMode | null;
  /** The bundle creates a Secrets Manager interface endpoint (endpoint=create). */
  createsEndpoint: boolean;
  /** No security groups were given, so the function gets one of its own. */
  createsFunctionSecurityGroup: boolean;
  /** A rule opens the database's security group (dbsg) to the function. */
  opensDatabase: boolean;
  /** The plan states the VPC id; the bundle finds the VPC from the subnets anyway and checks that the two agree. */
  statesVpc: boolean;
  /** A customer managed KMS key encrypts the secret (kms). */
  encryptsWithOwnKey: boolean;
  /** Failed rotations are e-mailed (alarm). */
  sendsAlerts: boolean;
}

export function planShape(plan: Plan): PlanShape {
  const usesFunction = rotatesWithFunction(plan.strategy);
  const bundledFunction = usesFunction && plan.lambda === "bundled";
  return {
    plan,
    usesFunction,
    functionStrategy: plan.strategy === "managed" ? null : plan.strategy,
    alternatingUsers: plan.strategy === "alternating",
    bundledFunction,
    bundledEngine: bundledFunction && isBundledEngine(plan.engine) ? plan.engine : null,
    templateFunction: usesFunction && plan.lambda === "sar",
    createsSecret: usesFunction && plan.secret === "new",
    apiRoute: usesFunction ? plan.endpoint : null,
    createsEndpoint: usesFunction && plan.endpoint === "create",
    createsFunctionSecurityGroup: usesFunction && plan.sgs.length === 0,
    opensDatabase: usesFunction && plan.dbsg !== "",
    statesVpc: usesFunction && plan.vpc !== "",
    encryptsWithOwnKey: plan.kms !== "",
    sendsAlerts: plan.alarm !== "",
  };
}

/**
 * Whether a strategy rotates with a Lambda function. Takes raw form values too (`unusedParams` asks before
 * validation): anything but "managed" is a function's strategy, as the schema will have it.
 */
export function rotatesWithFunction(strategy: unknown): boolean {
  return strategy !== "managed";
}
