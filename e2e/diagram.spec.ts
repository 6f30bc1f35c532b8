import { expect, test } from "./wizard-page";
import { KMS_ARN, MASTER_ARN, MINIMAL_QUERY } from "./plans";

test("the diagram draws what the plan deploys and follows every choice", async ({ page, wizard }) => {
  await wizard.open(MINIMAL_QUERY);
  const diagram = wizard.diagram;
  await expect(diagram).toHaveAccessibleName("What will be deployed");
  await expect(diagram).toHaveAccessibleDescription(/A new secret in AWS Secrets Manager\. The bundled rotation function runs in 2 subnets of vpc-0123456789abcdef0/);
  await expect.poll(() => wizard.diagramNodes()).toEqual(["database", "network", "rotation", "secret"]);
  await expect(await wizard.diagramNode("database")).toContainText("PostgreSQL");
  await expect(await wizard.diagramNode("network")).toContainText("New endpoint");

  // The database follows the engine and the platform.
  await wizard.fill({ engine: "mysql" });
  await wizard.choose("platform", "aurora");
  await expect(await wizard.diagramNode("database")).toContainText("MySQL");
  await expect(await wizard.diagramNode("database")).toContainText("Aurora · port 3306");

  // The route to the Secrets Manager API follows the endpoint choice.
  await page.getByTestId("step-network").click();
  await wizard.choose("endpoint", "nat");
  await expect(await wizard.diagramNode("network")).toContainText("NAT gateway");
  await expect(diagram).toHaveAccessibleDescription(/through a NAT gateway/);

  // Alternating users bring the admin secret; a KMS key and alerts appear when given.
  await page.getByTestId("step-strategy").click();
  await wizard.choose("strategy", "alternating");
  await wizard.fill({ master: MASTER_ARN, kms: KMS_ARN, alarm: "ops@example.com" });
  await expect.poll(() => wizard.diagramNodes()).toEqual(["alarm", "database", "kms", "master", "network", "rotation", "secret"]);
  await expect(await wizard.diagramNode("alarm")).toContainText("ops@example.com");
  await expect(diagram.locator('[data-edge="master-rotation"]')).toHaveCount(1);

  // AWS's template replaces our code.
  await wizard.choose("lambda", "sar");
  await expect(await wizard.diagramNode("rotation")).toContainText("AWS template");

  // Managed rotation: no function, no subnets, no route to the API.
  await wizard.choose("strategy", "managed");
  await expect.poll(() => wizard.diagramNodes()).toEqual(["alarm", "database", "kms", "rotation", "secret"]);
  await expect(await wizard.diagramNode("rotation")).toContainText("Managed rotation");
  await expect(diagram.locator('[data-group="subnets"]')).toHaveCount(0);
  await expect(diagram).toHaveAccessibleDescription(/AWS rotates the master password of MySQL on Amazon Aurora itself/);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the diagram takes its tall layout, with the same parts", async ({ page, wizard }) => {
    await wizard.open(MINIMAL_QUERY);
    await expect(page.getByTestId("diagram-tall")).toBeVisible();
    await expect(page.getByTestId("diagram-wide")).toBeHidden();
    await expect.poll(() => wizard.diagramNodes()).toEqual(["database", "network", "rotation", "secret"]);
    // Every label stays inside its box.
    const overflowing = await page.getByTestId("diagram-tall").evaluate((svg) =>
      [...svg.querySelectorAll("[data-node]")].flatMap((node) => {
        const box = node.querySelector("rect")!.getBBox();
        return [...node.querySelectorAll("text")].filter((text) => text.getBBox().x + text.getBBox().width > box.x + box.width).map((text) => text.textContent);
      }),
    );
    expect(overflowing).toEqual([]);
  });
});
