/**
 * The rotation function of the bundle (lambda/): a Secrets Manager rotation Lambda in Python for
 * PostgreSQL, MySQL or MariaDB, with single-user or alternating-users rotation, its pinned
 * requirements and its build script. Pure: the same options always give the same files.
 *
 * The Python is kept as real files in ./python (README.md there says how they are laid out) and
 * embedded byte for byte by `npm run embed:python`. rotation.py is those files put together for
 * one engine and strategy: only the chosen engine's adapter and the chosen strategy's regions are
 * kept. Everything that varies per plan at run time (password policy, TLS mode, endpoint) is read
 * from environment variables, so no user-typed text ever reaches the Python.
 */
import { ARCHITECTURES, FUNCTION_STRATEGIES, type FunctionStrategy } from "@/lib/config/choices";
import { BUNDLED_ENGINES, type BundledEngine } from "@/lib/config/engines";
import { buildScript, pythonVersionOf } from "./build-script";
import { pythonModule, selectRegions, splitModule } from "./python";
import { PYTHON_SOURCES, type PythonSourceName } from "./python-sources.generated";
import { requirementsTxt } from "./requirements";

/** What the function is generated for: the plan's own lists (lib/config), under this module's names. */
export const LAMBDA_ENGINES = BUNDLED_ENGINES;
export const LAMBDA_STRATEGIES = FUNCTION_STRATEGIES;
export const LAMBDA_ARCHITECTURES = ARCHITECTURES;

export type LambdaEngine = BundledEngine;
export type LambdaStrategy = FunctionStrategy;

export interface RotationFunctionOptions {
  engine: LambdaEngine;
  strategy: LambdaStrategy;
  /** A Lambda Python runtime identifier, e.g. "python3.13". */
  runtime: string;
  architecture: (typeof LAMBDA_ARCHITECTURES)[number];
}

export interface LambdaFile {
  path: string;
  content: string;
  executable?: boolean;
}

/** The Lambda handler string Terraform uses. */
export const ROTATION_HANDLER = "rotation.lambda_handler";

/** The environment variables the function reads, for the Terraform and README generators. */
export const ROTATION_ENVIRONMENT = {
  endpoint: "SECRETS_MANAGER_ENDPOINT",
  excludeCharacters: "EXCLUDE_CHARACTERS",
  passwordLength: "PASSWORD_LENGTH",
  tls: "DB_TLS",
  caBundle: "DB_CA_BUNDLE",
} as const;

const ENGINE_LABELS: Record<LambdaEngine, string> = { postgres: "PostgreSQL", mysql: "MySQL", mariadb: "MariaDB" };

const STRATEGY_SUMMARIES: Record<LambdaStrategy, string> = {
  single: "single user: the user changes its own password",
  alternating: "alternating users: an admin secret (masterarn) sets the password of <user> or <user>_clone in turn",
};

/** The files rotation.py is made of, in order: the steps, their helpers, the engine's adapter. */
const PYTHON_FILES: Record<LambdaEngine, readonly PythonSourceName[]> = {
  postgres: ["handler.py", "support.py", "postgres.py"],
  mysql: ["handler.py", "support.py", "mysql.py"],
  mariadb: ["handler.py", "support.py", "mysql.py"],
};

/** The region tags of the Python files: `# [alternating]` ... `# [/alternating]` is kept for that strategy only. */
const REGION_TAGS: ReadonlySet<string> = new Set([...LAMBDA_ENGINES, ...LAMBDA_STRATEGIES]);

/** handler.py's docstring, which becomes rotation.py's, names the engine and the strategy. */
function fillDocstring(docstring: string | null, options: RotationFunctionOptions): string {
  const slots = { "{engine}": ENGINE_LABELS[options.engine], "{strategy}": STRATEGY_SUMMARIES[options.strategy] };
  let text = docstring ?? "";
  for (const [slot, value] of Object.entries(slots)) {
    if (text.split(slot).length !== 2) throw new Error(`handler.py's docstring must hold ${slot} exactly once`);
    text = text.replace(slot, value);
  }
  return text;
}

function assertOptions(options: RotationFunctionOptions): void {
  const problems = [
    LAMBDA_ENGINES.includes(options.engine) ? null : `engine "${options.engine}"`,
    LAMBDA_STRATEGIES.includes(options.strategy) ? null : `strategy "${options.strategy}"`,
    LAMBDA_ARCHITECTURES.includes(options.architecture) ? null : `architecture "${options.architecture}"`,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) throw new Error(`The bundled rotation function does not support ${problems.join(", ")}`);
  pythonVersionOf(options.runtime);
}

/** rotation.py of each engine and strategy, put together once (it depends on nothing else). */
const assembled = new Map<string, string>();

/** The source of lambda/rotation.py for these options. */
export function rotationSource(options: RotationFunctionOptions): string {
  assertOptions(options);
  const key = `${options.engine}/${options.strategy}`;
  let text = assembled.get(key);
  if (text === undefined) {
    const active = new Set<string>([options.engine, options.strategy]);
    const sources = PYTHON_FILES[options.engine].map((name) => splitModule(selectRegions(PYTHON_SOURCES[name], active, REGION_TAGS, name), name));
    text = pythonModule(fillDocstring(sources[0]?.docstring ?? null, options), sources);
    assembled.set(key, text);
  }
  return text;
}

/** The files of the bundle's lambda/ folder, paths relative to the bundle root. */
export function rotationFunctionFiles(options: RotationFunctionOptions): LambdaFile[] {
  assertOptions(options);
  return [
    { path: "lambda/rotation.py", content: rotationSource(options) },
    { path: "lambda/requirements.txt", content: requirementsTxt(options.engine) },
    { path: "lambda/build.sh", content: buildScript(options), executable: true },
  ];
}
