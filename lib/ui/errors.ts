/**
 * The message to show under a field. The schema reports a bad id in a list at `subnets.1`, which
 * react-hook-form nests under `subnets` (as an array); the field shows the first message found, as
 * `problemsOf` does for the preview.
 */
export function fieldErrorMessage(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message === "string" && message !== "") return message;
  if (!Array.isArray(error)) return undefined;
  for (const nested of error) {
    const found = fieldErrorMessage(nested);
    if (found) return found;
  }
  return undefined;
}
