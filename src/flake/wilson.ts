/** z for a two-sided 95 % interval. */
const Z_95 = 1.959963984540054;

export interface PassRate {
  passed: number;
  runs: number;
  /** passed / runs */
  rate: number;
  /** Lower bound of the 95 % Wilson score interval: the pass rate we can vouch for. */
  lower95: number;
  /** Upper bound of the same interval. */
  upper95: number;
}

/**
 * The pass rate with its 95 % Wilson score interval. Unlike the normal approximation it stays inside
 * [0, 1] and is honest for small samples and for 0 or all passes (10 of 10 passes vouch for 72 %, not 100 %).
 */
export function passRate(passed: number, runs: number): PassRate {
  if (!Number.isInteger(passed) || !Number.isInteger(runs) || runs <= 0 || passed < 0 || passed > runs) {
    throw new RangeError(`a pass rate needs 0 <= passed <= runs and runs > 0 (got ${passed} of ${runs})`);
  }
  const rate = passed / runs;
  const z2 = Z_95 * Z_95;
  const centre = (rate + z2 / (2 * runs)) / (1 + z2 / runs);
  const halfWidth = (Z_95 / (1 + z2 / runs)) * Math.sqrt((rate * (1 - rate)) / runs + z2 / (4 * runs * runs));
  return { passed, runs, rate, lower95: Math.max(0, centre - halfWidth), upper95: Math.min(1, centre + halfWidth) };
}
