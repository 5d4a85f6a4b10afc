import { textTable } from '../text/text-table.ts';
import { CHECK_TITLES, type Check, type Verdict } from './checks.ts';

const SYMBOLS = { pass: 'PASS', fail: 'FAIL', skip: 'skip' } as const;

/** The verdict for people: one row per check (result, lab time, what was seen), then the sentence of meaning. */
export function verdictTable(checks: readonly Check[], verdict: Verdict): string {
  const rows = checks.map((check) => [CHECK_TITLES[check.id], SYMBOLS[check.status], check.labTime?.replace(/\.\d+Z$/, 'Z') ?? '', check.detail]);
  const table = textTable(['check', 'result', 'lab time (UTC)', 'what was seen'], rows);
  return [table, '', `Verdict: ${verdict.meaning}`, `Reproduced: ${verdict.reproduced}   Recovered: ${verdict.recovered}`].join('\n');
}
