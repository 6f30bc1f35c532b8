import type { Plan, PlanParam } from "@/lib/config";
import type { ToolVersions } from "@/lib/versions";
import type { Feature } from "./features/feature";

/** One file of the bundle; `path` is relative to the bundle's top folder. */
export interface BundleFile {
  path: string;
  content: string;
  /** Scripts are written with mode 755 in the zip and by the CLI. */
  executable?: boolean;
}

/** Everything a generator may read: the validated plan and the tool versions to pin. */
export interface BundleInput {
  plan: Plan;
  versions: ToolVersions;
  /**
   * The features the bundle is assembled from: FEATURES when left out. Tests bring their own list to show
   * that a new feature needs nothing but its module (docs/adding-an-option.md).
   */
  features?: readonly Feature[];
  /**
   * Parameters whose values are examples the wizard filled in so that the user can explore the bundle before
   * typing their own ids (lib/config/examples.ts). Their values go to terraform.tfvars only, marked there;
   * nothing else in the bundle (the README's module block, the region and account checks) takes them.
   */
  examples?: readonly PlanParam[];
}

/** Writes one file of the bundle, or steps aside (null) when its part of the plan is empty. */
export type FileGenerator = (input: BundleInput) => BundleFile | null;
