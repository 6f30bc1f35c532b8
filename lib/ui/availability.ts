import { ENGINES, PLATFORMS, TLS_MODES, type Engine, type Platform, type TlsMode } from "@/lib/config/choices";
import { BUNDLED_ENGINES, ENGINE_FACTS, engineRunsOn, isBundledEngine, managedRotationAvailable, templateTlsMeaning } from "@/lib/config/engines";
import type { PlanParam, PlanValues } from "@/lib/config";
import { OPTION_LABELS } from "@/lib/config/labels";
import { listInWords } from "@/lib/words";
import { choiceLabel } from "./fields";

/**
 * Which choices cannot work with the rest of the plan, and why, asked of the same rules the schema applies
 * (`engineRunsOn`, `managedRotationAvailable`, `isBundledEngine`), so the form disables exactly
 * what validation would refuse. Zod-free: the form asks on every render.
 */

function isEngine(value: unknown): value is Engine {
  return (ENGINES as readonly unknown[]).includes(value);
}

function isPlatform(value: unknown): value is Platform {
  return (PLATFORMS as readonly unknown[]).includes(value);
}

/** Why `param=value` cannot work with the plan's engine and platform, or null when it can. */
export function unavailableReason(param: PlanParam, value: string, values: Pick<PlanValues, "engine" | "platform">): string | null {
  if (!isEngine(values.engine)) return null;
  const engine = ENGINE_FACTS[values.engine];
  switch (param) {
    case "platform": {
      if (!isPlatform(value) || engineRunsOn(values.engine, value) || engine.platforms === null) return null;
      return `${engine.label} does not run on ${choiceLabel("platform", value)}.`;
    }
    case "strategy": {
      if (value !== "managed" || !isPlatform(values.platform) || managedRotationAvailable(values.engine, values.platform)) return null;
      const managedOn = Array.isArray(engine.managedOn) ? engine.managedOn : [];
      if (managedOn.length === 0) return `AWS does not manage ${engine.label}'s master password.`;
      return `AWS manages ${engine.label}'s master password only on ${listInWords(managedOn.map((platform) => choiceLabel("platform", platform)))}.`;
    }
    case "lambda": {
      if (value !== "bundled" || isBundledEngine(values.engine)) return null;
      return `Our function supports ${listInWords(BUNDLED_ENGINES.map((bundled) => ENGINE_FACTS[bundled].label))}; ${engine.label} needs AWS's template.`;
    }
    default:
      return null;
  }
}

/**
 * A second Secrets Manager endpoint with private DNS in the same VPC fails the apply (its private host name
 * is taken): the command lists the endpoints of the subnet's VPC, with whether private DNS is on.
 */
const ENDPOINT_CHECK =
  `The apply fails if the VPC already has a Secrets Manager endpoint with private DNS; then choose ${OPTION_LABELS.endpoint.existing}. To check, with one of your subnet ids: ` +
  "aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.$(aws configure get region).secretsmanager " +
  "Name=vpc-id,Values=$(aws ec2 describe-subnets --subnet-ids SUBNET_ID --query 'Subnets[0].VpcId' --output text) " +
  "--query 'VpcEndpoints[].[VpcEndpointId,PrivateDnsEnabled]' --output text";

/**
 * What the current choice of a closed list means with the rest of the plan, when that is not what its
 * words say: the TLS choices as AWS's template for the engine carries them out. Null when the words hold.
 */
export function choiceNote(param: PlanParam, values: Pick<PlanValues, "engine" | "lambda" | "tls" | "endpoint">): string | null {
  if (param === "endpoint" && values.endpoint === "create") return ENDPOINT_CHECK;
  if (param !== "tls" || values.lambda !== "sar" || !isEngine(values.engine)) return null;
  const tls = (TLS_MODES as readonly string[]).includes(values.tls) ? (values.tls as TlsMode) : "verify";
  return templateTlsMeaning(values.engine, tls);
}
