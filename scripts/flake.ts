/**
 * npm run flake -- --grep <tags> [--repeat-each N] [--project name]: runs the chosen scenarios N times
 * (Playwright's own --repeat-each, one worker per core) and prints each one's pass rate with its
 * 95 % Wilson interval and the quarantine rule's verdict; writes reports/flake.json.
 * Exit codes: 0 every run passed, 1 some run failed, 2 usage or configuration error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';
import { flakeVerdict } from '../src/flake/quarantine-rule.ts';
import { passRate } from '../src/flake/wilson.ts';
import { testOutcomes } from '../src/reports/playwright-results.ts';
import { runPlaywrightForReport } from '../src/reports/run-playwright.ts';
import { textTable } from '../src/text/text-table.ts';

const DEFAULT_REPEATS = 10;

/** The filter matched no test: a usage error, reported after the temporary folder is gone. */
class NothingRanError extends Error {}

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run flake -- --grep <tags or title> [--repeat-each N] [--project <name in playwright.config.ts>]\n`);
  process.exit(EXIT_USAGE);
}

let args;
try {
  args = parseArgs({
    options: { grep: { type: 'string' }, 'repeat-each': { type: 'string', default: String(DEFAULT_REPEATS) }, project: { type: 'string' } },
  }).values;
} catch (error) {
  usage((error as Error).message);
}
if (!args.grep) usage('--grep is required: name the scenarios to repeat, e.g. --grep @mismatch');
const repeats = Number(args['repeat-each']);
if (!Number.isInteger(repeats) || repeats < 1) usage(`--repeat-each: "${args['repeat-each']}" is not a whole number of at least 1`);
const config = loadConfigOrExit();

try {
  const playwrightArgs = ['--grep', args.grep, '--repeat-each', String(repeats), '--retries', '0', ...(args.project ? [`--project=${args.project}`] : [])];
  process.stderr.write(`[flake] npx playwright test ${playwrightArgs.join(' ')}\n`);
  const byTest = new Map<string, { passed: number; runs: number }>();
  for (const outcome of testOutcomes(runPlaywrightForReport(playwrightArgs, { progress: true }))) {
    const counts = byTest.get(outcome.id) ?? { passed: 0, runs: 0 };
    for (const run of outcome.runs.filter((result) => result.status !== 'skipped')) {
      counts.runs += 1;
      if (run.status === 'passed') counts.passed += 1;
    }
    byTest.set(outcome.id, counts);
  }
  const rows = [...byTest]
    .filter(([, counts]) => counts.runs > 0)
    .map(([id, counts]) => {
      const rate = passRate(counts.passed, counts.runs);
      return { test: id, ...rate, verdict: flakeVerdict(rate) };
    });
  if (rows.length === 0) throw new NothingRanError(`--grep ${args.grep}: no test ran`);
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  const table = rows.map((row) => [`${row.passed}/${row.runs}`, percent(row.rate), `${percent(row.lower95)} – ${percent(row.upper95)}`, row.verdict, row.test]);
  process.stdout.write(`\n${textTable(['passed', 'rate', '95 % interval', 'verdict', 'test'], table)}\n`);
  mkdirSync(config.outputDir, { recursive: true });
  const out = path.join(config.outputDir, 'flake.json');
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), grep: args.grep, repeatEach: repeats, tests: rows }, null, 2)}\n`);
  process.stdout.write(`\nWritten: ${out}\n`);
  process.exitCode = rows.every((row) => row.passed === row.runs) ? 0 : 1;
} catch (error) {
  if (!(error instanceof NothingRanError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = EXIT_USAGE;
}
