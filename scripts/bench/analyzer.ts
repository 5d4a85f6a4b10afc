/**
 * Bench suite of the log analyzer: throughput and peak memory on a 1 GiB mixed log (client,
 * webservices and IdS lines of 600 agents over several days, mostly healthy, with one incident of
 * each kind), and its time against `grep -c` of the TAC 212067 signature on the same file.
 * The log is generated once (deterministically) and cached under <OUTPUT_DIR>/bench-cache/.
 * The analyzer runs in a child process so the peak RSS measured is its own. MB = 2^20 bytes.
 * BENCH_ANALYZER_MB=<n> measures on an n MB log instead, for quick rounds while changing the
 * analyzer (the targets hold for the 1 GiB run).
 * Then the same on a generated 500 MB HAR (`src/bench/har-bench.ts`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { harBench } from '../../src/bench/har-bench.ts';
import { atLeast, atMost, median, medianOf, type Metric } from '../../src/bench/metric.ts';
import { loadConfigOrExit } from '../../src/cli/load-config-or-exit.ts';
import { GENERATOR_VERSION, generateMixedLog } from '../../src/bench/mixed-log.ts';

const DEFAULT_MB = 1024;
const MB = 2 ** 20;
const RUNS = 3;
/** The signatures the incidents planted in the log must produce: the bench measures a real analysis. */
const PLANTED = [
  'refresh-token-mismatch',
  'refresh-token-expired',
  'ids-unreachable',
  'presence-forced-logout',
  'clock-skew',
  'forced-logout-after-refresh-failure',
];

export default async function analyzerBench(): Promise<Metric[]> {
  const cache = path.join(loadConfigOrExit().outputDir, 'bench-cache');
  const sizeMb = logMegabytes(process.env.BENCH_ANALYZER_MB);
  const file = path.join(cache, `analyzer-mixed-${sizeMb === DEFAULT_MB ? '1g' : `${sizeMb}m`}-v${GENERATOR_VERSION}.log`);
  if (!existsSync(file)) {
    process.stderr.write(`[bench] analyzer: generating ${file} (once) ...\n`);
    mkdirSync(cache, { recursive: true });
    generateMixedLog(`${file}.partial`, sizeMb * MB);
    renameSync(`${file}.partial`, file);
  }
  const megabytes = statSync(file).size / MB;

  const runs: ChildRun[] = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await analyzeInChild(file));
  // A smaller log ends before the later days' incidents: only the full log must show them all.
  const missing = sizeMb < DEFAULT_MB ? [] : PLANTED.filter((signature) => !runs[0]!.signatures.includes(signature));
  if (missing.length > 0) throw new Error(`the analyzer missed planted incidents: ${missing.join(', ')} (found: ${runs[0]!.signatures.join(', ')})`);
  const seconds = median(runs.map((run) => run.seconds));
  const grepSeconds = await medianOf(RUNS, () => timeGrep(file));

  return [
    atLeast('analyze.mb_per_s', megabytes / seconds, 'MB/s', 100, RUNS),
    atMost('analyze.peak_rss_mb', median(runs.map((run) => run.peakRssMb)), 'MB', 200, RUNS),
    { ...atMost('analyze.vs_grep', seconds / grepSeconds, '×', 10, RUNS), note: 'analyzer time / grep -c time, same file' },
    ...(await harBench(analyzeInChild)),
  ];
}

function logMegabytes(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_MB;
  if (!/^\d+$/.test(text) || Number(text) < 16 || Number(text) > 4096)
    throw new Error(`BENCH_ANALYZER_MB: ${JSON.stringify(text)} is not allowed; expected a whole number of megabytes from 16 to 4096`);
  return Number(text);
}

interface ChildRun {
  seconds: number;
  peakRssMb: number;
  signatures: string[];
}

const run = promisify(execFile);

/** Runs `analyzeInputs` on the file in a fresh Node process that times itself and reports its peak RSS. */
async function analyzeInChild(file: string): Promise<ChildRun> {
  const analyzer = pathToFileURL(path.resolve(import.meta.dirname, '../../src/analyzer/analyze.ts')).href;
  const program = `
    import { analyzeInputs } from ${JSON.stringify(analyzer)};
    const start = performance.now();
    const report = await analyzeInputs([process.env.BENCH_LOG]);
    const seconds = (performance.now() - start) / 1000;
    const signatures = [...new Set(report.findings.map((finding) => finding.signature))];
    process.stdout.write(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, signatures }));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], {
    env: { ...process.env, BENCH_LOG: file },
    maxBuffer: 16 * MB,
  });
  return JSON.parse(stdout) as ChildRun;
}

async function timeGrep(file: string): Promise<number> {
  const start = performance.now();
  try {
    await run('grep', ['-c', 'refresh token id mismatch', file]);
  } catch (error) {
    // grep exits 1 when it counts no match; the time is what matters.
    if ((error as { code?: number }).code !== 1) throw error;
  }
  return (performance.now() - start) / 1000;
}

/* ---------- the synthetic log ---------- */
