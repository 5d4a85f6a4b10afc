import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readJsonReport, testOutcomes } from '../../src/reports/playwright-results.ts';
import { runEntryPoint } from './run-entry-point.ts';
import { scratchFolder } from '../scratch-folder.ts';

/** Two small unit specs stand in for the suite: the sharding and merging are the same for any test. */
const SPECS = ['--project=unit', 'tests/unit/flake-statistics.spec.ts', 'tests/unit/compare-runs.spec.ts'];
const NIGHTLY = ['npx', 'tsx', 'scripts/nightly.ts'];

test.describe('npm run nightly', () => {
  const reports = scratchFolder('nightly-cli-');

  test(
    'two sequential shards merge into one HTML, JUnit and Allure report with a green summary',
    { annotation: { type: 'detail', description: 'the shards run one after the other; every test appears once in the merged reports' } },
    async () => {
      const env = { OUTPUT_DIR: reports() };
      for (const shard of ['1/2', '2/2']) {
        const result = await runEntryPoint([...NIGHTLY, '--shard', shard, ...SPECS], env);
        expect(result.code, result.stderr).toBe(0);
      }
      const perShard = ['1-of-2', '2-of-2'].map((folder) =>
        testOutcomes(readJsonReport(path.join(reports(), 'shards', folder, 'results.json'))).map((outcome) => outcome.id),
      );
      expect(perShard[0]!.length).toBeGreaterThan(0);
      expect(perShard[1]!.length).toBeGreaterThan(0);
      expect(perShard[0]!.filter((id) => perShard[1]!.includes(id))).toEqual([]);

      const merged = await runEntryPoint([...NIGHTLY, '--merge'], env);
      expect(merged.code, merged.stderr).toBe(0);
      const all = [...perShard[0]!, ...perShard[1]!].sort();
      expect(
        testOutcomes(readJsonReport(path.join(reports(), 'results.json')))
          .map((outcome) => outcome.id)
          .sort(),
      ).toEqual(all);
      expect(readdirSync(path.join(reports(), 'blob-report')).filter((file) => file.endsWith('.zip'))).toHaveLength(2);
      expect(existsSync(path.join(reports(), 'html', 'index.html'))).toBe(true);

      const junitCases = [...readFileSync(path.join(reports(), 'junit.xml'), 'utf8').matchAll(/<testcase name="([^"]*)" classname="([^"]*)"/g)].map(
        (match) => `${match[2]} ${match[1]}`,
      );
      expect(junitCases).toHaveLength(all.length);
      expect(new Set(junitCases).size).toBe(all.length);

      // The Allure report's own index of test results: one entry per test of both shards.
      const allure = JSON.parse(readFileSync(path.join(reports(), 'allure-report', 'test-results.json'), 'utf8')) as {
        byId: Record<string, { name: string; status: string }>;
      };
      const allureNames = Object.values(allure.byId).map((result) => result.name);
      expect(allureNames).toHaveLength(all.length);
      expect(new Set(allureNames).size).toBe(all.length);
      expect(existsSync(path.join(reports(), 'allure-history.jsonl'))).toBe(true);

      const summary = readFileSync(path.join(reports(), 'nightly-summary.md'), 'utf8');
      expect(summary).toMatch(/^# Nightly \d{4}-\d\d-\d\d: GREEN/);
      expect(summary).toContain(`**${all.length} passed**, **0 failed**, **0 flaky**`);
      expect(summary).toContain('First night on record');
      expect(merged.stdout).toContain(summary.trim().split('\n')[0]!);
    },
  );

  test('usage errors exit 2: a shard out of range, --merge with nothing to merge', async () => {
    const outOfRange = await runEntryPoint([...NIGHTLY, '--shard', '3/2'], { OUTPUT_DIR: reports() });
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toContain('--shard: "3/2" is not i/n with 1 <= i <= n');
    const nothing = await runEntryPoint([...NIGHTLY, '--merge'], { OUTPUT_DIR: reports() });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('--merge: no shard blob reports in');
  });
});
