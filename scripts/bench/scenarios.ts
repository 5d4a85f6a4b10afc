/**
 * Bench suite: the core scenarios' wall time, the lab time they cover, the whole suite, and a cold
 * diagnose run with its evidence bundle. Everything runs as a user runs it (npx playwright test,
 * npm run diagnose), one after the other, so the machine is not shared between measurements.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atLeast, atMost, median, measured, type Metric } from '../../src/bench/metric.ts';
import { testOutcomes, type TestRun } from '../../src/reports/playwright-results.ts';
import { runPlaywrightForReport } from '../../src/reports/run-playwright.ts';

const REPEATS = 5;
const DIAGNOSE_RUNS = 3;

/** Every run of the tests `args` select; fails unless each run passed. */
function runs(args: string[]): TestRun[] {
  const all = testOutcomes(runPlaywrightForReport(args)).flatMap((outcome) => outcome.runs);
  const failed = all.filter((run) => run.status !== 'passed');
  if (failed.length > 0) throw new Error(`${failed.length} of ${all.length} runs of ${args.join(' ')} did not pass`);
  return all;
}

function scenario(grep: string): TestRun[] {
  return runs(['--project', 'browser', '--grep', grep, '--repeat-each', String(REPEATS), '--workers', '1']);
}

function timed(command: string[], env: Record<string, string> = {}): { seconds: number; stdout: string; status: number } {
  const start = performance.now();
  const result = spawnSync(command[0]!, command.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { seconds: (performance.now() - start) / 1000, stdout: result.stdout, status: result.status ?? -1 };
}

export default function scenarios(): Promise<Metric[]> {
  const mismatch = scenario('disk-cached token response of an earlier login');
  const labSeconds = mismatch.map((result) => Number((result.annotations ?? []).find((annotation) => annotation.type === 'lab-seconds')?.description));
  const recovery = scenario('restarting the browser alone does not recover');

  const diagnoseSeconds: number[] = [];
  const zipMegabytes: number[] = [];
  for (let run = 0; run < DIAGNOSE_RUNS; run += 1) {
    const outputDir = mkdtempSync(path.join(os.tmpdir(), 'bench-diagnose-'));
    try {
      const result = timed(['npx', 'tsx', 'scripts/diagnose.ts', '--json'], { OUTPUT_DIR: outputDir });
      if (result.status !== 0) throw new Error(`diagnose exited ${result.status}`);
      diagnoseSeconds.push(result.seconds);
      zipMegabytes.push(statSync((JSON.parse(result.stdout) as { evidence: string }).evidence).size / 2 ** 20);
    } finally {
      rmSync(outputDir, { recursive: true, force: true });
    }
  }

  const suite = timed(['npx', 'playwright', 'test']);
  return Promise.resolve([
    atMost('scenario.mismatch.wall_ms', median(mismatch.map((result) => result.duration)), 'ms', 5000, REPEATS),
    atLeast('scenario.mismatch.lab_s', median(labSeconds), 's', 4200, REPEATS),
    atMost('scenario.recovery.wall_ms', median(recovery.map((result) => result.duration)), 'ms', 10000, REPEATS),
    atMost('diagnose.wall_s', median(diagnoseSeconds), 's', 30, DIAGNOSE_RUNS),
    atMost('evidence.zip_mb', median(zipMegabytes), 'MB', 20, DIAGNOSE_RUNS),
    { ...measured('suite.wall_s', suite.seconds, 's', 1), target: suite.status === 0 ? 'npm test green' : 'npm test FAILED', ok: suite.status === 0 },
  ]);
}
