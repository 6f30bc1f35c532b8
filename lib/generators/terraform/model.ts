import { ENGINE_FACTS, planShape, type Plan, type PlanParam, type PlanShape } from "@/lib/config";
import type { Feature } from "../features/feature";
import { raw, type HclValue } from "../hcl";

/**
 * A plan as the generators see it: its shape (decided in lib/config, once), the features it has, the names
 * the bundle gives its resources and how one file refers to another's.
 */
export interface TerraformModel extends PlanShape {
  /** The features that apply to the plan, in the order they were given (FEATURES, in the product). */
  features: readonly Feature[];
  /** Parameters whose values are the wizard's examples, not the user's (BundleInput.examples). */
  examples: readonly PlanParam[];
  databasePort: number;
  names: {
    function: string;
    role: string;
    secret: string;
    securityGroup: string;
    endpointSecurityGroup: string;
    logGroup: string;
    topic: string;
    /** The CloudFormation stack AWS's template becomes: the repository prefixes the name it is given. */
    templateStack: string;
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

/** The model of a plan, with the features among `candidates` that apply to it (`modelOf` passes FEATURES). */
export function terraformModel(plan: Plan, candidates: readonly Feature[], examples: readonly PlanParam[] = []): TerraformModel {
  const shape = planShape(plan);
  const functionName = `${plan.name}-rotation`;
  return {
    ...shape,
    features: candidates.filter((feature) => feature.applies(shape)),
    examples,
    databasePort: ENGINE_FACTS[plan.engine].defaultPort,
    names: {
      function: functionName,
      role: functionName,
      secret: `${plan.name}-credentials`,
      securityGroup: functionName,
      endpointSecurityGroup: `${plan.name}-secretsmanager-endpoint`,
      logGroup: `/aws/lambda/${functionName}`,
      topic: `${plan.name}-rotation-alerts`,
      templateStack: `serverlessrepo-${functionName}`,
    },
    refs: {
      secretArn: shape.createsSecret ? raw("aws_secretsmanager_secret.this.arn") : raw("var.secret_arn"),
      functionSecurityGroupIds: shape.createsFunctionSecurityGroup ? [raw("aws_security_group.rotation.id")] : raw("var.security_group_ids"),
      vpcId: raw("data.aws_vpc.this.id"),
      functionArn: shape.bundledFunction
        ? raw("aws_lambda_function.rotation.arn")
        : shape.templateFunction
          ? raw('aws_serverlessapplicationrepository_cloudformation_stack.rotation.outputs["RotationLambdaARN"]')
          : null,
    },
  };
}

/** `tags = var.tags`, last in every taggable resource as terraform-aws-modules does. */
export const TAGS = raw("var.tags");
