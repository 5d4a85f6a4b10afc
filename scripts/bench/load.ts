/**
 * Bench suite `load`: the load scenario (tests/load: HARNESS_LOAD_AGENTS agents, default 20, each
 * signing in through SSO in its own browser) on 1 worker, then on 2 workers, one after the other.
 * Reports the sign-in latency percentiles on 2 workers and how much sooner 2 workers finish than 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOAD_AGENTS_ENV, LOAD_PROJECT_ENV, SIGN_IN_ANNOTATION, loadAgentCount } from '../../src/bench/load-agents.ts';
import { atLeast, measured, percentile, type Metric } from '../../src/bench/metric.ts';
import { testOutcomes } from '../../src/reports/playwright-results.ts';
import { runPlaywrightForReport } from '../../src/reports/run-playwright.ts';

/** 2 workers must finish the same agents at least this much sooner than 1 (1.0 would be no gain). */
const MIN_SPEED_UP = 1.2;

interface LoadRun {
  wallMs: number;
  signInMs: number[];
}

function loadRun(workers: number): LoadRun {
  const reports = mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
  let json;
  try {
    json = runPlaywrightForReport(['--project=load', `--workers=${workers}`], { env: { [LOAD_PROJECT_ENV]: '1', OUTPUT_DIR: reports } });
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
  const outcomes = testOutcomes(json);
  const failed = outcomes.filter((outcome) => outcome.status !== 'expected');
  if (outcomes.length === 0 || failed.length > 0) throw new Error(`load on ${workers} worker(s): ${failed.length} of ${outcomes.length} sign-ins did not pass`);
  const signInMs = outcomes
    .flatMap((outcome) => outcome.runs.flatMap((run) => run.annotations ?? []))
    .filter((annotation) => annotation.type === SIGN_IN_ANNOTATION)
    .map((annotation) => Number(annotation.description));
  return { wallMs: json.stats.duration, signInMs };
}

export default function load(): Promise<Metric[]> {
  const agents = loadAgentCount(process.env[LOAD_AGENTS_ENV]);
  const one = loadRun(1);
  const two = loadRun(2);
  const speedUp = one.wallMs / two.wallMs;
  const note = `${agents} agents`;
  return Promise.resolve([
    { ...measured('load.sign_in_p50_ms', percentile(two.signInMs, 50), 'ms', two.signInMs.length), note: `${note}, 2 workers` },
    { ...measured('load.sign_in_p90_ms', percentile(two.signInMs, 90), 'ms', two.signInMs.length), note: `${note}, 2 workers` },
    { ...measured('load.sign_in_p95_ms', percentile(two.signInMs, 95), 'ms', two.signInMs.length), note: `${note}, 2 workers` },
    { ...measured('load.sign_in_max_ms', Math.max(...two.signInMs), 'ms', two.signInMs.length), note: `${note}, 2 workers` },
    { ...measured('load.wall_1_worker_s', one.wallMs / 1000, 's', 1), note },
    { ...measured('load.wall_2_workers_s', two.wallMs / 1000, 's', 1), note },
    { ...atLeast('load.speed_up_2_workers', speedUp, '×', MIN_SPEED_UP, 1), note: 'wall time on 1 worker / on 2 workers' },
  ]);
}
