import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { launchOptions } from './launch-options.ts';
import type { BrowserChoice } from './resolve.ts';

const VERSION_TIMEOUT_MS = 15_000;

/**
 * The browser's version: from `<binary> --version` (a fifth of a start's cost, paid by every run and
 * every diagnose), else from a short start (a channel, or a binary that prints none, as Chrome on Windows).
 */
export async function browserVersion(choice: BrowserChoice, headless: boolean): Promise<string> {
  if (choice.executablePath) {
    const printed = await promisify(execFile)(choice.executablePath, ['--version'], { timeout: VERSION_TIMEOUT_MS }).then(
      ({ stdout }) => /\b\d+(?:\.\d+){3}\b/.exec(stdout)?.[0],
      () => undefined,
    );
    if (printed) return printed;
  }
  const browser = await chromium.launch(launchOptions(choice, headless));
  const version = browser.version();
  await browser.close();
  return version;
}
