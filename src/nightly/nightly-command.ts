/**
 * `npm run nightly` as functions: the arguments read, then the suite run (or its shards merged)
 * and the night's reports, evidence, summary and history written. See scripts/nightly.ts for the
 * options; usage errors are thrown as UsageError.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../cli/cli-errors.ts';
import type { HarnessConfig } from '../config/load.ts';
import { RedactionContext } from '../redaction/redaction-context.ts';
import { redactText } from '../redaction/free-text.ts';
import { readJsonReport, testOutcomes, type TestOutcome } from '../reports/playwright-results.ts';
import { appendNight, NIGHTLY_HISTORY_FILE, readHistory } from './history.ts';
import { isGreen, nightOf } from './night.ts';
import { nightlySummary, type Failure } from './summary.ts';
import { writeTestEvidence } from './test-evidence.ts';

const EXIT_RED = 1;
/** What one run writes into its reports folder; cleared first so a night never mixes with the last one. */
const RUN_OUTPUTS = [
  'allure-results',
  'allure-report',
  'blob-report',
  'html',
  'test-results',
  'junit.xml',
  'results.json',
  'nightly-evidence',
  'nightly-summary.md',
];
/** The Playwright options every nightly run gets. */
const NIGHTLY_TEST_OPTIONS = ['--fail-on-flaky-tests', '--retries=1', '--grep-invert=@quarantine'];

export interface NightlyArguments {
  shard?: { index: number; total: number };
  merge: boolean;
  /** Passed on to playwright test. */
  rest: string[];
}

/** What every step of one night works with. */
interface NightContext {
  config: HarnessConfig;
  reports: string;
  shardsRoot: string;
}

function usageError(message: string): never {
  throw new UsageError(message);
}

const say = (line: string) => process.stderr.write(`[nightly] ${line}\n`);

function run(command: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code) => resolve(code ?? EXIT_RED));
  });
}

function clearRunOutputs(folder: string): void {
  for (const name of RUN_OUTPUTS) rmSync(path.join(folder, name), { recursive: true, force: true });
}

/** `--shard i/n` or `--shard=i/n` out of the arguments; the rest goes to playwright test. */
export function parseNightlyArguments(argv: string[]): NightlyArguments {
  const rest: string[] = [];
  let shardText: string | undefined;
  let merge = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--merge') merge = true;
    else if (arg === '--shard') shardText = argv[++index] ?? usageError('--shard needs a value, e.g. --shard 1/2');
    else if (arg.startsWith('--shard=')) shardText = arg.slice('--shard='.length);
    else rest.push(arg);
  }
  if (merge && (shardText || rest.length > 0)) usageError('--merge takes no other option: it merges what the shards left in reports/shards/');
  if (shardText === undefined) return { merge, rest };
  const match = /^(\d+)\/(\d+)$/.exec(shardText);
  const shard = match ? { index: Number(match[1]), total: Number(match[2]) } : undefined;
  if (!shard || shard.index < 1 || shard.index > shard.total) usageError(`--shard: "${shardText}" is not i/n with 1 <= i <= n`);
  return { shard, merge, rest };
}

/** The night: the suite (or one shard of it), or the shards merged; its exit code. */
export function runNightly(args: NightlyArguments, config: HarnessConfig): Promise<number> {
  const night: NightContext = { config, reports: config.outputDir, shardsRoot: path.join(config.outputDir, 'shards') };
  return args.merge ? mergeShards(night) : runTests(night, args);
}

function firstErrorLine(outcome: TestOutcome): string {
  const message = outcome.runs.flatMap((each) => each.errors ?? []).find((error) => error.message)?.message ?? 'no error message';
  // eslint-disable-next-line no-control-regex -- Playwright's messages carry terminal colours.
  const uncoloured = message.replace(/\u001b\[[0-9;]*m/g, '');
  const line = uncoloured.split('\n').find((text) => text.trim() !== '') ?? '';
  return redactText(line.trim(), new RedactionContext()).slice(0, 300);
}

/** The reports, the evidence, the summary and the history, from the (merged) results of one night. */
async function finishNight(night: NightContext, testExit: number): Promise<number> {
  const resultsFile = path.join(night.reports, 'results.json');
  if (!existsSync(resultsFile)) {
    say(`no results in ${resultsFile}: the test run did not finish (exit ${testExit})`);
    return EXIT_RED;
  }
  const report = readJsonReport(resultsFile);
  const outcomes = testOutcomes(report);
  const record = nightOf(outcomes, {
    date: report.stats.startTime,
    durationMs: report.stats.duration,
    target: night.config.target,
    profile: night.config.mock.profile,
  });

  say('Allure report (history kept in allure-history.jsonl)');
  const allureExit = await run(['npx', 'allure', 'generate', path.join(night.reports, 'allure-results'), '--config', 'allurerc.ts'], {
    OUTPUT_DIR: night.reports,
  });

  const password = night.config.target === 'lab' ? night.config.agent?.password : night.config.mock.agentPassword;
  const evidence = await writeTestEvidence(
    outcomes,
    path.join(night.reports, 'nightly-evidence'),
    password ? [{ label: 'agent-password', value: password }] : [],
  );
  for (const withheld of evidence.withheld) say(`evidence of ${withheld.test} NOT written: ${withheld.reason}`);

  const historyFile = path.join(night.reports, NIGHTLY_HISTORY_FILE);
  const failures: Failure[] = outcomes
    .filter((outcome) => outcome.status === 'unexpected' || outcome.status === 'flaky')
    .map((outcome) => ({ id: outcome.id, status: outcome.status === 'flaky' ? 'flaky' : 'failed', error: firstErrorLine(outcome) }));
  // The summary's links are relative to the summary itself, so they open from wherever it is read.
  const relative = (file: string) => path.relative(night.reports, file) || '.';
  const summary = nightlySummary({
    night: record,
    previous: readHistory(historyFile).at(-1),
    failures,
    evidence: evidence.written.map(relative),
    reports: {
      'HTML (Playwright)': relative(path.join(night.reports, 'html', 'index.html')),
      Allure: allureExit === 0 ? relative(path.join(night.reports, 'allure-report', 'index.html')) : 'NOT generated (see the output above)',
      JUnit: relative(path.join(night.reports, 'junit.xml')),
      'Blob (for merge-reports)': `${relative(path.join(night.reports, 'blob-report'))}/`,
    },
  });
  const summaryFile = path.join(night.reports, 'nightly-summary.md');
  writeFileSync(summaryFile, summary);
  appendNight(historyFile, record);
  process.stdout.write(`\n${summary}\nWritten: ${path.relative(process.cwd(), summaryFile)}\n`);
  return testExit === 0 && isGreen(record) && allureExit === 0 && evidence.withheld.length === 0 ? 0 : EXIT_RED;
}

async function mergeShards(night: NightContext): Promise<number> {
  const shards = existsSync(night.shardsRoot)
    ? readdirSync(night.shardsRoot)
        .sort()
        .map((name) => path.join(night.shardsRoot, name))
    : [];
  const blobs = shards.flatMap((folder) =>
    existsSync(path.join(folder, 'blob-report')) ? readdirSync(path.join(folder, 'blob-report')).map((file) => path.join(folder, 'blob-report', file)) : [],
  );
  if (blobs.length === 0)
    usageError(
      `--merge: no shard blob reports in ${night.shardsRoot}/*/blob-report; run npm run nightly -- --shard i/n first (or download the shards' artifacts there)`,
    );
  clearRunOutputs(night.reports);
  mkdirSync(path.join(night.reports, 'blob-report'), { recursive: true });
  for (const blob of blobs) cpSync(blob, path.join(night.reports, 'blob-report', path.basename(blob)));
  // Allure results are one file per test result and attachment, named by uuid: the shards' folders combine by copying.
  for (const folder of shards) {
    if (existsSync(path.join(folder, 'allure-results')))
      cpSync(path.join(folder, 'allure-results'), path.join(night.reports, 'allure-results'), { recursive: true });
  }
  say(`merging ${blobs.length} blob report(s) from ${shards.length} shard folder(s)`);
  const mergeExit = await run(['npx', 'playwright', 'merge-reports', '--reporter', 'html,junit,json', path.join(night.reports, 'blob-report')], {
    PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(night.reports, 'html'),
    PLAYWRIGHT_HTML_OPEN: 'never',
    PLAYWRIGHT_JUNIT_OUTPUT_NAME: path.join(night.reports, 'junit.xml'),
    PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(night.reports, 'results.json'),
  });
  return finishNight(night, mergeExit);
}

async function runTests(night: NightContext, { shard, rest }: NightlyArguments): Promise<number> {
  const folder = shard ? path.join(night.shardsRoot, `${shard.index}-of-${shard.total}`) : night.reports;
  clearRunOutputs(folder);
  const args = ['npx', 'playwright', 'test', ...NIGHTLY_TEST_OPTIONS, ...(shard ? [`--shard=${shard.index}/${shard.total}`] : []), ...rest];
  say(`${args.join(' ')} (reports in ${folder})`);
  const testExit = await run(args, { OUTPUT_DIR: folder, HARNESS_NIGHTLY: '1' });
  if (!shard) return finishNight(night, testExit);
  say(`shard ${shard.index}/${shard.total} done (exit ${testExit}); once every shard is in ${night.shardsRoot}/, run npm run nightly -- --merge`);
  return testExit;
}
