import { describe, expect, it } from "vitest";
import { defaultValues, ENGINES, managedRotationAvailable, PLATFORMS, validatePlan, type Engine } from "@/lib/config";
import { ownerNote, ownerOf, strategyForOwner } from "./password-owner";

const SUBNETS = "subnet-0123456789abcdef0";

describe("whose password rotates decides the strategy", () => {
  for (const engine of ENGINES) {
    for (const platform of PLATFORMS) {
      it(`${engine} on ${platform}: a master user gets managed rotation exactly where AWS offers it, and the plan is valid`, () => {
        const base = { ...defaultValues(engine as Engine), platform, subnets: SUBNETS };
        if (!validatePlan(base).ok) return; // The engine does not run there: the form says so on the platform.
        const strategy = strategyForOwner("master", { engine, platform, strategy: "alternating" });
        expect(strategy).toBe(managedRotationAvailable(engine as Engine, platform) ? "managed" : "single");
        expect(validatePlan({ ...base, strategy }).ok).toBe(true);
        expect(ownerOf(strategy)).toBe(strategy === "managed" ? "master" : "app");
        expect(ownerNote("master", { engine, platform })).toMatch(strategy === "managed" ? /Network step is skipped/ : /single user/);
      });
    }
  }

  it("an application user never keeps managed rotation, and keeps any function strategy", () => {
    expect(strategyForOwner("app", { engine: "postgres", platform: "rds", strategy: "managed" })).toBe("single");
    expect(strategyForOwner("app", { engine: "postgres", platform: "rds", strategy: "alternating" })).toBe("alternating");
    expect(strategyForOwner("app", { engine: "postgres", platform: "rds", strategy: "single" })).toBe("single");
  });
});
