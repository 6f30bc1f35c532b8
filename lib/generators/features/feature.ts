import type { PlanShape } from "@/lib/config/shape";
import type { BundleFile } from "../types";
import type { BundlePath, FeatureTerraformPath } from "../bundle-files";
import type { HclBlock, HclValue } from "../hcl";
import type { TerraformModel } from "../terraform/model";
import type { TerraformVariable } from "../terraform/variables";

/**
 * A feature of the bundle (the secret, the function, its network, alerts…) and everything it adds, in the
 * spirit of Spring Initializr's contributors: its Terraform blocks, variables and outputs, its files, its
 * parts of the README and of the wizard's diagram, and the one predicate that says when it applies. The
 * Terraform files, the README, the preview's explanations and the diagram are assembled from these; none
 * of them decides on its own what a plan holds. docs/adding-an-option.md shows how to add one.
 *
 * Contributions are asked only of plans the feature applies to. Where several features add to one list
 * (a file's blocks, the variables, the README's costs…), they come in the order of FEATURES.
 */
export interface Feature {
  /** What it is, in the user's words. */
  name: string;
  /**
   * Whether the plan has it. Asked of the shape, which the diagram also has for a plan still being typed;
   * the shape's `plan` holds the feature's own parameter.
   */
  applies(shape: PlanShape): boolean;
  /** Blocks per Terraform file, in the file's order. The other files are made from variables, outputs and providers. */
  terraform?: { [P in FeatureTerraformPath]?: (model: TerraformModel) => HclBlock[] };
  /** Input variables: variables.tf, terraform.tfvars and the README's module block. */
  variables?(model: TerraformModel): TerraformVariable[];
  outputs?(model: TerraformModel): TerraformOutput[];
  /** Providers its resources need besides aws, pinned in versions.tf. */
  providers?: readonly ExtraProvider[];
  /** Files other than Terraform, each at its place in BUNDLE_FILES. */
  files?: { [P in BundlePath]?: (model: TerraformModel) => Omit<BundleFile, "path"> };
  readme?: ReadmeContribution;
  /** Its box in the wizard's diagram and its sentence in the diagram's description. */
  diagram?(deployment: Deployment): DiagramPart;
}

export type ExtraProvider = "archive";

export interface TerraformOutput {
  name: string;
  description: string;
  value: HclValue;
}

/** Where in the README a feature's own sections go. */
export const README_PLACES = ["afterResources", "afterPrerequisites", "afterApply"] as const;

/**
 * "Before you apply" is grouped by subject, in this order, and within a subject in FEATURES order: what to
 * install, what the secrets must hold and allow, how the function reaches the API and the database, the keys.
 */
export const PREREQUISITE_SUBJECTS = ["tools", "secrets", "apiRoute", "databaseAccess", "keys"] as const;

type ModelText = (model: TerraformModel) => string[];

export interface ReadmeContribution {
  /** What it adds to the user's VPC, for the opening paragraph: "In your VPC it adds …". */
  inYourVpc?: ModelText;
  sections?: { [P in (typeof README_PLACES)[number]]?: ModelText };
  prerequisites?: { [S in (typeof PREREQUISITE_SUBJECTS)[number]]?: ModelText };
  /** Shell lines of "Apply" before terraform init: every feature's build lines, then its environment lines. */
  commands?: { build?: ModelText; environment?: ModelText };
  troubleshooting?: readonly TroubleshootingRow[];
  /** Lines of "What it costs". */
  costs?: ModelText;
}

export interface TroubleshootingRow {
  symptom: string;
  cause: string;
  fix: string | ((model: TerraformModel) => string);
  /** Narrower than the feature's own `applies`, when the row concerns one variant of it. */
  when?: (model: TerraformModel) => boolean;
}

/**
 * What the diagram knows of a plan: its shape, and the database in the wizard's words. It is made from the
 * form's values as typed (lib/ui/diagram.ts), so it follows choices before the plan is complete.
 */
export interface Deployment {
  shape: PlanShape;
  /** The engine's name, and the platform's where the engine runs on several. */
  engine: string;
  platform: string | null;
  /** "MySQL on Amazon Aurora", or the engine alone where it is its own platform. */
  database: string;
  port: number;
}

/** The boxes the diagram knows how to place, in reading order. */
export const DIAGRAM_NODE_IDS = ["secret", "kms", "master", "rotation", "network", "database", "alarm"] as const;
export type DiagramNodeId = (typeof DIAGRAM_NODE_IDS)[number];

export interface DiagramNode {
  id: DiagramNodeId;
  title: string;
  /** The detail line in wordings from longest to shortest: the diagram draws the first that fits its box. */
  details: readonly string[];
}

export interface DiagramPart {
  node?: DiagramNode;
  /** The subnets the function runs in, drawn as the area around it. */
  subnets?: { count: number; vpc: string };
  /** Its sentence of the diagram's description, which screen readers say instead of the picture. */
  sentence?: string;
}
