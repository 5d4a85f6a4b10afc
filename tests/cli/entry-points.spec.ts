import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { runEntryPoint } from './run-entry-point.ts';

const ENTRY_POINTS: Record<string, string[]> = {
  'npm test (playwright test)': ['npx', 'playwright', 'test', '--list'],
  'npm run diagnose': ['npx', 'tsx', 'scripts/diagnose.ts'],
  'npm run lab': ['npx', 'tsx', 'scripts/lab.ts'],
  'npm run bench': ['npx', 'tsx', 'scripts/bench.ts'],
  'npm run nightly': ['npx', 'tsx', 'scripts/nightly.ts'],
  'npm run flake': ['npx', 'tsx', 'scripts/flake.ts', '--grep', '@smoke'],
  'npm run survey': ['npx', 'tsx', 'scripts/survey.ts'],
  'npm run mutation': ['npx', 'tsx', 'scripts/mutation-check.ts'],
};

test.describe('entry points with a wrong configuration', () => {
  for (const [name, command] of Object.entries(ENTRY_POINTS)) {
    test(
      `${name} rejects TARGET=nonsense with one clear error and exit 2, no browser`,
      { annotation: { type: 'detail', description: 'prints one clear error and exits 2 without starting a browser' } },
      async ({}, testInfo) => {
        // A "browser" that leaves a mark if anything starts it.
        const marker = testInfo.outputPath('browser-started');
        const fakeBrowser = testInfo.outputPath('fake-browser.sh');
        writeFileSync(fakeBrowser, `#!/bin/sh\ntouch ${marker}\nexit 1\n`);
        chmodSync(fakeBrowser, 0o755);
        const result = await runEntryPoint(command, { TARGET: 'nonsense', BROWSER_EXECUTABLE: fakeBrowser });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('Configuration error: 1 problem in');
        expect(result.stderr).toContain('TARGET: "nonsense" is not allowed; expected one of: mock, lab');
        expect(result.stderr.match(/Configuration error/g)).toHaveLength(1);
        expect(existsSync(marker), 'no browser was started').toBe(false);
      },
    );
  }
});

test('npm run lab -- --setting lists every wrong setting at once and exits 2 before a lab starts', async () => {
  const result = await runEntryPoint(
    ['npx', 'tsx', 'scripts/lab.ts', '--setting', 'graceS=0', '--setting', 'retryIntervals=1', '--setting', 'accessTtlS=30'],
    {},
  );
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--setting graceS: expected 1 to 7200');
  expect(result.stderr).toContain('--setting retryIntervals: unknown setting');
  expect(result.stderr).not.toContain('accessTtlS');
  expect(result.stdout).toBe('');
});
