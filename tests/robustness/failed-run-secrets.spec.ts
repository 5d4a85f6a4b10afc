import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { playwrightCommand } from '../../src/reports/playwright-cli.ts';
import { leaksUnder } from '../cli/leaks-under.ts';
import { userEnvironment } from './user-process.ts';

/**
 * A test run that fails after the password was typed (a sign-in whose IdP stops answering) writes its failure into
 * test-results/, the HTML report and Allure: with the harness's configuration, none of it holds the password. The same
 * configuration runs `npm run diagnose` and `npm run survey`, whose evidence bundle is refused when a report holds one.
 */
test('a run that fails after the password was typed writes the password into no report', async () => {
  const reports = mkdtempSync(path.join(os.tmpdir(), 'failed-run-'));
  try {
    const password = `Typed-${randomBytes(9).toString('base64url')}`;
    const playwright = playwrightCommand(['test', '--config', 'tests/robustness/failing-run/playwright.config.ts']);
    // Without the switch this test run's own config put in the environment: the nested run's config must set it itself.
    const { PLAYWRIGHT_NO_COPY_PROMPT: _outerSwitch, ...env } = userEnvironment({ OUTPUT_DIR: reports, PLANTED_PASSWORD: password });
    const run = spawnSync(playwright.command, playwright.args, {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });

    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout, 'it failed where planned: after the password was typed').toContain('locator.click: Timeout 500ms exceeded');
    const failureRecords = readdirSync(path.join(reports, 'test-results'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('error-context.md'),
    );
    expect(failureRecords, 'the failure is still recorded').toHaveLength(1);
    expect(readFileSync(path.join(reports, 'test-results', failureRecords[0]!), 'utf8')).toContain('locator.click: Timeout 500ms exceeded');
    expect(await leaksUnder(reports, [password])).toEqual([]);
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
});
