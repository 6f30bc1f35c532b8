import { getRelease } from "@hashicorp/js-releases";
import { FALLBACK_VERSIONS, type ToolVersions } from "./index";

/**
 * Learns the current Terraform and provider releases from HashiCorp's release index, on the server
 * only. Every failure (no network, a slow answer, an odd version) falls back to the embedded, dated
 * versions, so a bundle can always be made. Generators never call this: they receive the result.
 * A provider's new major version is not taken: the generated Terraform is proven against the
 * fallback's major version (the schemas vendored in tests/support/provider-schemas/), and majors break things.
 *
 * `ROTATION_WIZARD_VERSIONS=fallback` in the environment pins the embedded versions without asking:
 * the end-to-end tests start the server and run the CLI so, and then the browser, the API and the CLI
 * pin the same versions whatever the network does.
 */

/** Where releases come from; tests pass a fake. */
export interface ReleaseSource {
  latestVersion(product: string): Promise<string>;
}

export const hashicorpReleases: ReleaseSource = {
  async latestVersion(product) {
    return (await getRelease(product, undefined, "rotation-wizard")).version;
  },
};

const PRODUCTS = { terraform: "terraform", aws: "terraform-provider-aws", archive: "terraform-provider-archive" } as const;
const STABLE_VERSION = /^\d+\.\d+\.\d+$/;
const CACHE_MS = 6 * 60 * 60 * 1000;

interface Options {
  source?: ReleaseSource;
  timeoutMs?: number;
  /** Now, for the cache and the date the versions were learned on. */
  now?: Date;
}

let cached: { versions: ToolVersions; until: number } | null = null;

export async function currentVersions({ source = hashicorpReleases, timeoutMs = 2500, now = new Date() }: Options = {}): Promise<ToolVersions> {
  if (process.env.ROTATION_WIZARD_VERSIONS === "fallback") return FALLBACK_VERSIONS;
  if (cached && cached.until > now.getTime()) return cached.versions;
  const versions = await learn(source, timeoutMs, now);
  // Remember failures too, for less time: a machine without network should not wait on every request.
  cached = { versions, until: now.getTime() + (versions.source === "releases" ? CACHE_MS : CACHE_MS / 12) };
  return versions;
}

/** Forgets what was learned (for tests). */
export function forgetVersions(): void {
  cached = null;
}

function sameMajor(learned: string, proven: string): string {
  const major = (version: string) => Number(version.split(".")[0]);
  return major(learned) === major(proven) && learned.localeCompare(proven, undefined, { numeric: true }) >= 0 ? learned : proven;
}

async function learn(source: ReleaseSource, timeoutMs: number, now: Date): Promise<ToolVersions> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const lookups = Promise.all([source.latestVersion(PRODUCTS.terraform), source.latestVersion(PRODUCTS.aws), source.latestVersion(PRODUCTS.archive)]);
    const found = await Promise.race([lookups, timeout]);
    if (found === null || !found.every((version) => STABLE_VERSION.test(version))) return FALLBACK_VERSIONS;
    const [terraform, aws, archive] = found;
    return {
      terraform,
      providers: { aws: sameMajor(aws, FALLBACK_VERSIONS.providers.aws), archive: sameMajor(archive, FALLBACK_VERSIONS.providers.archive) },
      source: "releases",
      checkedOn: now.toISOString().slice(0, 10),
    };
  } catch {
    return FALLBACK_VERSIONS;
  } finally {
    clearTimeout(timer);
  }
}
