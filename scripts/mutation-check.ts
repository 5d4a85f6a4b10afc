/**
 * npm run mutation: proves the defect scenarios can fail. It turns the mock IdS's mismatch check
 * off (MOCK_MISMATCH_CHECK=false) and runs the @mismatch and @recovery scenarios: every one of them
 * must fail. Exit 0 when they all failed, 1 when any passed without the check (a test that cannot fail).
 */
import { loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';
import { testOutcomes } from '../src/reports/playwright-results.ts';
import { runPlaywrightForReport } from '../src/reports/run-playwright.ts';

loadConfigOrExit();
process.stderr.write('[mutation] running @mismatch and @recovery with the IdS mismatch check turned off ...\n');
const report = runPlaywrightForReport(['--project', 'browser', '--project', 'mock-records', '--grep', '@mismatch|@recovery'], {
  env: { MOCK_MISMATCH_CHECK: 'false' },
});
const results = testOutcomes(report).map((outcome) => ({ title: outcome.id, status: outcome.runs.at(-1)?.status ?? 'missing' }));

const survivors = results.filter((result) => result.status === 'passed');
for (const result of results) process.stdout.write(`${result.status === 'passed' ? 'SURVIVED' : 'killed  '}  ${result.title}\n`);
process.stdout.write(
  `\n${results.length - survivors.length} of ${results.length} scenarios failed without the mismatch check${survivors.length > 0 ? `; ${survivors.length} cannot fail` : ', as they must'}.\n`,
);
process.exit(results.length > 0 && survivors.length === 0 ? 0 : 1);
