/**
 * Every closed list of choices in a plan, `as const` so that the schema, the form and the generators
 * share one spelling. Facts about each engine live in `engines.ts`.
 */

export const ENGINES = ["postgres", "mysql", "mariadb", "sqlserver", "oracle", "db2", "redshift", "mongodb"] as const;
export type Engine = (typeof ENGINES)[number];

export const PLATFORMS = ["rds", "aurora", "self-managed"] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * What a rotation function does: the user changes its own password (single), or an admin secret switches
 * between the user and its _clone (alternating). The generated function and its tests take these.
 */
export const FUNCTION_STRATEGIES = ["single", "alternating"] as const;
export type FunctionStrategy = (typeof FUNCTION_STRATEGIES)[number];

/** How the password changes: with a function, or by AWS itself (managed) for a master user. */
export const STRATEGIES = [...FUNCTION_STRATEGIES, "managed"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Where the rotation function comes from: our code in the bundle, or AWS's published template. */
export const LAMBDA_SOURCES = ["bundled", "sar"] as const;
export type LambdaSource = (typeof LAMBDA_SOURCES)[number];

/** How the function reaches the Secrets Manager API from inside the VPC. */
export const ENDPOINT_MODES = ["create", "existing", "nat"] as const;
export type EndpointMode = (typeof ENDPOINT_MODES)[number];

/** Python runtimes that AWS Lambda supports and that our function is tested against. */
export const RUNTIMES = ["python3.13", "python3.12", "python3.11"] as const;
export type Runtime = (typeof RUNTIMES)[number];

export const ARCHITECTURES = ["arm64", "x86_64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** How the function talks TLS to the database. Relaxing it is always an explicit choice. */
export const TLS_MODES = ["verify", "require", "disable"] as const;
export type TlsMode = (typeof TLS_MODES)[number];
