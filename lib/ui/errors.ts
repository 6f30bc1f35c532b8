import type { Problem } from "@/lib/config/schema";
import { readMessage, type Reading } from "@/lib/config/wording";

/**
 * The message to show under a field, in the reading the user chose (the form's words unless they asked for
 * parameter names). The schema's messages are marked (lib/config/wording.ts); a message from elsewhere reads
 * as it is. The schema reports a bad id in a list at `subnets.1`, which react-hook-form nests under
 * `subnets` (as an array); the field shows the first message found, as `problemsOf` does for the preview.
 */
export function fieldErrorMessage(error: unknown, reading: Reading = "words"): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message === "string" && message !== "") return readMessage(message, reading);
  if (!Array.isArray(error)) return undefined;
  for (const nested of error) {
    const found = fieldErrorMessage(nested, reading);
    if (found) return found;
  }
  return undefined;
}

/** A problem of the plan in the reading the user chose; one that carries no marked message (the codec's) reads as it is. */
export function problemText(problem: Problem, reading: Reading): string {
  return problem.marked === undefined ? problem.message : readMessage(problem.marked, reading);
}
