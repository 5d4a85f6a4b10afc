import { expect, test } from '@playwright/test';
import { FAILURE_MODES } from '../../src/faults/failure-modes.ts';
import type { ScenarioVerdict } from '../../src/diagnose/scenario-verdicts.ts';
import { runEntryPoint } from './run-entry-point.ts';

test.describe('npm run diagnose -- --scenarios', { tag: '@fault' }, () => {
  test('all: one verdict per failure mode, each named by its own signature, in under 2 minutes', async () => {
    const started = Date.now();
    const result = await runEntryPoint(['npx', 'tsx', 'scripts/diagnose.ts', '--scenarios', 'all', '--json'], {});
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const document = JSON.parse(result.stdout) as { target: string; scenarios: ScenarioVerdict[] };
    expect(document.scenarios.map((row) => [row.mode, row.expected, row.named])).toEqual(FAILURE_MODES.map((mode) => [mode.id, mode.signature, true]));
    for (const row of document.scenarios) expect(row.verdict).toBe(FAILURE_MODES.find((mode) => mode.id === row.mode)!.verdict);
    expect(result.stderr).toContain(`${FAILURE_MODES.length} of ${FAILURE_MODES.length} failure modes named by their own signature`);
  });

  test('a list runs only those, as a table', async () => {
    const result = await runEntryPoint(['npx', 'tsx', 'scripts/diagnose.ts', '--scenarios', 'two-tabs,ids-unreachable'], {});
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const rows = result.stdout.trim().split('\n').slice(2);
    expect(rows.map((row) => row.split(/\s+/).slice(0, 3))).toEqual([
      ['two-tabs', 'PASS', 'concurrent-refresh'],
      ['ids-unreachable', 'PASS', 'ids-unreachable'],
    ]);
  });

  test('unknown modes are all named in one usage error, exit 2', async () => {
    const result = await runEntryPoint(['npx', 'tsx', 'scripts/diagnose.ts', '--scenarios', 'two-tabs,nope,gone'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--scenarios: unknown "nope", "gone"; expected all or a comma-separated list of stale-cache, two-tabs');
    expect(result.stdout).toBe('');
  });
});
