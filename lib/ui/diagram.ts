import { defaultValues, ENGINE_FACTS, PLAN_PARAMS, planFields, planShape, readField, type Plan, type PlanParam, type PlanValues } from "@/lib/config";
import { FEATURES, type Feature } from "@/lib/generators/features";
import { DIAGRAM_NODE_IDS, type Deployment, type DiagramNode } from "@/lib/generators/features/feature";
import { choiceLabel, FIELD_SPECS } from "./fields";

export type { DiagramNode, DiagramNodeId } from "@/lib/generators/features/feature";

/**
 * What the wizard's diagram draws and says, assembled from the plan's features (their `diagram` parts)
 * around the database every plan has. It needs the schema and the features, so the page's first load does
 * not carry it: the server draws the first diagram and the plan runtime every later one.
 */
export interface Diagram {
  /** The boxes, in reading order. */
  nodes: DiagramNode[];
  /** The subnets the function runs in; null when no function runs. */
  subnets: { count: number; vpc: string } | null;
  /** The diagram in words, for its `<desc>`: what a screen reader says instead of the picture. */
  description: string;
}

/** The diagram of the form's values as typed: it follows choices before the plan is complete. */
export function diagramOf(values: PlanValues): Diagram {
  return diagramOfPlan(draftPlan(values));
}

/** The diagram of a plan, complete or drafted, from the features it has. */
export function diagramOfPlan(plan: Plan, features: readonly Feature[] = FEATURES): Diagram {
  const deployment = deploymentOf(plan);
  const parts = features.flatMap((feature) => (feature.applies(deployment.shape) && feature.diagram ? [feature.diagram(deployment)] : []));
  const nodes = [databaseNode(deployment), ...parts.flatMap((part) => part.node ?? [])];
  const sentences = parts.flatMap((part) => part.sentence ?? []);
  if (!deployment.shape.sendsAlerts) sentences.push("No failure alerts are set up.");
  return {
    nodes: nodes.sort((a, b) => DIAGRAM_NODE_IDS.indexOf(a.id) - DIAGRAM_NODE_IDS.indexOf(b.id)),
    subnets: parts.find((part) => part.subnets)?.subnets ?? null,
    description: sentences.join(" "),
  };
}

/**
 * The form's values as a plan before it is complete: each value as its field reads it or, where it does not
 * read (yet), text as typed and a closed choice at its default. Cross-field rules are not asked: a plan
 * that still misses its subnets has a diagram all the same.
 */
function draftPlan(values: PlanValues): Plan {
  const engine = planFields.shape.engine.safeParse(values.engine);
  const defaults = defaultValues(engine.success ? engine.data : undefined);
  return Object.fromEntries(PLAN_PARAMS.map((param) => [param, draftValue(param, values[param], defaults[param])])) as Plan;
}

/** A field's value in the draft: as the field reads it, or else as typed (text) or its default (a choice). */
function draftValue(param: PlanParam, typed: string | boolean, fallback: string | boolean): unknown {
  const read = readField(param, typed);
  if (read.success) return read.data;
  const defaultRead = readField(param, fallback);
  if (!defaultRead.success) throw defaultRead.error; // every default reads: the wizard starts from them
  const byDefault: unknown = defaultRead.data;
  const { kind } = FIELD_SPECS[param];
  if (typeof typed !== "string" || kind === "select" || kind === "choice" || typeof byDefault === "number") return byDefault;
  return Array.isArray(byDefault) ? typed.split(/[\s,]+/).filter((id) => id !== "") : typed.trim();
}

function deploymentOf(plan: Plan): Deployment {
  const facts = ENGINE_FACTS[plan.engine];
  const platform = facts.platforms === null ? null : choiceLabel("platform", plan.platform);
  return {
    shape: planShape(plan),
    engine: facts.label,
    platform,
    database: platform ? `${facts.label} on ${platform}` : facts.label,
    port: facts.defaultPort,
  };
}

/** Shorter platform names, for the database's box. */
const PLATFORM_SHORT: Record<string, string> = { "Amazon RDS": "RDS", "Amazon Aurora": "Aurora", "Self-managed": "self-managed" };

/** Every plan has a database: the diagram draws it whatever the features. */
function databaseNode({ engine, platform, port }: Deployment): DiagramNode {
  const short = platform === null ? null : (PLATFORM_SHORT[platform] ?? platform);
  return { id: "database", title: engine, details: short === null ? [`port ${port}`] : [`${short} · port ${port}`, `${short} · ${port}`] };
}
