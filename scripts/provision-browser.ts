/**
 * npm postinstall: makes sure a browser is ready after `npm ci`, without a manual step.
 * Order: an override (BROWSER_EXECUTABLE / BROWSER_CHANNEL), Playwright's own Chromium,
 * Playwright's download, a system Chromium/Chrome/Edge, apt-get (root on Debian), else one clear message.
 * It never fails the install: a run without a browser says what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { NoBrowserError, playwrightChromium, systemChromium } from '../src/browser/resolve.ts';

const fileEnv = existsSync('.env') ? parse(readFileSync('.env')) : {};
const env = { ...fileEnv, ...process.env };

function say(message: string): void {
  process.stdout.write(`[provision-browser] ${message}\n`);
}

function run(command: string, args: string[], timeoutMs: number): boolean {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs });
  return result.status === 0;
}

function provision(): void {
  if (env.BROWSER_EXECUTABLE || env.BROWSER_CHANNEL) return say('BROWSER_EXECUTABLE/BROWSER_CHANNEL set: nothing to provision.');
  const bundled = playwrightChromium();
  if (bundled) return say(`Playwright's Chromium is installed: ${bundled}`);
  if (env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD !== '1') {
    say("Trying Playwright's Chromium download ...");
    if (run('npx', ['playwright', 'install', 'chromium'], 180_000) && playwrightChromium()) return say("Playwright's Chromium downloaded.");
    say('Download not possible here; looking for a system browser.');
  }
  const system = systemChromium();
  if (system) return say(`Using the system browser ${system}`);
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/debian_version')) {
    say('Installing Debian Chromium (and its headless shell) with apt-get ...');
    if (
      run('apt-get', ['update', '-qq'], 600_000) &&
      run('apt-get', ['install', '-y', '-qq', 'chromium', 'chromium-headless-shell'], 900_000) &&
      systemChromium()
    ) {
      return say(`Installed ${systemChromium()}`);
    }
  }
  say(new NoBrowserError().message);
}

provision();
