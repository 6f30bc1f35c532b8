import type { Engine, Platform } from "./choices";

/** What we need to know about a database engine to rotate its passwords. */
export interface EngineFacts {
  label: string;
  /** The `engine` value AWS writes into a database secret's JSON. */
  secretEngine: string;
  defaultPort: number;
  /** Platforms the engine runs on; `null` for services that are their own platform (Redshift, DocumentDB). */
  platforms: readonly Platform[] | null;
  /** Our bundled rotation function supports this engine. */
  bundled: boolean;
  /** Platforms where AWS manages the master user's password itself (`strategy=managed`). */
  managedOn: readonly Platform[] | "service" | null;
  /** Longest password the engine accepts (the shortest of its documented limits). */
  maxPasswordLength: number;
}

export const ENGINE_FACTS: Record<Engine, EngineFacts> = {
  postgres: {
    label: "PostgreSQL",
    secretEngine: "postgres",
    defaultPort: 5432,
    platforms: ["rds", "aurora", "self-managed"],
    bundled: true,
    managedOn: ["rds", "aurora"],
    maxPasswordLength: 4096,
  },
  mysql: {
    label: "MySQL",
    secretEngine: "mysql",
    defaultPort: 3306,
    platforms: ["rds", "aurora", "self-managed"],
    bundled: true,
    managedOn: ["rds", "aurora"],
    maxPasswordLength: 4096,
  },
  mariadb: {
    label: "MariaDB",
    secretEngine: "mariadb",
    defaultPort: 3306,
    platforms: ["rds", "self-managed"],
    bundled: true,
    managedOn: ["rds"],
    maxPasswordLength: 4096,
  },
  sqlserver: {
    label: "SQL Server",
    secretEngine: "sqlserver",
    defaultPort: 1433,
    platforms: ["rds", "self-managed"],
    bundled: false,
    managedOn: ["rds"],
    maxPasswordLength: 128,
  },
  oracle: {
    label: "Oracle",
    secretEngine: "oracle",
    defaultPort: 1521,
    platforms: ["rds", "self-managed"],
    bundled: false,
    managedOn: ["rds"],
    // Oracle passwords are at most 30 bytes.
    maxPasswordLength: 30,
  },
  db2: {
    label: "Db2",
    secretEngine: "db2",
    defaultPort: 50000,
    platforms: ["rds", "self-managed"],
    bundled: false,
    managedOn: ["rds"],
    maxPasswordLength: 255,
  },
  redshift: {
    label: "Amazon Redshift",
    secretEngine: "redshift",
    defaultPort: 5439,
    platforms: null,
    bundled: false,
    managedOn: "service",
    // Redshift passwords are 8 to 64 characters.
    maxPasswordLength: 64,
  },
  mongodb: {
    label: "Amazon DocumentDB",
    secretEngine: "mongo",
    defaultPort: 27017,
    platforms: null,
    bundled: false,
    managedOn: "service",
    // DocumentDB passwords are 8 to 100 characters.
    maxPasswordLength: 100,
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

export const BUNDLED_ENGINES = (Object.keys(ENGINE_FACTS) as Engine[]).filter((e) => ENGINE_FACTS[e].bundled);
