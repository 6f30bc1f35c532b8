import { ARCHITECTURES, ENDPOINT_MODES, ENGINES, LAMBDA_SOURCES, PLATFORMS, RUNTIMES, STRATEGIES, TLS_MODES } from "@/lib/config/choices";
import { ENGINE_FACTS } from "@/lib/config/engines";
import { OPTION_LABELS, PARAM_LABELS } from "@/lib/config/labels";
import type { PlanParam } from "@/lib/config";

/**
 * How the form asks for each plan parameter: its label in the user's words, a hint, and for closed lists
 * the words for each choice, with the trade-off it makes. Values and rules come from `lib/config`, and so do
 * the labels (`lib/config/labels.ts`, which the messages and the bundle's README share); the hints live
 * here. Imports stay on the zod-free modules of `lib/config`: this file is part of the page's first load.
 */

export interface ChoiceOption {
  value: string;
  label: string;
  hint?: string;
}

interface Common {
  label: string;
  hint?: string;
}

export type FieldSpec =
  | (Common & { kind: "text"; placeholder?: string; code?: boolean; inputMode?: "numeric" | "email" })
  | (Common & { kind: "select"; options: readonly ChoiceOption[] })
  | (Common & { kind: "choice"; options: readonly ChoiceOption[] })
  | (Common & { kind: "checkbox" })
  | (Common & { kind: "secret" });

/** Pairs every value of a closed list with its label (labels.ts) and its hint, so a new value cannot be forgotten here. */
function options<const P extends keyof typeof OPTION_LABELS, const T extends readonly (keyof (typeof OPTION_LABELS)[P] & string)[]>(
  param: P,
  values: T,
  hints: { [K in T[number]]: Omit<ChoiceOption, "value" | "label"> },
): ChoiceOption[] {
  const labels = OPTION_LABELS[param] as Record<string, string>;
  return values.map((value) => ({ value, label: labels[value]!, ...hints[value as T[number]] }));
}

export const FIELD_SPECS: Record<PlanParam, FieldSpec> = {
  name: {
    kind: "text",
    label: PARAM_LABELS.name,
    hint: "Starts every resource name: lowercase letters, digits and hyphens.",
    placeholder: "app-db",
    code: true,
  },
  engine: {
    kind: "select",
    label: PARAM_LABELS.engine,
    options: ENGINES.map((engine) => ({ value: engine, label: `${OPTION_LABELS.engine[engine]} (port ${ENGINE_FACTS[engine].defaultPort})` })),
  },
  platform: {
    kind: "choice",
    label: PARAM_LABELS.platform,
    options: options("platform", PLATFORMS, {
      rds: { hint: "A managed DB instance." },
      aurora: { hint: "A managed cluster." },
      "self-managed": { hint: "On EC2 or another host in the VPC." },
    }),
  },
  secret: {
    kind: "secret",
    label: PARAM_LABELS.secret,
    hint: "The ARN of the secret that holds the database user's credentials.",
  },
  subnets: {
    kind: "text",
    label: PARAM_LABELS.subnets,
    hint: "Subnet ids, separated by commas, where the rotation function runs. They must reach the database; two or more, in different AZs, are advised.",
    placeholder: "subnet-0123456789abcdef0, subnet-0fedcba9876543210",
    code: true,
  },
  sgs: {
    kind: "text",
    label: PARAM_LABELS.sgs,
    hint: "Security group ids, separated by commas. Leave empty to create one in the VPC.",
    placeholder: "sg-0123456789abcdef0",
    code: true,
  },
  vpc: {
    kind: "text",
    label: PARAM_LABELS.vpc,
    hint: "Optional: Terraform finds it from the subnets. When given, it must be the subnets' VPC.",
    placeholder: "vpc-0123456789abcdef0",
    code: true,
  },
  dbsg: {
    kind: "text",
    // The label in messages and the README is without "(recommended)": that is advice, not its name.
    label: `${PARAM_LABELS.dbsg} (recommended)`,
    hint: "When given, a rule opens the database port to the function. Without it you open the port yourself, or rotation times out in setSecret.",
    placeholder: "sg-0fedcba9876543210",
    code: true,
  },
  endpoint: {
    kind: "choice",
    label: PARAM_LABELS.endpoint,
    hint: "The function calls the Secrets Manager API at every step; without a route it times out.",
    options: options("endpoint", ENDPOINT_MODES, {
      create: {
        hint: "An interface endpoint with private DNS: traffic stays in the VPC. It costs a little per hour and AZ.",
      },
      existing: {
        hint: "The VPC already has a Secrets Manager endpoint with private DNS; nothing new to pay for.",
      },
      nat: {
        hint: "The subnets already route to the internet through NAT; the API calls leave the VPC.",
      },
    }),
  },
  days: {
    kind: "text",
    label: PARAM_LABELS.days,
    hint: "From 1 to 1000 days.",
    placeholder: "30",
    inputMode: "numeric",
  },
  schedule: {
    kind: "text",
    label: PARAM_LABELS.schedule,
    hint: "rate(N hours), rate(N days) or cron(0 H DOM MON DOW *), in UTC and at most every 4 hours.",
    placeholder: "cron(0 4 ? * SUN *)",
    code: true,
  },
  window: {
    kind: "text",
    label: PARAM_LABELS.window,
    hint: "Optional. How long after the scheduled time rotation may start, like 3h; it must fit the schedule.",
    placeholder: "3h",
    code: true,
  },
  immediately: {
    kind: "checkbox",
    label: PARAM_LABELS.immediately,
    hint: "Proves the whole setup right away, while you are watching. Turn it off if applications do not read the secret yet: the password changes under them.",
  },
  strategy: {
    kind: "choice",
    label: PARAM_LABELS.strategy,
    options: options("strategy", STRATEGIES, {
      single: {
        hint: "The user changes its own password. Simplest, but for a moment clients that hold the old password cannot log in.",
      },
      alternating: {
        hint: "An admin secret switches between the user and its _clone, so one login always works. Needs the admin's secret.",
      },
      managed: {
        hint: "AWS rotates the master user's password itself: no function, no network to set up. Master user only.",
      },
    }),
  },
  master: {
    kind: "text",
    label: PARAM_LABELS.master,
    hint:
      "The secret of the admin user that creates and updates the _clone user. Recommended when the database has manage_master_user_password: " +
      "the secret RDS keeps for the master user, named rds!db-… or rds!cluster-…; the function then reaches the database at the rotated secret's host.",
    placeholder: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123abcd-4567-89ef-0123-456789abcdef-AbCdEf",
    code: true,
  },
  masterkms: {
    kind: "text",
    label: PARAM_LABELS.masterkms,
    hint: "Optional: the customer managed key that encrypts the admin secret (for RDS, master_user_secret_kms_key_id). Leave empty for the AWS managed key.",
    placeholder: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    code: true,
  },
  lambda: {
    kind: "choice",
    label: PARAM_LABELS.lambda,
    options: options("lambda", LAMBDA_SOURCES, {
      bundled: {
        hint: "Our code, in the zip: you can read, test and change it, and it never locks you out. PostgreSQL, MySQL and MariaDB.",
      },
      sar: {
        hint: "AWS's published function, deployed from the Serverless Application Repository: every engine, but its code is not yours to read in the bundle.",
      },
    }),
  },
  runtime: {
    kind: "select",
    label: PARAM_LABELS.runtime,
    options: RUNTIMES.map((runtime) => ({ value: runtime, label: OPTION_LABELS.runtime[runtime] })),
  },
  arch: {
    kind: "choice",
    label: PARAM_LABELS.arch,
    options: options("arch", ARCHITECTURES, {
      arm64: { hint: "Graviton, costs less" },
      x86_64: { hint: "Intel and AMD" },
    }),
  },
  exclude: {
    kind: "text",
    label: PARAM_LABELS.exclude,
    hint: "The default avoids characters that break URLs, shells and SQL literals.",
    code: true,
  },
  length: {
    kind: "text",
    label: PARAM_LABELS.length,
    hint: "From 8 to 4096 characters; MySQL accepts at most 256.",
    placeholder: "32",
    inputMode: "numeric",
  },
  tls: {
    kind: "choice",
    label: PARAM_LABELS.tls,
    options: options("tls", TLS_MODES, {
      verify: { hint: "Encrypted, certificate checked" },
      require: { hint: "Encrypted, not checked" },
      disable: { hint: "Plaintext: test databases only" },
    }),
  },
  kms: {
    kind: "text",
    label: PARAM_LABELS.kms,
    hint: "Optional: the customer managed key that encrypts the secret.",
    placeholder: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    code: true,
  },
  alarm: {
    kind: "text",
    label: PARAM_LABELS.alarm,
    hint: "Optional: an e-mail address that hears about failed rotations.",
    placeholder: "ops@example.com",
    inputMode: "email",
  },
  boundary: {
    kind: "text",
    label: PARAM_LABELS.boundary,
    hint: "Optional: the IAM policy your organisation requires as the boundary of every role.",
    placeholder: "arn:aws:iam::123456789012:policy/boundary",
    code: true,
  },
};

/** The words for one value of a closed list, for summaries. */
export function choiceLabel(param: PlanParam, value: string): string {
  const spec = FIELD_SPECS[param];
  if (spec.kind === "select" || spec.kind === "choice") {
    return spec.options.find((option) => option.value === value)?.label ?? value;
  }
  return value;
}

/** The parameters typed as text, key by key: the text fields, and the existing secret's ARN. */
export const TYPED_PARAMS = (Object.keys(FIELD_SPECS) as PlanParam[]).filter((param) => FIELD_SPECS[param].kind === "text" || FIELD_SPECS[param].kind === "secret");
