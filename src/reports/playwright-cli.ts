import { createRequire } from 'node:module';

/**
 * `playwright <args>` as this Node runs it, without npx: npx starts npm to find the same file,
 * which costs a cold run (npm run diagnose) about as much as Playwright's own start.
 */
export function playwrightCommand(args: readonly string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: [createRequire(import.meta.url).resolve('@playwright/test/cli'), ...args] };
}
