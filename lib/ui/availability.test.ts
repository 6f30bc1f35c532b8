import { describe, expect, it } from "vitest";
import { defaultValues, ENGINES, PLATFORMS, validatePlan, type PlanParam, type PlanValues } from "@/lib/config";
import { unavailableReason } from "./availability";
import { FIELD_SPECS } from "./fields";

const NETWORK = { subnets: "subnet-0123456789abcdef0", vpc: "vpc-0123456789abcdef0" };

/** Whether the schema refuses `param=value` in an otherwise complete plan. */
function schemaRefuses(values: PlanValues, param: PlanParam): boolean {
  const result = validatePlan(values);
  return !result.ok && result.problems.some((problem) => problem.param === param);
}

function optionsOf(param: PlanParam): string[] {
  const spec = FIELD_SPECS[param];
  return spec.kind === "choice" ? spec.options.map((option) => option.value) : [];
}

describe("unavailableReason", () => {
  // The form disables exactly what validation would refuse: every engine, platform and option.
  for (const engine of ENGINES) {
    it(`agrees with the schema for ${engine}`, () => {
      for (const platform of PLATFORMS) {
        const base: PlanValues = { ...defaultValues(engine), ...NETWORK, lambda: "sar" };
        const platformRefused = schemaRefuses({ ...base, platform }, "platform");
        expect(unavailableReason("platform", platform, { engine, platform }) !== null, `platform=${platform}`).toBe(platformRefused);
        for (const param of ["strategy", "lambda"] as const) {
          for (const value of optionsOf(param)) {
            const values = { ...base, platform, [param]: value };
            if (param === "strategy" && value === "alternating") values.master = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin-AbCdEf";
            // A platform the engine does not run on is its own problem; the others are asked on a valid one.
            if (platformRefused) continue;
            expect(unavailableReason(param, value, { engine, platform }) !== null, `${platform} ${param}=${value}`).toBe(schemaRefuses(values, param));
          }
        }
      }
    });
  }

  it("says why in the user's words", () => {
    expect(unavailableReason("platform", "aurora", { engine: "mariadb", platform: "rds" })).toBe("MariaDB does not run on Amazon Aurora.");
    expect(unavailableReason("strategy", "managed", { engine: "postgres", platform: "self-managed" })).toBe(
      "AWS manages PostgreSQL's master password only on Amazon RDS and Amazon Aurora.",
    );
    expect(unavailableReason("lambda", "bundled", { engine: "oracle", platform: "rds" })).toBe(
      "Our function supports PostgreSQL, MySQL and MariaDB; Oracle needs AWS's template.",
    );
    expect(unavailableReason("arch", "x86_64", { engine: "oracle", platform: "rds" })).toBeNull();
  });
});
