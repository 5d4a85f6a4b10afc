/**
 * Bench suite `scenarios`: the browser's own floor (one persistent-profile start) and the core
 * scenarios' wall time against it, with where their time went by area (browser starts, sign-ins,
 * lab clock, desktop waits, checks). Run as a user runs them (npx playwright test), one after the
 * other, so the machine is not shared between measurements.
 */
import { loadConfigOrExit } from '../../src/cli/load-config-or-exit.ts';
import { persistentStartMs } from '../../src/bench/browser-floor.ts';
import { atLeast, atMost, measured, median, type Metric } from '../../src/bench/metric.ts';
import { browserStarts, stepBreakdown } from '../../src/bench/step-breakdown.ts';
import { launchOptions } from '../../src/browser/launch-options.ts';
import { resolveBrowserOnce } from '../../src/browser/resolve.ts';
import { testOutcomes, type TestRun } from '../../src/reports/playwright-results.ts';
import { runPlaywrightForReport } from '../../src/reports/run-playwright.ts';

const REPEATS = 5;
const FLOOR_RUNS = 7;

/** The targets (#18): a scenario's wall time over the floor of the browser starts it makes. */
const SCENARIOS = [
  { name: 'mismatch', grep: 'a cached earlier token: refusals', wallMs: 5000, floorRatio: 2.0 },
  { name: 'recovery', grep: 'a restart alone does not recover', wallMs: 10000, floorRatio: 3.0 },
] as const;

/** Every run of the tests `args` select; fails unless each run passed. */
function runs(args: string[]): TestRun[] {
  const all = testOutcomes(runPlaywrightForReport(args)).flatMap((outcome) => outcome.runs);
  const failed = all.filter((run) => run.status !== 'passed');
  if (failed.length > 0) throw new Error(`${failed.length} of ${all.length} runs of ${args.join(' ')} did not pass`);
  return all;
}

/** The median of each area over the runs (an area a run did not touch counts 0 there). */
function medianBreakdown(all: readonly TestRun[]): Record<string, number> {
  const breakdowns = all.map(stepBreakdown);
  const areas = [...new Set(breakdowns.flatMap((breakdown) => Object.keys(breakdown)))];
  return Object.fromEntries(areas.map((area) => [area, median(breakdowns.map((breakdown) => breakdown[area] ?? 0))]));
}

const metricName = (area: string) => area.toLowerCase().replace(/[^a-z0-9]+/g, '_');

export default async function scenarios(): Promise<Metric[]> {
  const config = loadConfigOrExit();
  const launch = launchOptions(resolveBrowserOnce(config.browser, config.headless), config.headless);
  // The first start after a while reads the browser from disk: a warm-up, not the floor.
  await persistentStartMs(launch);
  const floorRuns: number[] = [];
  for (let run = 0; run < FLOOR_RUNS; run += 1) floorRuns.push(await persistentStartMs(launch));
  const floorMs = median(floorRuns);
  const metrics: Metric[] = [{ ...measured('browser.floor_ms', floorMs, 'ms', FLOOR_RUNS), note: 'persistent-profile launch, one page, close' }];

  for (const scenario of SCENARIOS) {
    const all = runs(['--project', 'browser', '--grep', scenario.grep, '--repeat-each', String(REPEATS), '--workers', '1']);
    const wallMs = median(all.map((run) => run.duration));
    const starts = median(all.map(browserStarts));
    const prefix = `scenario.${scenario.name}`;
    metrics.push(atMost(`${prefix}.wall_ms`, wallMs, 'ms', scenario.wallMs, REPEATS));
    metrics.push({
      ...atMost(`${prefix}.floor_ratio`, wallMs / (starts * floorMs), '×', scenario.floorRatio, REPEATS),
      note: `wall / (${starts} starts × browser.floor_ms)`,
    });
    if (scenario.name === 'mismatch') {
      const labSeconds = all.map((run) => Number((run.annotations ?? []).find((annotation) => annotation.type === 'lab-seconds')?.description));
      metrics.push(atLeast(`${prefix}.lab_s`, median(labSeconds), 's', 4200, REPEATS));
    }
    for (const [area, ms] of Object.entries(medianBreakdown(all))) {
      metrics.push({ ...measured(`${prefix}.step.${metricName(area)}_ms`, ms, 'ms', REPEATS), note: `time in "${area}" steps` });
    }
  }
  return metrics;
}
