import type { Engine, Platform, TlsMode } from "./choices";

/** What we need to know about a database engine to rotate its passwords. */
export interface EngineFacts {
  label: string;
  /** The `engine` value AWS writes into a database secret's JSON. */
  secretEngine: string;
  defaultPort: number;
  /** Platforms the engine runs on; `null` for services that are their own platform (Redshift, DocumentDB). */
  platforms: readonly Platform[] | null;
  /** Platforms where AWS manages the master user's password itself (`strategy=managed`). */
  managedOn: readonly Platform[] | "service" | null;
  /** Longest password the engine accepts (the shortest of its documented limits). */
  maxPasswordLength: number;
  /** What AWS's published rotation function for this engine (lambda=sar) does about TLS. */
  templateTls: TemplateTls;
}

/**
 * How AWS's published rotation functions talk TLS, as their source shows
 * (aws-samples/aws-secrets-manager-rotation-lambdas, `get_ssl_config` and `connect_and_authenticate` of each
 * engine's lambda_function.py). Those that read the secret's `ssl` key treat a missing key as "try TLS, fall
 * back to plaintext"; `true` means TLS only and `false` plaintext only.
 * - `verifies`: with `ssl` true it checks the server's certificate and host name.
 * - `encrypts`: with `ssl` true it encrypts, but its source shows no certificate check.
 * - `ignores-ssl`: it does not read the `ssl` key at all; `connects` says what it does instead.
 */
export type TemplateTls =
  | { kind: "verifies"; how: string }
  | { kind: "encrypts"; how: string }
  | { kind: "ignores-ssl"; connects: string };

export const ENGINE_FACTS: Record<Engine, EngineFacts> = {
  postgres: {
    label: "PostgreSQL",
    secretEngine: "postgres",
    defaultPort: 5432,
    platforms: ["rds", "aurora", "self-managed"],
    managedOn: ["rds", "aurora"],
    // SCRAM hashes a password of any length; 4096 is the most GetRandomPassword makes (PasswordLength,
    // Secrets Manager API reference). A 4096-character login works on PostgreSQL 15.
    maxPasswordLength: 4096,
    templateTls: { kind: "verifies", how: "libpq with sslmode=verify-full" },
  },
  mysql: {
    label: "MySQL",
    secretEngine: "mysql",
    defaultPort: 3306,
    platforms: ["rds", "aurora", "self-managed"],
    managedOn: ["rds", "aurora"],
    // MySQL's default authentication plugin, caching_sha2_password, refuses passwords longer than 256
    // characters: Caching_sha2_password::authenticate in sql/auth/sha2_password.cc rejects any password over
    // CACHING_SHA2_PASSWORD_MAX_PASSWORD_LENGTH, which is MAX_PLAINTEXT_LENGTH (256, include/crypt_genhash_impl.h).
    maxPasswordLength: 256,
    templateTls: { kind: "verifies", how: "PyMySQL with a CA file, which also checks the host name" },
  },
  mariadb: {
    label: "MariaDB",
    secretEngine: "mariadb",
    defaultPort: 3306,
    platforms: ["rds", "self-managed"],
    managedOn: ["rds"],
    // MariaDB's mysql_native_password hashes a password of any length; 4096 is the most GetRandomPassword
    // makes (PasswordLength, Secrets Manager API reference). A 4096-character login works on MariaDB 10.11.
    maxPasswordLength: 4096,
    templateTls: { kind: "verifies", how: "PyMySQL with a CA file, which also checks the host name" },
  },
  sqlserver: {
    label: "SQL Server",
    secretEngine: "sqlserver",
    defaultPort: 1433,
    platforms: ["rds", "self-managed"],
    managedOn: ["rds"],
    maxPasswordLength: 128,
    templateTls: { kind: "encrypts", how: "FreeTDS with its TLS configuration" },
  },
  oracle: {
    label: "Oracle",
    secretEngine: "oracle",
    defaultPort: 1521,
    platforms: ["rds", "self-managed"],
    managedOn: ["rds"],
    // Oracle passwords are at most 30 bytes.
    maxPasswordLength: 30,
    templateTls: { kind: "verifies", how: "python-oracledb over TCPS, with the driver's certificate and name checks" },
  },
  db2: {
    label: "Db2",
    secretEngine: "db2",
    defaultPort: 50000,
    platforms: ["rds", "self-managed"],
    managedOn: ["rds"],
    maxPasswordLength: 255,
    templateTls: { kind: "ignores-ssl", connects: "over plain TCP/IP: the template has no TLS option" },
  },
  redshift: {
    label: "Amazon Redshift",
    secretEngine: "redshift",
    defaultPort: 5439,
    platforms: null,
    managedOn: "service",
    // Redshift passwords are 8 to 64 characters.
    maxPasswordLength: 64,
    templateTls: { kind: "ignores-ssl", connects: "with the driver's default: TLS when the cluster offers it, plaintext otherwise, no certificate check" },
  },
  mongodb: {
    label: "Amazon DocumentDB",
    secretEngine: "mongo",
    defaultPort: 27017,
    platforms: null,
    managedOn: "service",
    // DocumentDB passwords are 8 to 100 characters.
    maxPasswordLength: 100,
    templateTls: { kind: "verifies", how: "pymongo with TLS on, which checks the certificate and host name" },
  },
};

export function engineRunsOn(engine: Engine, platform: Platform): boolean {
  const platforms = ENGINE_FACTS[engine].platforms;
  return platforms === null ? platform === "rds" : platforms.includes(platform);
}

export function managedRotationAvailable(engine: Engine, platform: Platform): boolean {
  const managedOn = ENGINE_FACTS[engine].managedOn;
  if (managedOn === "service") return true;
  return managedOn !== null && managedOn.includes(platform);
}

/** The engines our bundled rotation function (lambda/) supports; every other engine takes AWS's template. */
export const BUNDLED_ENGINES = ["postgres", "mysql", "mariadb"] as const satisfies readonly Engine[];
export type BundledEngine = (typeof BUNDLED_ENGINES)[number];

export function isBundledEngine(engine: Engine): engine is BundledEngine {
  return (BUNDLED_ENGINES as readonly Engine[]).includes(engine);
}

/**
 * What a `tls` choice means with AWS's template for an engine: the bundle writes it into the secret as the
 * `ssl` key (true for verify and require, false for disable), so the template never falls back to plaintext.
 * The wizard shows this sentence at the TLS field and the bundle's README repeats it.
 */
export function templateTlsMeaning(engine: Engine, tls: TlsMode): string {
  const { label, templateTls } = ENGINE_FACTS[engine];
  if (templateTls.kind === "ignores-ssl") return `AWS's ${label} template does not read the secret's "ssl" key: it connects ${templateTls.connects}.`;
  if (tls === "disable") return `AWS's ${label} template gets "ssl": false in the secret: it connects in plaintext only.`;
  if (templateTls.kind === "encrypts") {
    return `AWS's ${label} template gets "ssl": true in the secret: it connects over TLS only (${templateTls.how}), but it cannot verify the server's certificate, so Verify and Require both mean encrypted, not checked.`;
  }
  return `AWS's ${label} template gets "ssl": true in the secret: it connects over TLS only and checks the server's certificate and host name (${templateTls.how}); it has no encrypted-but-unchecked mode, so Require is checked too.`;
}
