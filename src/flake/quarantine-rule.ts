import type { PassRate } from './wilson.ts';

/** A scenario is trusted when we are 95 % sure it passes at least 9 nights in 10: 35 passes in a row and none failed. */
export const STABLE_LOWER_BOUND = 0.9;
/** A scenario is quarantined when we are 95 % sure it fails more than 1 night in 100. */
export const QUARANTINE_UPPER_BOUND = 0.99;

export type FlakeVerdict = 'stable' | 'quarantine' | 'run more';

/** The rule of the README's "Flaky tests and quarantine", applied to one scenario's pass rate. */
export function flakeVerdict(rate: PassRate): FlakeVerdict {
  if (rate.upper95 < QUARANTINE_UPPER_BOUND) return 'quarantine';
  if (rate.lower95 >= STABLE_LOWER_BOUND) return 'stable';
  return 'run more';
}
