import { accessSync, constants } from 'node:fs';
import { chromium } from '@playwright/test';

export type BrowserSource = 'BROWSER_EXECUTABLE' | 'BROWSER_CHANNEL' | 'playwright' | 'system';

export interface BrowserChoice {
  source: BrowserSource;
  /** Binary to launch; absent for a channel. */
  executablePath?: string;
  channel?: string;
  /** Extra flags this browser needs on a closed network. */
  args: string[];
}

/** Flags a distribution Chromium needs where only the package registries are reachable. */
export const CLOSED_NETWORK_FLAGS = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** Where system browsers usually live, most preferred first. */
export const SYSTEM_BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/usr/bin/microsoft-edge',
  '/opt/microsoft/msedge/msedge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

/**
 * The same Chromium build without its windowing layers, used for headless runs as Playwright does
 * with its own browsers: it starts in half the time and shares the full browser's network stack
 * and disk cache, so the stale-cache defect reproduces the same way.
 */
export const SYSTEM_HEADLESS_SHELL_PATHS = ['/usr/bin/chromium-headless-shell'];

export class NoBrowserError extends Error {
  constructor() {
    super(
      'No usable browser found. Install one of:\n' +
        "  - Playwright's Chromium: npx playwright install chromium (needs internet access)\n" +
        '  - Debian/Ubuntu Chromium: sudo apt-get install -y chromium\n' +
        '  - Google Chrome or Microsoft Edge\n' +
        'or point BROWSER_EXECUTABLE at a Chromium-based browser binary.',
    );
    this.name = 'NoBrowserError';
  }
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Playwright's own Chromium, when `npx playwright install` has put it in place. */
export function playwrightChromium(): string | undefined {
  const file = chromium.executablePath();
  return file && isExecutable(file) ? file : undefined;
}

export function systemChromium(paths: readonly string[] = SYSTEM_BROWSER_PATHS): string | undefined {
  return paths.find(isExecutable);
}

/**
 * The browser every run uses, in this order: the overrides, Playwright's own Chromium,
 * a system Chromium/Chrome/Edge (its headless shell when the run is headless and one is installed).
 * (Downloading or apt-installing one is the provisioning script's job, not a run's.)
 */
export function resolveBrowser(overrides: { executable?: string; channel?: string }, headless: boolean): BrowserChoice {
  if (overrides.executable) return { source: 'BROWSER_EXECUTABLE', executablePath: overrides.executable, args: CLOSED_NETWORK_FLAGS };
  if (overrides.channel) return { source: 'BROWSER_CHANNEL', channel: overrides.channel, args: CLOSED_NETWORK_FLAGS };
  const bundled = playwrightChromium();
  if (bundled) return { source: 'playwright', args: [] };
  const system = (headless ? systemChromium(SYSTEM_HEADLESS_SHELL_PATHS) : undefined) ?? systemChromium();
  if (system) return { source: 'system', executablePath: system, args: CLOSED_NETWORK_FLAGS };
  throw new NoBrowserError();
}

/**
 * Where a run keeps the browser it resolved: the config, the global setup and every worker (and the
 * entry points they start) read it instead of searching again. Keyed by the inputs, so a child started
 * with other overrides resolves its own.
 */
export const RESOLVED_BROWSER_ENV = 'HARNESS_RESOLVED_BROWSER';

interface ResolvedBrowser {
  overrides: { executable?: string; channel?: string };
  headless: boolean;
  choice: BrowserChoice;
}

function sameInputs(resolved: ResolvedBrowser, overrides: { executable?: string; channel?: string }, headless: boolean): boolean {
  return resolved.headless === headless && resolved.overrides.executable === overrides.executable && resolved.overrides.channel === overrides.channel;
}

/** {@link resolveBrowser} once per run: the first call resolves and records the choice in the environment its children inherit. */
export function resolveBrowserOnce(
  overrides: { executable?: string; channel?: string },
  headless: boolean,
  env: NodeJS.ProcessEnv = process.env,
): BrowserChoice {
  const recorded = env[RESOLVED_BROWSER_ENV];
  if (recorded) {
    try {
      const resolved = JSON.parse(recorded) as ResolvedBrowser;
      if (sameInputs(resolved, overrides, headless)) return resolved.choice;
    } catch {
      // Not ours or damaged: resolve again and record anew.
    }
  }
  const choice = resolveBrowser(overrides, headless);
  const resolved: ResolvedBrowser = { overrides: { executable: overrides.executable, channel: overrides.channel }, headless, choice };
  env[RESOLVED_BROWSER_ENV] = JSON.stringify(resolved);
  return choice;
}
