import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Night } from './night.ts';

/** Nights kept: a month of nightly runs is enough to see when something started. */
export const NIGHTS_KEPT = 30;

/** Its file name in the reports folder; CI caches it between nights. */
export const NIGHTLY_HISTORY_FILE = 'nightly-history.json';

/** `reports/nightly-history.json`: the last nights, oldest first. CI keeps it between nights (cache). */
export function readHistory(file: string): Night[] {
  if (!existsSync(file)) return [];
  const nights = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(nights)) throw new Error(`${file}: not a nightly history (expected a JSON array of nights)`);
  return nights as Night[];
}

export function appendNight(file: string, night: Night): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify([...readHistory(file), night].slice(-NIGHTS_KEPT), null, 2)}\n`);
}
