import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { loadConfigOrExit } from './src/cli/load-config-or-exit.ts';
import { launchOptions } from './src/browser/launch-options.ts';
import { resolveBrowserOnce } from './src/browser/resolve.ts';
import { LOAD_PROJECT_ENV } from './src/bench/load-agents.ts';
import { DIAGNOSE_ENV } from './src/diagnose/environment.ts';

const config = loadConfigOrExit();
/**
 * A failed test's error-context.md (attached to the HTML and Allure reports) would hold an ARIA snapshot of the page, with
 * the value of every text field: the agent's password typed on the IdP's page, when a sign-in fails after it. Errors only.
 * Set here because the workers load this file too.
 */
process.env.PLAYWRIGHT_NO_COPY_PROMPT = '1';
/** `npm run diagnose` runs the diagnose project alone, with its reports apart from the test suite's. */
const diagnosing = process.env.HARNESS_DIAGNOSE === '1';
/** `npm run survey` runs the survey project alone, with its reports apart too. */
const surveying = process.env.HARNESS_SURVEY === '1';
const reports = diagnosing ? path.join(config.outputDir, 'diagnose') : surveying ? path.join(config.outputDir, 'survey') : config.outputDir;
/** `npm run nightly` adds the blob report (merged across shards) and the JSON results its summary reads. */
const nightly = process.env.HARNESS_NIGHTLY === '1';
const browser = resolveBrowserOnce(config.browser, config.headless);
/** The specs that run the entry points against the mock lab started as its own process and wait on it in real time. */
const LAB_PROCESS_SPECS = ['lab-mode.spec.ts', 'lab-mode-real-time.spec.ts', 'hostile-lab.spec.ts'];
/** One worker a core for the projects that keep the cores busy (this machine has two). */
const CPU_WORKERS = 2;

/**
 * A diagnosis's own artifacts (the live files of its traces, under .playwright-artifacts-*) hold
 * passwords and tokens until the trace is written: they go to the diagnosis's private temporary
 * folder, removed however the run ends, never under reports/.
 */
const diagnoseRaw = diagnosing ? process.env[DIAGNOSE_ENV.rawDir] : undefined;

export default defineConfig({
  globalSetup: './fixtures/global-setup.ts',
  outputDir: diagnoseRaw ? path.join(path.dirname(diagnoseRaw), 'test-results') : path.join(reports, 'test-results'),
  timeout: config.timeouts.testMs,
  expect: { timeout: config.timeouts.actionMs },
  forbidOnly: !!process.env.CI,
  failOnFlakyTests: !!process.env.CI,
  retries: 0,
  // One more for the lab-process project, whose runs wait in part on the lab's real-time refreshes (about half their wall
  // time is CPU): a small gain or none on two cores (239-290 s against 268-305 s one day, 404-442 against 419 another).
  workers: CPU_WORKERS + 1,
  fullyParallel: true,
  reporter: [
    [diagnosing ? 'line' : 'list'],
    [
      'allure-playwright',
      {
        resultsDir: path.join(reports, 'allure-results'),
        detail: true,
        suiteTitle: true,
        environmentInfo: { target: config.target, profile: config.mock.profile, browser: process.env.HARNESS_BROWSER_VERSION ?? '' },
      },
    ],
    ['html', { outputFolder: path.join(reports, 'html'), open: 'never' }],
    ['junit', { outputFile: path.join(reports, 'junit.xml') }],
    ...(nightly
      ? [['blob', { outputDir: path.join(reports, 'blob-report') }] as const, ['json', { outputFile: path.join(reports, 'results.json') }] as const]
      : []),
  ],
  use: {
    headless: config.headless,
    launchOptions: launchOptions(browser, config.headless),
    actionTimeout: config.timeouts.actionMs,
    navigationTimeout: config.timeouts.navigationMs,
    // Playwright's own traces and screenshots would carry passwords, cookies and tokens unredacted;
    // the evidence fixture takes masked screenshots instead.
    trace: 'off',
    screenshot: 'off',
  },
  projects: [
    // `npm run survey` and `npm run diagnose` against `npm run lab` as its own process: minutes of waiting in real time on
    // the lab's refreshes, banner and sign-out. First, so they run one at a time from the start beside two workers for the rest.
    { name: 'lab-process', testDir: 'tests/cli', testMatch: LAB_PROCESS_SPECS, timeout: 10 * 60_000, workers: 1 },
    { name: 'unit', testDir: 'tests/unit', workers: CPU_WORKERS },
    { name: 'http', testDir: 'tests/http', workers: CPU_WORKERS },
    { name: 'browser', testDir: 'tests/browser', workers: CPU_WORKERS },
    // Scenarios that read the embedded mock's own records or move its clock and settings: against the mock only.
    ...(config.target === 'mock' ? [{ name: 'mock-records', testDir: 'tests/mock-records', workers: CPU_WORKERS }] : []),
    // Runs the entry points as a user does (the diagnose runs start their own browsers).
    { name: 'cli', testDir: 'tests/cli', testIgnore: LAB_PROCESS_SPECS, timeout: 5 * 60_000, workers: CPU_WORKERS },
    // Hostile input and interruptions, as a careless or hostile user gives them (CLI runs; browsers only for Ctrl+C).
    { name: 'robustness', testDir: 'tests/robustness', timeout: 3 * 60_000, workers: CPU_WORKERS },
    // Many browsers at once: asked for by `npm run bench -- load` (or HARNESS_LOAD=1), never part of npm test.
    ...(process.env[LOAD_PROJECT_ENV] === '1' ? [{ name: 'load', testDir: 'tests/load' }] : []),
    ...(diagnosing ? [{ name: 'diagnose', testDir: 'tests/diagnose', timeout: 10 * config.timeouts.testMs }] : []),
    // Against a lab it waits in real time for the first refresh: the lab's own lifetime sets the length.
    ...(surveying ? [{ name: 'survey', testDir: 'tests/survey', timeout: 0 }] : []),
  ],
});
