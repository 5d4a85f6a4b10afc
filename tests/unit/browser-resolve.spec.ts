import { chromium, expect, test } from '@playwright/test';
import { browserVersion } from '../../src/browser/browser-version.ts';
import { missingDebianPackages } from '../../src/browser/debian-packages.ts';
import { launchOptions } from '../../src/browser/launch-options.ts';
import {
  CLOSED_NETWORK_FLAGS,
  RESOLVED_BROWSER_ENV,
  SYSTEM_BROWSER_PATHS,
  SYSTEM_HEADLESS_SHELL_PATHS,
  isExecutable,
  playwrightChromium,
  resolveBrowser,
  resolveBrowserOnce,
  systemChromium,
} from '../../src/browser/resolve.ts';

test.describe('browser resolution', () => {
  test('BROWSER_EXECUTABLE wins over everything, with the closed-network flags', () => {
    expect(resolveBrowser({ executable: '/opt/some/chrome', channel: 'msedge' }, true)).toEqual({
      source: 'BROWSER_EXECUTABLE',
      executablePath: '/opt/some/chrome',
      args: CLOSED_NETWORK_FLAGS,
    });
  });

  test('BROWSER_CHANNEL comes next', () => {
    expect(resolveBrowser({ channel: 'msedge' }, false)).toEqual({ source: 'BROWSER_CHANNEL', channel: 'msedge', args: CLOSED_NETWORK_FLAGS });
  });

  test('the system search takes the first executable in its list', () => {
    expect(systemChromium(['/nonexistent/chromium', process.execPath, '/bin/sh'])).toBe(process.execPath);
    expect(systemChromium(['/nonexistent/chromium'])).toBeUndefined();
  });

  test('a headless run prefers the system headless shell; a headed run the full browser', () => {
    test.skip(playwrightChromium() !== undefined, "Playwright's own Chromium is installed and comes first");
    const shell = SYSTEM_HEADLESS_SHELL_PATHS.find(isExecutable);
    const full = SYSTEM_BROWSER_PATHS.find(isExecutable);
    test.skip(!shell || !full, 'needs both a system Chromium and its headless shell');
    expect(resolveBrowser({}, true).executablePath).toBe(shell);
    expect(resolveBrowser({}, false).executablePath).toBe(full);
  });

  test('a run resolves once: later calls with the same inputs read the choice its environment recorded', () => {
    const env: NodeJS.ProcessEnv = {};
    const first = resolveBrowserOnce({ executable: '/opt/some/chrome' }, true, env);
    expect(JSON.parse(env[RESOLVED_BROWSER_ENV]!)).toMatchObject({ choice: first });
    // What a worker inherits is used as it is, even where a search would now find another browser.
    const recorded = JSON.parse(env[RESOLVED_BROWSER_ENV]!) as { choice: { executablePath: string } };
    recorded.choice.executablePath = '/opt/recorded/chrome';
    env[RESOLVED_BROWSER_ENV] = JSON.stringify(recorded);
    expect(resolveBrowserOnce({ executable: '/opt/some/chrome' }, true, env).executablePath).toBe('/opt/recorded/chrome');
  });

  test('a child started with other overrides, or headed, resolves its own browser', () => {
    const env: NodeJS.ProcessEnv = {};
    resolveBrowserOnce({ executable: '/opt/some/chrome' }, true, env);
    expect(resolveBrowserOnce({ channel: 'msedge' }, true, env)).toEqual({ source: 'BROWSER_CHANNEL', channel: 'msedge', args: CLOSED_NETWORK_FLAGS });
    expect(resolveBrowserOnce({ channel: 'msedge' }, false, env).source).toBe('BROWSER_CHANNEL');
    expect(JSON.parse(env[RESOLVED_BROWSER_ENV]!)).toMatchObject({ headless: false, overrides: { channel: 'msedge' } });
  });

  test('.ci/run installs no Debian package for an override, and only what a system search lacks otherwise', () => {
    expect(missingDebianPackages({ executable: '/opt/some/chrome' }, true)).toEqual([]);
    expect(missingDebianPackages({ channel: 'msedge' }, true)).toEqual([]);
    test.skip(playwrightChromium() !== undefined, "Playwright's own Chromium is installed and needs no package");
    const shell = SYSTEM_HEADLESS_SHELL_PATHS.some(isExecutable);
    const full = SYSTEM_BROWSER_PATHS.some(isExecutable);
    expect(missingDebianPackages({}, true)).toEqual([...(full ? [] : ['chromium']), ...(shell ? [] : ['chromium-headless-shell'])]);
    expect(missingDebianPackages({}, false)).toEqual(full ? [] : ['chromium']);
  });

  test('the version a run prints is the one the started browser reports, read without starting it', async () => {
    const choice = resolveBrowser({}, true);
    const browser = await chromium.launch(launchOptions(choice, true));
    const started = browser.version();
    await browser.close();
    expect(await browserVersion(choice, true)).toBe(started);
  });
});
