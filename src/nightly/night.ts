import type { TestOutcome } from '../reports/playwright-results.ts';

export type NightStatus = 'passed' | 'failed' | 'flaky' | 'skipped';

/** One night as the history keeps it: totals and each test's status, by a stable test id. */
export interface Night {
  /** ISO start time of the run. */
  date: string;
  target: string;
  profile: string;
  durationS: number;
  totals: Record<NightStatus, number>;
  tests: Record<string, NightStatus>;
}

const STATUS: Record<TestOutcome['status'], NightStatus> = { expected: 'passed', unexpected: 'failed', flaky: 'flaky', skipped: 'skipped' };

export function nightOf(outcomes: readonly TestOutcome[], run: { date: string; durationMs: number; target: string; profile: string }): Night {
  const totals: Record<NightStatus, number> = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
  const tests: Record<string, NightStatus> = {};
  for (const outcome of outcomes) {
    const status = STATUS[outcome.status];
    totals[status] += 1;
    tests[outcome.id] = status;
  }
  return { date: run.date, target: run.target, profile: run.profile, durationS: Math.round(run.durationMs / 1000), totals, tests };
}

/** Green: nothing failed and nothing flaky (the nightly runs with failOnFlakyTests). */
export function isGreen(night: Night): boolean {
  return night.totals.failed === 0 && night.totals.flaky === 0;
}

export interface NightChanges {
  newlyFailing: string[];
  newlyFlaky: string[];
  fixed: string[];
  added: string[];
  removed: string[];
}

/** What changed since the previous night, test by test. */
export function changesSince(previous: Night, current: Night): NightChanges {
  const ids = (night: Night, status: NightStatus) => Object.keys(night.tests).filter((id) => night.tests[id] === status);
  return {
    newlyFailing: ids(current, 'failed').filter((id) => previous.tests[id] !== 'failed'),
    newlyFlaky: ids(current, 'flaky').filter((id) => previous.tests[id] !== 'flaky'),
    fixed: Object.keys(previous.tests).filter((id) => (previous.tests[id] === 'failed' || previous.tests[id] === 'flaky') && current.tests[id] === 'passed'),
    added: Object.keys(current.tests).filter((id) => !(id in previous.tests)),
    removed: Object.keys(previous.tests).filter((id) => !(id in current.tests)),
  };
}
