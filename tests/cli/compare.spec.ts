import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runEntryPoint } from './run-entry-point.ts';

const FIXTURES = path.join('tests', 'unit', 'fixtures', 'compare');
const COMPARE = ['npx', 'tsx', 'scripts/compare.ts'];

test.describe('npm run compare', () => {
  test('a recorded affected run against a fixed one names the difference in reproduction, exit 0', async () => {
    const result = await runEntryPoint([...COMPARE, path.join(FIXTURES, 'diagnose-affected.json'), path.join(FIXTURES, 'diagnose-fixed.json')], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Reproduction changed: A (affected) reproduced the defect; B (fixed) did not reproduce the defect.');
    expect(result.stdout).toMatch(/^\* reproduced +true +→ {2}false$/m);
  });

  test('--json prints the comparison as JSON', async () => {
    const result = await runEntryPoint([...COMPARE, '--json', path.join(FIXTURES, 'diagnose-affected.json'), path.join(FIXTURES, 'diagnose-fixed.json')], {});
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { changes: number }).changes).toBeGreaterThan(0);
  });

  test('one run, or a file that is not a diagnosis, is a usage error: exit 2 with the reason', async () => {
    const one = await runEntryPoint([...COMPARE, path.join(FIXTURES, 'diagnose-affected.json')], {});
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('expected two runs to compare, got 1');
    const notARun = await runEntryPoint([...COMPARE, 'package.json', path.join(FIXTURES, 'diagnose-fixed.json')], {});
    expect(notARun.code).toBe(2);
    expect(notARun.stderr).toContain('package.json: not a diagnosis');
  });
});
