import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE, SEVERITIES } from "@/lib/diagnose";
import { catalogueMarkdown, readmeCatalogue, withCatalogue } from "@/lib/diagnose/readme";

/** The README's finding catalogue is generated from the code (npm run doctor -- --update-readme), and current. */
describe("the finding catalogue", () => {
  it("is what the README holds between its markers", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readmeCatalogue(readme), "run npm run doctor -- --update-readme").toBe(catalogueMarkdown());
    expect(withCatalogue(readme)).toBe(readme);
  });

  it("lists every finding once, with severities, a reason and AWS documentation", () => {
    const ids = CATALOGUE.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of CATALOGUE) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.severities.length).toBeGreaterThan(0);
      for (const severity of rule.severities) expect(SEVERITIES).toContain(severity);
      expect(rule.severityReason.length).toBeGreaterThan(30);
      expect(rule.docs.length).toBeGreaterThan(0);
      for (const url of rule.docs) expect(url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|developer\.hashicorp\.com|registry\.terraform\.io)\//);
      expect(catalogueMarkdown()).toContain(`| \`${rule.id}\` |`);
    }
  });

  it("has at least the findings the issue asks for", () => {
    const ids = CATALOGUE.map((rule) => rule.id);
    for (const id of [
      "rotation-missing",
      "function-missing",
      "invoke-permission-missing",
      "invoke-permission-unscoped",
      "iam-action-missing",
      "function-not-in-vpc",
      "no-secretsmanager-route",
      "db-port-closed",
      "password-in-state",
      "rotation-reverted",
      "schedule-invalid",
      "rotation-before-permission",
      "runtime-deprecated",
      "no-failure-alert",
      "rotation-disabled",
      "rotation-overdue",
      "pending-stuck",
      "function-mismatch",
      "terraform-invalid",
    ]) {
      expect(ids).toContain(id);
    }
  });
});
