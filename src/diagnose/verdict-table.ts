import { CHECK_TITLES, type Check, type Verdict } from './checks.ts';

const SYMBOLS = { pass: 'PASS', fail: 'FAIL', skip: 'skip' } as const;

/** The verdict for people: one row per check (result, lab time, what was seen), then the sentence of meaning. */
export function verdictTable(checks: readonly Check[], verdict: Verdict): string {
  const rows = checks.map((check) => [CHECK_TITLES[check.id], SYMBOLS[check.status], check.labTime?.replace(/\.\d+Z$/, 'Z') ?? '', check.detail]);
  const header = ['check', 'result', 'lab time (UTC)', 'what was seen'];
  const widths = [0, 1, 2].map((column) => Math.max(header[column]!.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width)).concat('-'.repeat(13))), ...rows.map(line), '', `Verdict: ${verdict.meaning}`, `Reproduced: ${verdict.reproduced}   Recovered: ${verdict.recovered}`].join('\n');
}
