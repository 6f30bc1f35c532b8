import { ENGINE_FACTS, type Plan } from "@/lib/config";
import { raw, type HclValue } from "../hcl";

/**
 * Facts about the Terraform of a plan that several files need, decided once: which optional pieces
 * exist and how one file refers to another's resources.
 */
export interface TerraformModel {
  plan: Plan;
  databasePort: number;
  /** The rotation function is ours (lambda=bundled), built from `lambda/`. */
  bundledFunction: boolean;
  /** A Lambda function rotates the secret (every strategy but managed). */
  usesFunction: boolean;
  /** Terraform creates the secret (secret=new) rather than rotating an existing one. */
  createsSecret: boolean;
  /** No security groups were given, so the function gets one of its own. */
  createsFunctionSecurityGroup: boolean;
  createsEndpoint: boolean;
  /** The plan states the VPC id; the bundle finds the VPC from the subnets anyway and checks that the two agree. */
  statesVpc: boolean;
  alternatingUsers: boolean;
  names: {
    function: string;
    role: string;
    secret: string;
    securityGroup: string;
    endpointSecurityGroup: string;
    logGroup: string;
    topic: string;
  };
  refs: {
    secretArn: HclValue;
    functionSecurityGroupIds: HclValue;
    /** The VPC of the function's subnets, as AWS reports it (network.tf). */
    vpcId: HclValue;
    /** The rotation function's ARN, ours or the one AWS's template stack created; null under managed rotation. */
    functionArn: HclValue | null;
  };
}

export function terraformModel(plan: Plan): TerraformModel {
  const usesFunction = plan.strategy !== "managed";
  // Under managed rotation the database service creates the secret; we only schedule it.
  const createsSecret = usesFunction && plan.secret === "new";
  const createsFunctionSecurityGroup = usesFunction && plan.sgs.length === 0;
  const createsEndpoint = usesFunction && plan.endpoint === "create";
  const functionName = `${plan.name}-rotation`;
  return {
    plan,
    databasePort: ENGINE_FACTS[plan.engine].defaultPort,
    bundledFunction: usesFunction && plan.lambda === "bundled",
    usesFunction,
    createsSecret,
    createsFunctionSecurityGroup,
    createsEndpoint,
    statesVpc: usesFunction && plan.vpc !== "",
    alternatingUsers: plan.strategy === "alternating",
    names: {
      function: functionName,
      role: functionName,
      secret: `${plan.name}-credentials`,
      securityGroup: functionName,
      endpointSecurityGroup: `${plan.name}-secretsmanager-endpoint`,
      logGroup: `/aws/lambda/${functionName}`,
      topic: `${plan.name}-rotation-alerts`,
    },
    refs: {
      secretArn: createsSecret ? raw("aws_secretsmanager_secret.this.arn") : raw("var.secret_arn"),
      functionSecurityGroupIds: createsFunctionSecurityGroup ? [raw("aws_security_group.rotation.id")] : raw("var.security_group_ids"),
      vpcId: raw("data.aws_vpc.this.id"),
      functionArn: !usesFunction
        ? null
        : plan.lambda === "bundled"
          ? raw("aws_lambda_function.rotation.arn")
          : raw('aws_serverlessapplicationrepository_cloudformation_stack.rotation.outputs["RotationLambdaARN"]'),
    },
  };
}

/** `tags = var.tags`, last in every taggable resource as terraform-aws-modules does. */
export const TAGS = raw("var.tags");
