import { SYSTEM_HEADLESS_SHELL_PATHS, playwrightChromium, systemChromium } from './resolve.ts';

/**
 * The Debian packages that would give this machine the browser a run prefers, none when it has it:
 * Chromium when no system browser is found, its headless shell for headless runs (the same build
 * without windowing, which starts in half the time). Overrides and Playwright's own Chromium need none.
 */
export function missingDebianPackages(overrides: { executable?: string; channel?: string }, headless: boolean): string[] {
  if (overrides.executable || overrides.channel || playwrightChromium()) return [];
  return [...(systemChromium() ? [] : ['chromium']), ...(headless && !systemChromium(SYSTEM_HEADLESS_SHELL_PATHS) ? ['chromium-headless-shell'] : [])];
}
