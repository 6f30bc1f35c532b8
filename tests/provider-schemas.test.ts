/**
 * The provider schemas the Terraform tests check against are vendored in the repository
 * (tests/support/provider-schemas/): read from there, exactly what the vendoring script writes, and a
 * type the generators start using without vendoring it fails with a message that says what to do.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatJson, KEPT_TYPES, VENDOR_COMMAND, VENDORED_FILE, vendorSchemas } from "@/scripts/vendor-provider-schemas";
import { bundleOf, testPlan } from "./support/plans";
import { checkSchema, loadProviderSchemas, parseModule, providerSchemasPath, type ProviderSchemas } from "./support/terraform-check";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const AWS = "registry.terraform.io/hashicorp/aws";

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

describe("the vendored provider schemas", () => {
  it("are read from inside the repository", async () => {
    expect(isInside(providerSchemasPath(), ROOT), providerSchemasPath()).toBe(true);
    expect(path.relative(ROOT, providerSchemasPath()).split(path.sep).join("/")).toBe(VENDORED_FILE);
    const schemas = await loadProviderSchemas();
    expect(Object.keys(schemas.provider_schemas).sort()).toEqual(Object.keys(KEPT_TYPES).sort());
  });

  it("are exactly what scripts/vendor-provider-schemas.ts writes, with their provenance", () => {
    const text = readFileSync(providerSchemasPath(), "utf8");
    const schemas = JSON.parse(text) as ProviderSchemas & { _vendored: { command: string; source_sha256: string; types: Record<string, Record<string, number>> } };
    expect(formatJson(schemas), `${VENDORED_FILE} was edited by hand or by another formatter; regenerate it with ${VENDOR_COMMAND}`).toBe(text);
    expect(schemas._vendored.command).toBe(VENDOR_COMMAND);
    expect(schemas._vendored.source_sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const [address, version] of Object.entries({ [AWS]: "6.47.0", "registry.terraform.io/hashicorp/random": "3.7.2", "registry.terraform.io/hashicorp/archive": "2.8.0" })) {
      expect(schemas._provenance?.[address], address).toMatchObject({ provider_version: version, commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    }
    // The counts it records are the types it holds, and each kept type belongs to a kept service.
    for (const [address, provider] of Object.entries(schemas.provider_schemas)) {
      const counts = Object.fromEntries(Object.entries(provider).map(([section, types]) => [section, Object.keys(types as object).length]));
      expect(counts, address).toEqual(schemas._vendored.types[address]);
      for (const types of Object.values(provider)) {
        for (const type of Object.keys(types as object)) expect(KEPT_TYPES[address]!.some((pattern) => pattern.test(type)), type).toBe(true);
      }
    }
  });

  it("hold the services the generators use and are about to use", async () => {
    const { provider_schemas: providers } = await loadProviderSchemas();
    const aws = providers[AWS]!;
    for (const type of ["aws_secretsmanager_secret_rotation", "aws_lambda_code_signing_config", "aws_signer_signing_profile", "aws_sqs_queue", "aws_kms_key", "aws_security_group"]) {
      expect(aws.resource_schemas?.[type], type).toBeDefined();
    }
    for (const type of ["aws_subnet", "aws_vpc", "aws_iam_policy_document", "aws_caller_identity", "aws_region", "aws_partition"]) {
      expect(aws.data_source_schemas?.[type], type).toBeDefined();
    }
    expect(providers["registry.terraform.io/hashicorp/random"]?.ephemeral_resource_schemas?.random_password).toBeDefined();
    expect(providers["registry.terraform.io/hashicorp/archive"]?.data_source_schemas?.archive_file).toBeDefined();
  });

  it("fail a bundle that uses a type they lack, naming the type and how to vendor it", async () => {
    const schemas = structuredClone(await loadProviderSchemas());
    delete schemas.provider_schemas[AWS]!.resource_schemas!.aws_secretsmanager_secret_rotation;
    const files = Object.fromEntries(bundleOf(testPlan()).map((file) => [file.path, file.content]));
    const { module } = await parseModule(files);
    const problems = await checkSchema(module, schemas);
    expect(problems).toEqual([
      expect.objectContaining({
        file: "rotation.tf",
        address: "aws_secretsmanager_secret_rotation.this",
        message: expect.stringContaining(`resource type "aws_secretsmanager_secret_rotation": it is not among the 62 resource types of hashicorp/aws 6.47.0 in the vendored ${VENDORED_FILE}`),
      }),
    ]);
    expect(problems[0]!.message).toMatch(/add its service to KEPT_TYPES in scripts\/vendor-provider-schemas\.ts.*npm run schemas:vendor/);
  });
});

describe("npm run schemas:vendor", () => {
  const source = (order: "as-is" | "reversed") => {
    const reverse = <T,>(entries: T[]) => (order === "reversed" ? [...entries].reverse() : entries);
    const resources = reverse([
      [
        "aws_secretsmanager_secret",
        {
          version: 0,
          block: {
            description: "doc",
            description_kind: "plain",
            // An argument named description is schema, not documentation.
            attributes: { name: { type: "string", optional: true, description: "doc" }, description: { type: "string", optional: true, description_kind: "plain" } },
            block_types: { replica: { nesting_mode: "set", block: { description_kind: "plain", attributes: { region: { type: "string", required: true, description: "doc" } } } } },
          },
        },
      ],
      ["aws_instance", { version: 1, block: { attributes: { ami: { type: "string", required: true } } } }],
    ]);
    return JSON.stringify({
      format_version: "1.0",
      _provenance: { [AWS]: { provider_version: "6.47.0", commit: "abc" } },
      provider_schemas: Object.fromEntries(
        reverse([
          [AWS, { resource_schemas: Object.fromEntries(resources) }],
          ["registry.terraform.io/hashicorp/random", { resource_schemas: { random_password: { version: 3, block: {} } } }],
          ["registry.terraform.io/hashicorp/archive", { data_source_schemas: { archive_file: { version: 0, block: {} } } }],
          ["registry.terraform.io/hashicorp/google", { resource_schemas: { google_storage_bucket: { version: 0, block: {} } } }],
        ]),
      ),
    });
  };

  it("keeps the kept services' types without their documentation, and the source's provenance", () => {
    const { schemas, dropped } = vendorSchemas(source("as-is"));
    expect(dropped).toEqual([`${AWS} resource_schemas aws_instance`, "registry.terraform.io/hashicorp/google resource_schemas google_storage_bucket"]);
    expect(schemas.provider_schemas).toEqual({
      [AWS]: {
        resource_schemas: {
          aws_secretsmanager_secret: {
            version: 0,
            block: {
              attributes: { name: { type: "string", optional: true }, description: { type: "string", optional: true } },
              block_types: { replica: { nesting_mode: "set", block: { attributes: { region: { type: "string", required: true } } } } },
            },
          },
        },
      },
      "registry.terraform.io/hashicorp/archive": { data_source_schemas: { archive_file: { version: 0, block: {} } } },
      "registry.terraform.io/hashicorp/random": { resource_schemas: { random_password: { version: 3, block: {} } } },
    });
    expect(schemas._provenance).toEqual({ [AWS]: { provider_version: "6.47.0", commit: "abc" } });
    expect(schemas._vendored).toMatchObject({ command: VENDOR_COMMAND, types: { [AWS]: { resource_schemas: 1 } } });
  });

  it("writes the same bytes whatever the source's key order", () => {
    const texts = (["as-is", "reversed"] as const).map((order) => formatJson(vendorSchemas(source(order)).schemas));
    // Only the source's hash differs: the two sources differ as text.
    expect(texts[0]!.replace(/"source_sha256": "\w+"/, "")).toBe(texts[1]!.replace(/"source_sha256": "\w+"/, ""));
    // Keys sorted, and an argument's flags on one line.
    expect(texts[0]).toMatch(/^ +"description": \{"optional": true, "type": "string"\},\n +"name": \{"optional": true, "type": "string"\}$/m);
  });

  it("refuses a source without provenance or without a provider the tests need", () => {
    expect(() => vendorSchemas(JSON.stringify({ format_version: "1.0", provider_schemas: {} }))).toThrow(/no _provenance/);
    expect(() => vendorSchemas(JSON.stringify({ format_version: "1.0", _provenance: {}, provider_schemas: {} }))).toThrow(/no types of registry\.terraform\.io\/hashicorp\/aws/);
  });
});

describe("a self-contained repository", () => {
  /** Source, configuration and documentation files, outside dependencies and build output. */
  function repositoryFiles(folder: string): string[] {
    return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      if (entry.name === "node_modules" || entry.name === ".git" || entry.name.startsWith(".next") || entry.name === "test-results" || entry.name === "playwright-report") return [];
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) return repositoryFiles(file);
      return /\.(ts|tsx|mjs|cjs|js|json|sh|py|md|ya?ml)$|^run$/.test(entry.name) && !entry.name.endsWith("package-lock.json") ? [file] : [];
    });
  }

  it("reads nothing from the shared folder beside the clone (the schemas are vendored)", () => {
    const escapes = repositoryFiles(ROOT).filter((file) => /\.\.\/shared\//.test(readFileSync(file, "utf8")));
    expect(escapes.map((file) => path.relative(ROOT, file))).toEqual([]);
  });
});
