import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { playwrightCommand } from './playwright-cli.ts';
import { readJsonReport, type JsonReport } from './playwright-results.ts';

/**
 * Runs `npx playwright test <args>` as a user would and returns its JSON report, written to a
 * scratch file that is removed afterwards. Playwright's errors always show; `progress` also shows
 * its dot reporter.
 */
export function runPlaywrightForReport(args: readonly string[], options: { env?: Record<string, string>; progress?: boolean } = {}): JsonReport {
  const work = mkdtempSync(path.join(os.tmpdir(), 'finesse-report-'));
  const report = path.join(work, 'report.json');
  try {
    const playwright = playwrightCommand(['test', ...args, '--reporter', options.progress ? 'dot,json' : 'json']);
    spawnSync(playwright.command, playwright.args, {
      env: { ...process.env, ...options.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
      stdio: ['ignore', options.progress ? 'inherit' : 'ignore', 'inherit'],
    });
    return readJsonReport(report);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
