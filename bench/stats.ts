/** Small statistics for benchmarks: sorted samples, their median and a percentile. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

export interface Metric {
  name: string;
  value: number;
  unit: string;
  /** The budget the value must stay within, if it has one (PRODUCT.md §8). */
  budget: string | null;
  ok: boolean | null;
}

export function metric(name: string, value: number, unit: string, budget?: { text: string; ok: (value: number) => boolean }): Metric {
  const rounded = Math.round(value * 1000) / 1000;
  return { name, value: rounded, unit, budget: budget?.text ?? null, ok: budget ? budget.ok(value) : null };
}
