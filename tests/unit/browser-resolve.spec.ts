import { expect, test } from '@playwright/test';
import { CLOSED_NETWORK_FLAGS, SYSTEM_BROWSER_PATHS, SYSTEM_HEADLESS_SHELL_PATHS, isExecutable, playwrightChromium, resolveBrowser, systemChromium } from '../../src/browser/resolve.ts';

test.describe('browser resolution', () => {
  test('BROWSER_EXECUTABLE wins over everything, with the closed-network flags', () => {
    expect(resolveBrowser({ executable: '/opt/some/chrome', channel: 'msedge' }, true)).toEqual({ source: 'BROWSER_EXECUTABLE', executablePath: '/opt/some/chrome', args: CLOSED_NETWORK_FLAGS });
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
});
