/**
 * The versions that `versions.tf` pins. Generators take them as input and stay pure; the server learns
 * current releases (see `releases.ts`) and everything else uses this embedded, dated fallback.
 */
export interface ToolVersions {
  /** The newest Terraform CLI release known; the bundle needs at least 1.11 (write-only arguments). */
  terraform: string;
  providers: {
    aws: string;
    archive: string;
  };
  /** Where the versions come from, and when they were learned (ISO date). */
  source: "releases" | "fallback";
  checkedOn: string;
}

/** The releases our provider schema proof was made against (tests/support/provider-schemas/), and Terraform 1.16, released in August 2026. */
export const FALLBACK_VERSIONS: ToolVersions = {
  terraform: "1.16.0",
  providers: { aws: "6.47.0", archive: "2.8.0" },
  source: "fallback",
  checkedOn: "2026-11-25",
};

/** The oldest Terraform that understands what we generate: write-only arguments and ephemeral variables. */
export const MINIMUM_TERRAFORM = "1.11.0";
