import { describe, expect, it } from "vitest";
import { defaultValues, type PlanValues } from "@/lib/config";
import { diagramOf } from "./diagram";

const KMS_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const MASTER_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-admin-AbCdEf";
const values = (changes: Partial<PlanValues>): PlanValues => ({ ...defaultValues(), subnets: "subnet-0123456789abcdef0, subnet-0fedcba9876543210", ...changes });
const ids = (changes: Partial<PlanValues>) => diagramOf(values(changes)).nodes.map((node) => node.id);

describe("the deployment diagram, from the plan's features", () => {
  it("draws the secret, our function in its subnets, the route to the API and the database", () => {
    const diagram = diagramOf(values({ vpc: "vpc-0123456789abcdef0" }));
    expect(diagram.nodes.map((node) => node.id)).toEqual(["secret", "rotation", "network", "database"]);
    expect(diagram.subnets).toEqual({ count: 2, vpc: "vpc-0123456789abcdef0" });
    expect(diagram.description).toBe(
      "A new secret in AWS Secrets Manager. The bundled rotation function runs in 2 subnets of vpc-0123456789abcdef0, changes the password of " +
        "PostgreSQL on Amazon RDS on port 5432. It reaches the Secrets Manager API through a new Secrets Manager interface endpoint with private DNS. " +
        "No failure alerts are set up.",
    );
  });

  it("adds the key, the admin secret and the alerts when the plan has them", () => {
    expect(ids({ strategy: "alternating", master: MASTER_ARN, kms: KMS_ARN, alarm: "ops@example.com" })).toEqual([
      "secret",
      "kms",
      "master",
      "rotation",
      "network",
      "database",
      "alarm",
    ]);
  });

  it("under managed rotation, draws no function, subnets or route", () => {
    const diagram = diagramOf(values({ engine: "mysql", platform: "aurora", strategy: "managed" }));
    expect(diagram.nodes.map((node) => node.id)).toEqual(["secret", "rotation", "database"]);
    expect(diagram.nodes.find((node) => node.id === "rotation")?.title).toBe("Managed rotation");
    expect(diagram.subnets).toBeNull();
    expect(diagram.description).toMatch(/AWS rotates the master password of MySQL on Amazon Aurora itself/);
  });

  it("follows values before the plan is complete: no subnets yet, an e-mail half typed", () => {
    const diagram = diagramOf(values({ subnets: "", alarm: "ops@", name: "Not A Name" }));
    expect(diagram.subnets).toEqual({ count: 0, vpc: "" });
    expect(diagram.description).toMatch(/runs in your subnets \(none given yet\)/);
    expect(diagram.nodes.find((node) => node.id === "alarm")?.details).toEqual(["SNS → ops@"]);
    expect(diagram.nodes.find((node) => node.id === "secret")?.details).toEqual(["Not A Name"]);
  });
});
