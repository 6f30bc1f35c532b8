import { ENGINES, type Engine } from "@/lib/config/choices";
import { ENGINE_FACTS } from "@/lib/config/engines";
import type { PlanParam, PlanValues } from "@/lib/config";
import { choiceLabel } from "./fields";
import { listInWords } from "./availability";

/**
 * What a plan deploys, as the diagram draws it and as its description says it. Built from the form's
 * values as typed (the diagram follows choices before the plan is complete); parameters that the other
 * choices make meaningless are left out, as the generators leave them out.
 */
export interface Deployment {
  secret: { existing: boolean; name: string };
  /** The admin secret of alternating users. */
  master: boolean;
  /** The customer managed key that encrypts the secret. */
  kms: boolean;
  rotation:
    | { kind: "managed" }
    | { kind: "bundled" | "sar"; subnets: number; vpc: string; newSecurityGroup: boolean };
  database: { engine: string; platform: string | null; port: number };
  /** How the function reaches the Secrets Manager API; null without a function. */
  apiRoute: "create" | "existing" | "nat" | null;
  /** Where failure alerts go. */
  alarm: string | null;
}

export type DiagramNodeId = "secret" | "master" | "kms" | "rotation" | "network" | "database" | "alarm";

function countIds(list: string): number {
  return list.split(/[\s,]+/).filter((id) => id !== "").length;
}

export function deployment(values: PlanValues, unused: ReadonlyMap<PlanParam, string>): Deployment {
  const engine: Engine = (ENGINES as readonly string[]).includes(values.engine) ? (values.engine as Engine) : "postgres";
  const facts = ENGINE_FACTS[engine];
  const managed = values.strategy === "managed";
  const lambda = values.lambda === "sar" ? "sar" : "bundled";
  const endpoint = values.endpoint === "existing" || values.endpoint === "nat" ? values.endpoint : "create";
  return {
    secret: { existing: values.secret.trim() !== "new", name: values.name.trim() },
    master: !unused.has("master") && values.strategy === "alternating",
    kms: values.kms.trim() !== "",
    rotation: managed
      ? { kind: "managed" }
      : { kind: lambda, subnets: countIds(values.subnets), vpc: values.vpc.trim(), newSecurityGroup: countIds(values.sgs) === 0 },
    database: {
      engine: facts.label,
      platform: facts.platforms === null || unused.has("platform") ? null : choiceLabel("platform", values.platform),
      port: facts.defaultPort,
    },
    apiRoute: managed ? null : endpoint,
    alarm: values.alarm.trim() === "" ? null : values.alarm.trim(),
  };
}

/** The nodes the diagram draws for a deployment, in reading order. */
export function diagramNodes(plan: Deployment): DiagramNodeId[] {
  const nodes: DiagramNodeId[] = ["secret"];
  if (plan.kms) nodes.push("kms");
  if (plan.master) nodes.push("master");
  nodes.push("rotation");
  if (plan.apiRoute !== null) nodes.push("network");
  nodes.push("database");
  if (plan.alarm !== null) nodes.push("alarm");
  return nodes;
}

const API_ROUTE_WORDS = {
  create: "a new Secrets Manager interface endpoint with private DNS",
  existing: "the VPC's existing Secrets Manager endpoint",
  nat: "a NAT gateway to the internet",
} as const;

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? "" : "s"}`;
}

/** The diagram in words, for its `<desc>`: what a screen reader says instead of the picture. */
export function describeDeployment(plan: Deployment): string {
  const database = plan.database.platform ? `${plan.database.engine} on ${plan.database.platform}` : plan.database.engine;
  const sentences = [
    `${plan.secret.existing ? "An existing secret" : "A new secret"} in AWS Secrets Manager${plan.kms ? ", encrypted with your KMS key" : ""}.`,
  ];
  if (plan.rotation.kind === "managed") {
    sentences.push(`AWS rotates the master password of ${database} itself: no function and no network set-up.`);
  } else {
    const where = plan.rotation.subnets === 0 ? "in your subnets (none given yet)" : `in ${plural(plan.rotation.subnets, "subnet")}`;
    const vpc = plan.rotation.vpc === "" ? "" : ` of ${plan.rotation.vpc}`;
    const code = plan.rotation.kind === "bundled" ? "The bundled rotation function" : "AWS's rotation function template";
    const extras = [plan.master && "signs in with the admin secret to switch users", `changes the password of ${database} on port ${plan.database.port}`];
    sentences.push(`${code} runs ${where}${vpc}, ${listInWords(extras.filter((item): item is string => Boolean(item)))}.`);
    sentences.push(`It reaches the Secrets Manager API through ${API_ROUTE_WORDS[plan.apiRoute ?? "create"]}.`);
  }
  sentences.push(plan.alarm ? `Failed rotations are sent to ${plan.alarm} through an SNS topic.` : "No failure alerts are set up.");
  return sentences.join(" ");
}
