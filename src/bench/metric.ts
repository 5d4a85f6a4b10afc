/** One benchmark result, as written to reports/bench.json. */
export interface Metric {
  /** Dotted name, e.g. `lab.start_ms`. */
  name: string;
  /** Median of the measured runs (or the single value of a one-shot measurement). */
  median: number;
  unit: string;
  /** The target it is held against, in words, e.g. `< 500`. */
  target?: string;
  /** The number the target holds the median against (`<= 500` → 500); the table shows median / limit. */
  limit?: number;
  /** Whether the median meets the target. */
  ok?: boolean;
  /** What the table should say beside it, e.g. what a ratio compares. */
  note?: string;
  /** How many runs the median was taken over. */
  runs?: number;
}

/** A bench suite measures one area of the project; `scripts/bench.ts` runs every suite in one process. */
export type BenchSuite = () => Promise<Metric[]>;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The nearest-rank percentile (`p` from 0 to 100): a value that was measured, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is not between 0 and 100`);
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `once` `runs` times and returns the median of what it returns. */
export async function medianOf(runs: number, once: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let run = 0; run < runs; run += 1) values.push(await once());
  return median(values);
}

export function atMost(name: string, value: number, unit: string, limit: number, runs?: number): Metric {
  return { name, median: round(value), unit, target: `<= ${limit}`, limit, ok: value <= limit, ...(runs ? { runs } : {}) };
}

export function atLeast(name: string, value: number, unit: string, limit: number, runs?: number): Metric {
  return { name, median: round(value), unit, target: `>= ${limit}`, limit, ok: value >= limit, ...(runs ? { runs } : {}) };
}

export function measured(name: string, value: number, unit: string, runs?: number): Metric {
  return { name, median: round(value), unit, ...(runs ? { runs } : {}) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
