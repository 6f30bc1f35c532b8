/**
 * When AWS Lambda deprecates the runtimes a rotation function may use (AWS Lambda Developer Guide,
 * "Lambda runtimes": the supported and deprecated tables). After the deprecation date Lambda no longer
 * patches the runtime; later it blocks creating, then updating, functions that use it. Functions keep
 * running. Dates as published by AWS (Python 3.9: 15 December 2025; 3.10: 31 October 2026).
 */
export const RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  "python2.7": "2021-07-15",
  "python3.6": "2022-07-18",
  "python3.7": "2023-12-04",
  "python3.8": "2024-10-14",
  "python3.9": "2025-12-15",
  "python3.10": "2026-10-31",
  "python3.11": "2027-06-30",
  "python3.12": "2028-10-31",
  "python3.13": "2029-06-30",
  "python3.14": "2029-06-30",
  "nodejs14.x": "2023-12-04",
  "nodejs16.x": "2024-06-12",
  "nodejs18.x": "2025-09-01",
  "nodejs20.x": "2026-04-30",
  "nodejs22.x": "2027-04-30",
  "go1.x": "2024-01-08",
  "java8": "2024-01-08",
  "dotnetcore3.1": "2023-04-03",
  "dotnet6": "2024-12-20",
  "ruby2.7": "2023-12-07",
};

/** Days before the deprecation date from which the diagnosis mentions it. */
export const DEPRECATION_NOTICE_DAYS = 180;

export type RuntimeStatus = { kind: "deprecated"; since: string } | { kind: "soon"; on: string } | { kind: "supported" } | { kind: "unknown" };

export function runtimeStatus(runtime: string, now: Date): RuntimeStatus {
  const date = RUNTIME_DEPRECATION[runtime];
  if (date === undefined) return { kind: "unknown" };
  const deprecation = Date.parse(`${date}T00:00:00Z`);
  if (now.getTime() >= deprecation) return { kind: "deprecated", since: date };
  if (deprecation - now.getTime() <= DEPRECATION_NOTICE_DAYS * 86_400_000) return { kind: "soon", on: date };
  return { kind: "supported" };
}

/** The newest Python runtime this product's function supports: what a fix proposes. */
export const SUGGESTED_RUNTIME = "python3.13";
