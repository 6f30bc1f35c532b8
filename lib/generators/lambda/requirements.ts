/**
 * The rotation function's third-party packages, pinned in one place. Each pin has binary wheels
 * for CPython 3.11 to 3.13 on manylinux2014 x86_64 and aarch64 (what build.sh asks pip for).
 * boto3 is not listed: the Lambda Python runtime provides it.
 */
import type { LambdaEngine } from "./index";

export const DRIVER_PINS = {
  postgres: "psycopg2-binary==2.9.11",
  mysql: "PyMySQL==1.1.3",
  mariadb: "PyMySQL==1.1.3",
} as const satisfies Record<LambdaEngine, string>;

export function requirementsTxt(engine: LambdaEngine): string {
  return [
    "# The database driver of the rotation function, pinned; build.sh installs it for the Lambda's",
    "# architecture and Python version. boto3 comes with the Lambda runtime.",
    DRIVER_PINS[engine],
    "",
  ].join("\n");
}
