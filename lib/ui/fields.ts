import { ARCHITECTURES, ENDPOINT_MODES, ENGINES, LAMBDA_SOURCES, PLATFORMS, RUNTIMES, STRATEGIES, TLS_MODES } from "@/lib/config/choices";
import { ENGINE_FACTS } from "@/lib/config/engines";
import type { PlanParam } from "@/lib/config";

/**
 * How the form asks for each plan parameter: its label in the user's words, a hint, and for closed lists
 * the words for each choice, with the trade-off it makes. Values and rules come from `lib/config`; only
 * wording lives here. Imports stay on the zod-free modules of `lib/config`: this file is part of the
 * page's first load.
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

/** Pairs every value of a closed list with its wording, so a new value cannot be forgotten here. */
function options<const T extends readonly string[]>(
  values: T,
  words: { [K in T[number]]: Omit<ChoiceOption, "value"> },
): ChoiceOption[] {
  return values.map((value) => ({ value, ...words[value as T[number]] }));
}

export const FIELD_SPECS: Record<PlanParam, FieldSpec> = {
  name: {
    kind: "text",
    label: "Name prefix",
    hint: "Starts every resource name: lowercase letters, digits and hyphens.",
    placeholder: "app-db",
    code: true,
  },
  engine: {
    kind: "select",
    label: "Database engine",
    options: ENGINES.map((engine) => ({ value: engine, label: `${ENGINE_FACTS[engine].label} (port ${ENGINE_FACTS[engine].defaultPort})` })),
  },
  platform: {
    kind: "choice",
    label: "Platform",
    options: options(PLATFORMS, {
      rds: { label: "Amazon RDS", hint: "A managed DB instance." },
      aurora: { label: "Amazon Aurora", hint: "A managed cluster." },
      "self-managed": { label: "Self-managed", hint: "On EC2 or another host in the VPC." },
    }),
  },
  secret: {
    kind: "secret",
    label: "Secret to rotate",
    hint: "The ARN of the secret that holds the database user's credentials.",
  },
  subnets: {
    kind: "text",
    label: "Lambda subnets",
    hint: "Subnet ids, separated by commas, where the rotation function runs. They must reach the database; two or more, in different AZs, are advised.",
    placeholder: "subnet-0123456789abcdef0, subnet-0fedcba9876543210",
    code: true,
  },
  sgs: {
    kind: "text",
    label: "Lambda security groups",
    hint: "Security group ids, separated by commas. Leave empty to create one in the VPC.",
    placeholder: "sg-0123456789abcdef0",
    code: true,
  },
  vpc: {
    kind: "text",
    label: "VPC id",
    hint: "Optional: Terraform finds it from the subnets. When given, it must be the subnets' VPC.",
    placeholder: "vpc-0123456789abcdef0",
    code: true,
  },
  dbsg: {
    kind: "text",
    label: "Database security group (recommended)",
    hint: "When given, a rule opens the database port to the function. Without it you open the port yourself, or rotation times out in setSecret.",
    placeholder: "sg-0fedcba9876543210",
    code: true,
  },
  endpoint: {
    kind: "choice",
    label: "Route to the Secrets Manager API",
    hint: "The function calls the Secrets Manager API at every step; without a route it times out.",
    options: options(ENDPOINT_MODES, {
      create: {
        label: "Create an endpoint",
        hint: "An interface endpoint with private DNS: traffic stays in the VPC. It costs a little per hour and AZ.",
      },
      existing: {
        label: "Existing endpoint",
        hint: "The VPC already has a Secrets Manager endpoint with private DNS; nothing new to pay for.",
      },
      nat: {
        label: "NAT gateway",
        hint: "The subnets already route to the internet through NAT; the API calls leave the VPC.",
      },
    }),
  },
  days: {
    kind: "text",
    label: "Rotate every … days",
    hint: "From 1 to 1000 days.",
    placeholder: "30",
    inputMode: "numeric",
  },
  schedule: {
    kind: "text",
    label: "Schedule expression",
    hint: "Optional; replaces the days. rate(N hours), rate(N days) or cron(0 H DOM MON DOW *), at most every 4 hours.",
    placeholder: "cron(0 4 ? * SUN *)",
    code: true,
  },
  window: {
    kind: "text",
    label: "Rotation window",
    hint: "Optional. How long after the scheduled time rotation may start, like 3h; it must fit the schedule.",
    placeholder: "3h",
    code: true,
  },
  immediately: {
    kind: "checkbox",
    label: "Rotate once as soon as it is applied",
    hint: "Proves the whole setup right away, while you are watching. Turn it off if applications do not read the secret yet: the password changes under them.",
  },
  strategy: {
    kind: "choice",
    label: "Rotation strategy",
    options: options(STRATEGIES, {
      single: {
        label: "Single user",
        hint: "The user changes its own password. Simplest, but for a moment clients that hold the old password cannot log in.",
      },
      alternating: {
        label: "Alternating users",
        hint: "An admin secret switches between the user and its _clone, so one login always works. Needs the admin's secret.",
      },
      managed: {
        label: "Managed by AWS",
        hint: "AWS rotates the master user's password itself: no function, no network to set up. Master user only.",
      },
    }),
  },
  master: {
    kind: "text",
    label: "Admin secret ARN",
    hint:
      "The secret of the admin user that creates and updates the _clone user. Recommended when the database has manage_master_user_password: " +
      "the secret RDS keeps for the master user, named rds!db-… or rds!cluster-…; the function then reaches the database at the rotated secret's host.",
    placeholder: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123abcd-4567-89ef-0123-456789abcdef-AbCdEf",
    code: true,
  },
  masterkms: {
    kind: "text",
    label: "Admin secret's KMS key ARN",
    hint: "Optional: the customer managed key that encrypts the admin secret (for RDS, master_user_secret_kms_key_id). Leave empty for the AWS managed key.",
    placeholder: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    code: true,
  },
  lambda: {
    kind: "choice",
    label: "Rotation function",
    options: options(LAMBDA_SOURCES, {
      bundled: {
        label: "Bundled",
        hint: "Our code, in the zip: you can read, test and change it, and it never locks you out. PostgreSQL, MySQL and MariaDB.",
      },
      sar: {
        label: "AWS template",
        hint: "AWS's published function, deployed from the Serverless Application Repository: every engine, but its code is not yours to read in the bundle.",
      },
    }),
  },
  runtime: {
    kind: "select",
    label: "Lambda runtime",
    options: RUNTIMES.map((runtime) => ({ value: runtime, label: runtime.replace("python", "Python ") })),
  },
  arch: {
    kind: "choice",
    label: "Architecture",
    options: options(ARCHITECTURES, {
      arm64: { label: "arm64", hint: "Graviton, costs less" },
      x86_64: { label: "x86_64", hint: "Intel and AMD" },
    }),
  },
  exclude: {
    kind: "text",
    label: "Characters never used in passwords",
    hint: "The default avoids characters that break URLs, shells and SQL literals.",
    code: true,
  },
  length: {
    kind: "text",
    label: "Password length",
    hint: "From 8 to 4096 characters; MySQL accepts at most 256.",
    placeholder: "32",
    inputMode: "numeric",
  },
  tls: {
    kind: "choice",
    label: "TLS to the database",
    options: options(TLS_MODES, {
      verify: { label: "Verify", hint: "Encrypted, certificate checked" },
      require: { label: "Require", hint: "Encrypted, not checked" },
      disable: { label: "Disable", hint: "Plaintext: test databases only" },
    }),
  },
  kms: {
    kind: "text",
    label: "KMS key ARN",
    hint: "Optional: the customer managed key that encrypts the secret.",
    placeholder: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    code: true,
  },
  alarm: {
    kind: "text",
    label: "Failure alerts to",
    hint: "Optional: an e-mail address that hears about failed rotations.",
    placeholder: "ops@example.com",
    inputMode: "email",
  },
  boundary: {
    kind: "text",
    label: "Permissions boundary ARN",
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
