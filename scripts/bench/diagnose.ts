/** Bench suite `diagnose`: a cold `npm run diagnose` as a user runs it, and the size of its evidence bundle. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atMost, median, type Metric } from '../../src/bench/metric.ts';
import { timedCommand } from '../../src/bench/timed-command.ts';

const DIAGNOSE_RUNS = 3;

export default function diagnose(): Promise<Metric[]> {
  const diagnoseSeconds: number[] = [];
  const zipMegabytes: number[] = [];
  for (let run = 0; run < DIAGNOSE_RUNS; run += 1) {
    const outputDir = mkdtempSync(path.join(os.tmpdir(), 'bench-diagnose-'));
    try {
      const result = timedCommand(['npx', 'tsx', 'scripts/diagnose.ts', '--json'], { OUTPUT_DIR: outputDir });
      if (result.status !== 0) throw new Error(`diagnose exited ${result.status}`);
      diagnoseSeconds.push(result.seconds);
      zipMegabytes.push(statSync((JSON.parse(result.stdout) as { evidence: string }).evidence).size / 2 ** 20);
    } finally {
      rmSync(outputDir, { recursive: true, force: true });
    }
  }
  return Promise.resolve([
    atMost('diagnose.wall_s', median(diagnoseSeconds), 's', 15, DIAGNOSE_RUNS),
    atMost('evidence.zip_mb', median(zipMegabytes), 'MB', 20, DIAGNOSE_RUNS),
  ]);
}
