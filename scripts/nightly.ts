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
import { UsageError } from '../src/cli/cli-errors.ts';
import { EXIT_USAGE, loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';
import { parseNightlyArguments, runNightly } from '../src/nightly/nightly-command.ts';

try {
  const args = parseNightlyArguments(process.argv.slice(2));
  process.exitCode = await runNightly(args, loadConfigOrExit());
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\nUsage: npm run nightly -- [--shard i/n] [playwright test options]   |   npm run nightly -- --merge\n`);
  process.exitCode = EXIT_USAGE;
}
