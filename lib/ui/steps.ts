import type { PlanParam } from "@/lib/config";

/**
 * The wizard's steps, in order, and the plan parameters each one asks for. Every parameter belongs to
 * exactly one step, so a problem with a parameter always leads to the step where it can be fixed.
 */
export interface WizardStep {
  id: string;
  title: string;
  /** The title in the step indicator, where space is short. */
  short: string;
  /** One sentence under the step's heading: what this step decides. */
  intro: string;
  params: readonly PlanParam[];
}

export const WIZARD_STEPS = [
  {
    id: "database",
    title: "Database",
    short: "Database",
    intro: "Which database's password rotates, and which secret holds it.",
    params: ["name", "engine", "platform", "secret"],
  },
  {
    id: "network",
    title: "Network",
    short: "Network",
    intro: "Where the rotation function runs, and how it reaches the database and the Secrets Manager API.",
    params: ["subnets", "sgs", "vpc", "dbsg", "endpoint"],
  },
  {
    id: "schedule",
    title: "Schedule",
    short: "Schedule",
    intro: "How often the password changes, and when.",
    params: ["days", "schedule", "window", "immediately"],
  },
  {
    id: "strategy",
    title: "Strategy",
    short: "Strategy",
    intro: "How the password changes, the function that changes it, and what you hear when it fails.",
    params: ["strategy", "master", "masterkms", "lambda", "runtime", "arch", "exclude", "length", "tls", "kms", "boundary", "alarm"],
  },
  {
    id: "review",
    title: "Review & download",
    short: "Review",
    intro: "Check the plan, then download the bundle.",
    params: [],
  },
] as const satisfies readonly WizardStep[];

export const REVIEW_STEP = WIZARD_STEPS.length - 1;

/** The index of the step that asks for a parameter, or -1 for names that are not plan parameters. */
export function stepOfParam(param: string): number {
  return WIZARD_STEPS.findIndex((step) => (step.params as readonly string[]).includes(param));
}

/** Every plan parameter the form asks for, in the steps' order. */
export const FORM_PARAMS: readonly PlanParam[] = WIZARD_STEPS.flatMap((step) => step.params);
