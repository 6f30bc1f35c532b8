import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FALLBACK_VERSIONS } from "@/lib/versions";
import { currentVersions, forgetVersions, type ReleaseSource } from "@/lib/versions/releases";
import { fileOf, testPlan } from "./support/plans";
import { generateBundle } from "@/lib/generators";

function fakeSource(versions: Record<string, string>, calls: string[] = []): ReleaseSource {
  return {
    async latestVersion(product) {
      calls.push(product);
      const version = versions[product];
      if (!version) throw new Error(`no such product ${product}`);
      return version;
    },
  };
}

const NOW = new Date("2026-11-25T12:00:00Z");
const CURRENT = { terraform: "1.15.2", "terraform-provider-aws": "6.52.0", "terraform-provider-archive": "2.8.1" };

describe("current versions", () => {
  beforeEach(() => forgetVersions());
  afterEach(() => vi.unstubAllEnvs());

  it("learns the current releases and the day it learned them", async () => {
    const versions = await currentVersions({ source: fakeSource(CURRENT), now: NOW });
    expect(versions).toEqual({ terraform: "1.15.2", providers: { aws: "6.52.0", archive: "2.8.1" }, source: "releases", checkedOn: "2026-11-25" });
  });

  it("keeps what it learned for a while", async () => {
    const calls: string[] = [];
    await currentVersions({ source: fakeSource(CURRENT, calls), now: NOW });
    await currentVersions({ source: fakeSource(CURRENT, calls), now: new Date(NOW.getTime() + 60_000) });
    expect(calls).toHaveLength(3);
  });

  it("falls back to the embedded versions when the source fails or is slow", async () => {
    expect(await currentVersions({ source: fakeSource({}), now: NOW })).toEqual(FALLBACK_VERSIONS);
    forgetVersions();
    const slow: ReleaseSource = { latestVersion: () => new Promise((resolve) => setTimeout(() => resolve("9.9.9"), 1000)) };
    expect(await currentVersions({ source: slow, timeoutMs: 50, now: NOW })).toEqual(FALLBACK_VERSIONS);
  });

  it("refuses a pre-release and a new major provider version the Terraform is not proven against", async () => {
    expect(await currentVersions({ source: fakeSource({ ...CURRENT, terraform: "1.16.0-beta1" }), now: NOW })).toEqual(FALLBACK_VERSIONS);
    forgetVersions();
    const versions = await currentVersions({ source: fakeSource({ ...CURRENT, "terraform-provider-aws": "7.0.0" }), now: NOW });
    expect(versions.providers.aws).toBe(FALLBACK_VERSIONS.providers.aws);
  });

  it("pins the embedded versions without asking when ROTATION_WIZARD_VERSIONS=fallback (the e2e server and CLI)", async () => {
    vi.stubEnv("ROTATION_WIZARD_VERSIONS", "fallback");
    const calls: string[] = [];
    expect(await currentVersions({ source: fakeSource(CURRENT, calls), now: NOW })).toEqual(FALLBACK_VERSIONS);
    expect(calls).toEqual([]);
  });

  it("is what versions.tf pins", async () => {
    const versions = await currentVersions({ source: fakeSource(CURRENT), now: NOW });
    const versionsTf = generateBundle({ plan: testPlan(), versions }).find((file) => file.path === "versions.tf")!.content;
    expect(versionsTf).toMatch(/source\s+= "hashicorp\/aws"\n\s+version = "~> 6.52"/);
    expect(versionsTf).toContain("Terraform 1.15.2");
    expect(fileOf(testPlan(), "versions.tf")).toContain(`~> ${FALLBACK_VERSIONS.providers.aws.split(".").slice(0, 2).join(".")}`);
  });
});
