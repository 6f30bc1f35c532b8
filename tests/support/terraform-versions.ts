/**
 * Terraform version constraints (`required_version`, `required_providers.*.version`): syntax, whether a
 * version satisfies one, and the lowest version one allows. Pre-release suffixes are accepted but ignored
 * when comparing; that is precise enough for pinning checks.
 */

export type Version = [major: number, minor: number, patch: number];

type Operator = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~>";

interface Condition {
  operator: Operator;
  version: Version;
  /** How many of major.minor.patch were written; `~>` depends on it. */
  precision: 1 | 2 | 3;
}

const CONDITION = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?\s*$/;

/** The comma-separated conditions of a constraint, or undefined when its syntax is invalid. */
export function parseConstraint(constraint: string): Condition[] | undefined {
  const conditions: Condition[] = [];
  for (const part of constraint.split(",")) {
    const match = CONDITION.exec(part);
    if (!match) return undefined;
    const [, operator = "=", major, minor, patch] = match;
    conditions.push({
      operator: operator as Operator,
      version: [Number(major), Number(minor ?? 0), Number(patch ?? 0)],
      precision: patch !== undefined ? 3 : minor !== undefined ? 2 : 1,
    });
  }
  return conditions;
}

export function parseVersion(text: string): Version | undefined {
  const condition = parseConstraint(text)?.[0];
  return condition && condition.operator === "=" ? condition.version : undefined;
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatVersion(version: Version): string {
  return version.join(".");
}

export function constraintAllows(constraint: string, version: Version): boolean {
  const conditions = parseConstraint(constraint);
  return conditions !== undefined && conditions.every((condition) => conditionAllows(condition, version));
}

function conditionAllows({ operator, version: bound, precision }: Condition, version: Version): boolean {
  const order = compareVersions(version, bound);
  switch (operator) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case "~>":
      // "~> 1.2.3" allows 1.2.x from 1.2.3; "~> 1.2" and "~> 1" allow 1.x from the bound.
      return order >= 0 && compareVersions(version, pessimisticCeiling(bound, precision)) < 0;
  }
}

function pessimisticCeiling([major, minor]: Version, precision: 1 | 2 | 3): Version {
  return precision === 3 ? [major, minor + 1, 0] : [major + 1, 0, 0];
}

/** The lowest version a constraint can select (0.0.0 when it has no lower bound). */
export function constraintFloor(constraint: string): Version {
  let floor: Version = [0, 0, 0];
  for (const { operator, version } of parseConstraint(constraint) ?? []) {
    const bound: Version | undefined =
      operator === ">" ? [version[0], version[1], version[2] + 1] : ["=", ">=", "~>"].includes(operator) ? version : undefined;
    if (bound && compareVersions(bound, floor) > 0) floor = bound;
  }
  return floor;
}
