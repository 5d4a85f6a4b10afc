/**
 * `npx tsx scripts/summary-screenshot.ts [bundle-folder] [out.png]`: renders the case note of a
 * diagnosis bundle with the current code and takes the README's picture of it (by default the
 * recorded default diagnosis the legibility test uses, into docs/summary.png). Rerun it after
 * changing the timeline or the summary.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { launchOptions } from '../src/browser/launch-options.ts';
import { resolveBrowser } from '../src/browser/resolve.ts';
import { caseNoteOfBundle, summaryHtml } from '../src/evidence/summary.ts';

const root = path.resolve(import.meta.dirname, '..');
const [folder = path.join(root, 'tests/browser/recorded-runs/affected'), out = path.join(root, 'docs/summary.png')] = process.argv.slice(2);
const work = mkdtempSync(path.join(os.tmpdir(), 'finesse-summary-shot-'));
try {
  const html = path.join(work, 'summary.html');
  writeFileSync(html, summaryHtml(caseNoteOfBundle(folder)));
  const browser = await chromium.launch(
    launchOptions(resolveBrowser({ executable: process.env.BROWSER_EXECUTABLE, channel: process.env.BROWSER_CHANNEL }, true), true),
  );
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1500 } });
    await page.goto(pathToFileURL(html).href);
    // The verdict, the timeline and the screenshots: what a reader takes in before scrolling.
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1200, height: 1500 } });
  } finally {
    await browser.close();
  }
  process.stdout.write(`${out}\n`);
} catch (error) {
  process.stderr.write(`summary-screenshot: ${(error as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
