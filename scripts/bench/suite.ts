/**
 * Bench suite `suite`: the whole `npm test`, once, as a user runs it, and the CPU time it took: on a machine where the
 * suite keeps every core busy, its wall time cannot go below that CPU time over the cores (`suite.cpu_floor_s`).
 */
import os from 'node:os';
import { atMost, measured, type Metric } from '../../src/bench/metric.ts';
import { timedCommand } from '../../src/bench/timed-command.ts';

const SUITE_LIMIT_S = 180;

export default function suite(): Promise<Metric[]> {
  const run = timedCommand(['npx', 'playwright', 'test']);
  const wall = atMost('suite.wall_s', run.seconds, 's', SUITE_LIMIT_S, 1);
  const metrics = [run.status === 0 ? wall : { ...wall, ok: false, note: 'npm test FAILED' }];
  if (run.cpuSeconds !== undefined) {
    const cores = os.availableParallelism();
    metrics.push(
      { ...measured('suite.cpu_s', run.cpuSeconds, 's', 1), note: 'CPU time of the runner, its workers, browsers and every process they started' },
      {
        ...measured('suite.cpu_floor_s', run.cpuSeconds / cores, 's', 1),
        note: `suite.cpu_s over ${cores} cores: the least wall time this work can take here`,
      },
    );
  }
  return Promise.resolve(metrics);
}
