/**
 * npm run nightly: the whole suite for the configured target as a nightly regression run.
 *
 *   npm run nightly [-- <playwright test options>]   the suite (failOnFlakyTests, one retry to tell
 *        flaky from failed, @quarantine left out); reports, evidence and the summary under reports/
 *   npm run nightly -- --shard i/n [...]              one shard (Playwright's --shard) into reports/shards/i-of-n/
 *   npm run nightly -- --merge                        merges every reports/shards/* (blob reports and
 *        Allure results) into reports/ and writes the summary, as one un-sharded run would
 *
 * Writes reports/html, junit.xml, results.json, blob-report/, allure-results/, allure-report/,
 * nightly-evidence/ (a redacted zip per failed, flaky or disruptive test), nightly-summary.md, and
 * appends the night to nightly-history.json (what "since the previous night" compares with).
 * Exit codes: 0 green, 1 a test failed or was flaky or a report could not be made, 2 usage or configuration error.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT_USAGE, loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';
import { appendNight, NIGHTLY_HISTORY_FILE, readHistory } from '../src/nightly/history.ts';
import { isGreen, nightOf } from '../src/nightly/night.ts';
import { nightlySummary, type Failure } from '../src/nightly/summary.ts';
import { writeTestEvidence } from '../src/nightly/test-evidence.ts';
import { RedactionContext } from '../src/redaction/redaction-context.ts';
import { redactText } from '../src/redaction/free-text.ts';
import { readJsonReport, testOutcomes, type TestOutcome } from '../src/reports/playwright-results.ts';

const EXIT_RED = 1;
/** What one run writes into its reports folder; cleared first so a night never mixes with the last one. */
const RUN_OUTPUTS = ['allure-results', 'allure-report', 'blob-report', 'html', 'test-results', 'junit.xml', 'results.json', 'nightly-evidence', 'nightly-summary.md'];
/** The Playwright options every nightly run gets. */
const NIGHTLY_TEST_OPTIONS = ['--fail-on-flaky-tests', '--retries=1', '--grep-invert=@quarantine'];

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run nightly -- [--shard i/n] [playwright test options]   |   npm run nightly -- --merge\n`);
  process.exit(EXIT_USAGE);
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
function splitArguments(argv: string[]): { shard?: { index: number; total: number }; merge: boolean; rest: string[] } {
  const rest: string[] = [];
  let shardText: string | undefined;
  let merge = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--merge') merge = true;
    else if (arg === '--shard') shardText = argv[++index] ?? usage('--shard needs a value, e.g. --shard 1/2');
    else if (arg.startsWith('--shard=')) shardText = arg.slice('--shard='.length);
    else rest.push(arg);
  }
  if (merge && (shardText || rest.length > 0)) usage('--merge takes no other option: it merges what the shards left in reports/shards/');
  if (shardText === undefined) return { merge, rest };
  const match = /^(\d+)\/(\d+)$/.exec(shardText);
  const shard = match ? { index: Number(match[1]), total: Number(match[2]) } : undefined;
  if (!shard || shard.index < 1 || shard.index > shard.total) usage(`--shard: "${shardText}" is not i/n with 1 <= i <= n`);
  return { shard, merge, rest };
}

function firstErrorLine(outcome: TestOutcome): string {
  const message = outcome.runs.flatMap((each) => each.errors ?? []).find((error) => error.message)?.message ?? 'no error message';
  // eslint-disable-next-line no-control-regex -- Playwright's messages carry terminal colours.
  const line = message.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((text) => text.trim() !== '') ?? '';
  return redactText(line.trim(), new RedactionContext()).slice(0, 300);
}

const { shard, merge, rest } = splitArguments(process.argv.slice(2));
const config = loadConfigOrExit();
const reports = config.outputDir;
const shardsRoot = path.join(reports, 'shards');

/** The reports, the evidence, the summary and the history, from the (merged) results of one night. */
async function finishNight(testExit: number): Promise<number> {
  const resultsFile = path.join(reports, 'results.json');
  if (!existsSync(resultsFile)) {
    say(`no results in ${resultsFile}: the test run did not finish (exit ${testExit})`);
    return EXIT_RED;
  }
  const report = readJsonReport(resultsFile);
  const outcomes = testOutcomes(report);
  const night = nightOf(outcomes, { date: report.stats.startTime, durationMs: report.stats.duration, target: config.target, profile: config.mock.profile });

  say('Allure report (history kept in allure-history.jsonl)');
  const allureExit = await run(['npx', 'allure', 'generate', path.join(reports, 'allure-results'), '--config', 'allurerc.ts'], { OUTPUT_DIR: reports });

  const password = config.target === 'lab' ? config.agent?.password : config.mock.agentPassword;
  const evidence = await writeTestEvidence(outcomes, path.join(reports, 'nightly-evidence'), password ? [{ label: 'agent-password', value: password }] : []);
  for (const withheld of evidence.withheld) say(`evidence of ${withheld.test} NOT written: ${withheld.reason}`);

  const historyFile = path.join(reports, NIGHTLY_HISTORY_FILE);
  const failures: Failure[] = outcomes
    .filter((outcome) => outcome.status === 'unexpected' || outcome.status === 'flaky')
    .map((outcome) => ({ id: outcome.id, status: outcome.status === 'flaky' ? 'flaky' : 'failed', error: firstErrorLine(outcome) }));
  // The summary's links are relative to the summary itself, so they open from wherever it is read.
  const relative = (file: string) => path.relative(reports, file) || '.';
  const summary = nightlySummary({
    night,
    previous: readHistory(historyFile).at(-1),
    failures,
    evidence: evidence.written.map(relative),
    reports: {
      'HTML (Playwright)': relative(path.join(reports, 'html', 'index.html')),
      Allure: allureExit === 0 ? relative(path.join(reports, 'allure-report', 'index.html')) : 'NOT generated (see the output above)',
      JUnit: relative(path.join(reports, 'junit.xml')),
      'Blob (for merge-reports)': `${relative(path.join(reports, 'blob-report'))}/`,
    },
  });
  const summaryFile = path.join(reports, 'nightly-summary.md');
  writeFileSync(summaryFile, summary);
  appendNight(historyFile, night);
  process.stdout.write(`\n${summary}\nWritten: ${path.relative(process.cwd(), summaryFile)}\n`);
  return testExit === 0 && isGreen(night) && allureExit === 0 && evidence.withheld.length === 0 ? 0 : EXIT_RED;
}

async function mergeShards(): Promise<number> {
  const shards = existsSync(shardsRoot) ? readdirSync(shardsRoot).sort().map((name) => path.join(shardsRoot, name)) : [];
  const blobs = shards.flatMap((folder) => (existsSync(path.join(folder, 'blob-report')) ? readdirSync(path.join(folder, 'blob-report')).map((file) => path.join(folder, 'blob-report', file)) : []));
  if (blobs.length === 0) usage(`--merge: no shard blob reports in ${shardsRoot}/*/blob-report; run npm run nightly -- --shard i/n first (or download the shards' artifacts there)`);
  clearRunOutputs(reports);
  mkdirSync(path.join(reports, 'blob-report'), { recursive: true });
  for (const blob of blobs) cpSync(blob, path.join(reports, 'blob-report', path.basename(blob)));
  // Allure results are one file per test result and attachment, named by uuid: the shards' folders combine by copying.
  for (const folder of shards) {
    if (existsSync(path.join(folder, 'allure-results'))) cpSync(path.join(folder, 'allure-results'), path.join(reports, 'allure-results'), { recursive: true });
  }
  say(`merging ${blobs.length} blob report(s) from ${shards.length} shard folder(s)`);
  const mergeExit = await run(['npx', 'playwright', 'merge-reports', '--reporter', 'html,junit,json', path.join(reports, 'blob-report')], {
    PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(reports, 'html'),
    PLAYWRIGHT_HTML_OPEN: 'never',
    PLAYWRIGHT_JUNIT_OUTPUT_NAME: path.join(reports, 'junit.xml'),
    PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, 'results.json'),
  });
  return finishNight(mergeExit);
}

async function runTests(): Promise<number> {
  const folder = shard ? path.join(shardsRoot, `${shard.index}-of-${shard.total}`) : reports;
  clearRunOutputs(folder);
  const args = ['npx', 'playwright', 'test', ...NIGHTLY_TEST_OPTIONS, ...(shard ? [`--shard=${shard.index}/${shard.total}`] : []), ...rest];
  say(`${args.join(' ')} (reports in ${folder})`);
  const testExit = await run(args, { OUTPUT_DIR: folder, HARNESS_NIGHTLY: '1' });
  if (!shard) return finishNight(testExit);
  say(`shard ${shard.index}/${shard.total} done (exit ${testExit}); once every shard is in ${shardsRoot}/, run npm run nightly -- --merge`);
  return testExit;
}

process.exitCode = merge ? await mergeShards() : await runTests();
