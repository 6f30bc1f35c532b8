/**
 * The AWS CLI's JSON, read defensively: `describe-secret` and `list-secret-version-ids`. Any JSON object
 * is accepted and fields of the wrong type are ignored; only text that is not a JSON object is unusable.
 */

export class InputError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

export interface RotationRulesInfo {
  days: number | null;
  expression: string | null;
  duration: string | null;
}

export interface DescribeInfo {
  arn: string | null;
  name: string | null;
  kmsKeyId: string | null;
  rotationEnabled: boolean | null;
  rotationLambdaArn: string | null;
  rules: RotationRulesInfo | null;
  lastRotated: Date | null;
  lastChanged: Date | null;
  created: Date | null;
  nextRotation: Date | null;
  owningService: string | null;
  /** VersionIdsToStages, when present. */
  versions: VersionInfo[] | null;
}

export interface VersionInfo {
  id: string;
  stages: string[];
}

function parseObject(text: string, param: string, what: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(param, `${param} must be the JSON that ${what} prints; this is not JSON`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InputError(param, `${param} must be the JSON object that ${what} prints`);
  }
  return json as Record<string, unknown>;
}

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** The CLI prints dates as ISO 8601 text (v2) or seconds since the epoch (v1). */
function date(value: unknown): Date | null {
  if (typeof value === "number" && Number.isFinite(value)) {
    const result = new Date(value > 1e12 ? value : value * 1000);
    return Number.isNaN(result.getTime()) ? null : result;
  }
  if (typeof value === "string" && value.length <= 64) {
    const result = new Date(value);
    return Number.isNaN(result.getTime()) ? null : result;
  }
  return null;
}

function stagesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((stage): stage is string => typeof stage === "string").slice(0, 50) : [];
}

export function parseDescribe(source: string): DescribeInfo {
  const json = parseObject(source, "describe", "aws secretsmanager describe-secret");
  const rulesJson = json.RotationRules;
  let rules: RotationRulesInfo | null = null;
  if (typeof rulesJson === "object" && rulesJson !== null && !Array.isArray(rulesJson)) {
    const r = rulesJson as Record<string, unknown>;
    rules = {
      days: typeof r.AutomaticallyAfterDays === "number" && Number.isFinite(r.AutomaticallyAfterDays) ? r.AutomaticallyAfterDays : null,
      expression: text(r.ScheduleExpression),
      duration: text(r.Duration),
    };
  }
  let versions: VersionInfo[] | null = null;
  const map = json.VersionIdsToStages;
  if (typeof map === "object" && map !== null && !Array.isArray(map)) {
    versions = Object.entries(map as Record<string, unknown>)
      .slice(0, 1000)
      .map(([id, stages]) => ({ id, stages: stagesOf(stages) }));
  }
  return {
    arn: text(json.ARN),
    name: text(json.Name),
    kmsKeyId: text(json.KmsKeyId),
    rotationEnabled: typeof json.RotationEnabled === "boolean" ? json.RotationEnabled : null,
    rotationLambdaArn: text(json.RotationLambdaARN),
    rules,
    lastRotated: date(json.LastRotatedDate),
    lastChanged: date(json.LastChangedDate),
    created: date(json.CreatedDate),
    nextRotation: date(json.NextRotationDate),
    owningService: text(json.OwningService),
    versions,
  };
}

export interface VersionsInfo {
  arn: string | null;
  name: string | null;
  versions: VersionInfo[];
}

export function parseVersions(source: string): VersionsInfo {
  const json = parseObject(source, "versions", "aws secretsmanager list-secret-version-ids --include-deprecated");
  const list = json.Versions;
  if (!Array.isArray(list)) return { arn: text(json.ARN), name: text(json.Name), versions: [] };
  const versions = list.slice(0, 1000).flatMap((item) => {
    if (typeof item !== "object" || item === null) return [];
    const version = item as Record<string, unknown>;
    const id = text(version.VersionId);
    return id === null ? [] : [{ id, stages: stagesOf(version.VersionStages) }];
  });
  return { arn: text(json.ARN), name: text(json.Name), versions };
}
