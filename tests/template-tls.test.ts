import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { ENGINE_FACTS, ENGINES, TLS_MODES, templateTlsMeaning, validatePlan, defaultValues, type Engine, type TlsMode } from "@/lib/config";
import { choiceNote } from "@/lib/ui/availability";
import { fileOf, SECRET_ARN, testPlan } from "./support/plans";

/** The `ssl` key of the first value that secret.tf writes, as Terraform would encode it; undefined when absent. */
async function sslKeyOf(engine: Engine, tls: TlsMode, lambda: "sar" | "bundled"): Promise<boolean | undefined> {
  const secretTf = fileOf(testPlan({ engine, lambda, tls }), "secret.tf");
  if (secretTf === undefined) throw new Error("a new secret has secret.tf");
  const parsed = (await parse("secret.tf", secretTf)) as { resource: Record<string, Record<string, Array<{ secret_string_wo: string }>>> };
  const value = parsed.resource.aws_secretsmanager_secret_version!.initial![0]!.secret_string_wo;
  const ssl = /\bssl\s*=\s*(true|false)\b/.exec(value);
  return ssl ? ssl[1] === "true" : undefined;
}

const TEMPLATE_ENGINES = ENGINES.filter((engine) => ENGINE_FACTS[engine].templateTls.kind !== "ignores-ssl");
const SSL_IGNORED = ENGINES.filter((engine) => ENGINE_FACTS[engine].templateTls.kind === "ignores-ssl");

describe("TLS with AWS's templates (lambda=sar)", () => {
  it.each(TEMPLATE_ENGINES.flatMap((engine) => TLS_MODES.map((tls) => [engine, tls] as const)))(
    "%s with tls=%s writes the ssl key the template reads, so it never falls back to plaintext",
    async (engine, tls) => {
      expect(await sslKeyOf(engine, tls, "sar")).toBe(tls !== "disable");
    },
  );

  it.each(SSL_IGNORED)("%s: the template reads no ssl key, so none is written and tls is not a choice", async (engine) => {
    expect(await sslKeyOf(engine, "verify", "sar")).toBeUndefined();
    const result = validatePlan({ ...defaultValues(engine), subnets: "subnet-0123456789abcdef0", vpc: "vpc-0123456789abcdef0", tls: "disable" });
    expect(result.ok && result.plan.tls).toBe("verify");
  });

  it("leaves the ssl key out for our own function, which reads DB_TLS", async () => {
    expect(await sslKeyOf("postgres", "verify", "bundled")).toBeUndefined();
    expect(fileOf(testPlan({ lambda: "bundled", tls: "require" }), "lambda.tf")).toMatch(/DB_TLS\s*=\s*"require"/);
  });

  it("keeps tls for the templates that read it (it used to be dropped as unused)", () => {
    const result = validatePlan({ ...defaultValues("sqlserver"), subnets: "subnet-0123456789abcdef0", vpc: "vpc-0123456789abcdef0", tls: "disable" });
    expect(result.ok && result.plan.tls).toBe("disable");
  });

  it("says at the TLS field what each choice means for the engine's template", () => {
    const note = (engine: Engine, tls: TlsMode) => choiceNote("tls", { engine, lambda: "sar", tls, endpoint: "create" });
    expect(note("sqlserver", "verify")).toMatch(/cannot verify the server's certificate/);
    expect(note("postgres", "require")).toMatch(/checks the server's certificate and host name.*Require is checked too/);
    expect(note("mysql", "disable")).toMatch(/"ssl": false.*plaintext only/);
    expect(note("redshift", "verify")).toMatch(/does not read the secret's "ssl" key/);
    expect(choiceNote("tls", { engine: "postgres", lambda: "bundled", tls: "verify", endpoint: "create" })).toBeNull();
    for (const engine of ENGINES) for (const tls of TLS_MODES) expect(note(engine, tls)).toBe(templateTlsMeaning(engine, tls));
  });

  it("the README says what the choice means, and asks for the key where the bundle cannot write it", () => {
    const existing = testPlan({ engine: "sqlserver", lambda: "sar", secret: SECRET_ARN, tls: "require" });
    expect(fileOf(existing, "secret.tf")).toBeUndefined();
    const readme = fileOf(existing, "README.md")!;
    expect(readme).toContain(templateTlsMeaning("sqlserver", "require"));
    expect(readme).toMatch(/Add `"ssl": true` to the existing secret's JSON/);
    const created = fileOf(testPlan({ engine: "mysql", lambda: "sar", tls: "disable" }), "README.md")!;
    expect(created).toContain(templateTlsMeaning("mysql", "disable"));
    expect(created).toMatch(/`secret.tf` writes `"ssl": false`/);
    expect(fileOf(testPlan({ engine: "redshift", lambda: "sar" }), "README.md")).toContain(templateTlsMeaning("redshift", "verify"));
    expect(fileOf(testPlan({ lambda: "bundled" }), "README.md")).not.toMatch(/"ssl"/);
  });
});
