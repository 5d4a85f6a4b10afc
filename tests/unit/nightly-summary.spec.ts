import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { appendNight, NIGHTS_KEPT, readHistory } from '../../src/nightly/history.ts';
import { changesSince, isGreen, nightOf, type Night } from '../../src/nightly/night.ts';
import { nightlySummary } from '../../src/nightly/summary.ts';
import { evidenceSlug, needsEvidence } from '../../src/nightly/test-evidence.ts';
import { testOutcomes, type JsonReport, type TestOutcome } from '../../src/reports/playwright-results.ts';

/** A Playwright JSON report in the reporter's own shape: file suite → describe suite → specs. */
function report(tests: { title: string; status: TestOutcome['status']; tags?: string[] }[]): JsonReport {
  return {
    stats: { startTime: '2026-11-26T02:00:00.000Z', duration: 185_000 },
    suites: [
      {
        title: 'browser/scenario.spec.ts',
        suites: [
          {
            title: 'scenarios',
            specs: tests.map((each) => ({
              title: each.title,
              file: 'browser/scenario.spec.ts',
              tags: each.tags ?? [],
              tests: [
                {
                  projectName: 'browser',
                  status: each.status,
                  results: [{ status: each.status === 'unexpected' ? 'failed' : 'passed', duration: 10, attachments: [] }],
                },
              ],
            })),
          },
        ],
      },
    ],
  };
}

const night = (tests: Parameters<typeof report>[0], date = '2026-11-26T02:00:00.000Z'): Night =>
  nightOf(testOutcomes(report(tests)), { date, durationMs: 185_000, target: 'mock', profile: 'affected' });

test.describe('nightly results', () => {
  test('a test is identified by project, file, describe and title; tags keep their @', () => {
    const [outcome] = testOutcomes(report([{ title: 'banner after three retries', status: 'expected', tags: ['mismatch'] }]));
    expect(outcome).toMatchObject({
      id: 'browser › browser/scenario.spec.ts › scenarios › banner after three retries',
      project: 'browser',
      tags: ['@mismatch'],
    });
  });

  test('totals count each status; a night is green only without failed and flaky tests', () => {
    const tonight = night([
      { title: 'a', status: 'expected' },
      { title: 'b', status: 'flaky' },
      { title: 'c', status: 'skipped' },
    ]);
    expect(tonight.totals).toEqual({ passed: 1, failed: 0, flaky: 1, skipped: 1 });
    expect(isGreen(tonight)).toBe(false);
    expect(
      isGreen(
        night([
          { title: 'a', status: 'expected' },
          { title: 'c', status: 'skipped' },
        ]),
      ),
    ).toBe(true);
  });

  test('changes since the previous night: newly failing, newly flaky, fixed, added, removed', () => {
    const before = night([
      { title: 'a', status: 'expected' },
      { title: 'b', status: 'unexpected' },
      { title: 'c', status: 'expected' },
      { title: 'gone', status: 'expected' },
    ]);
    const after = night([
      { title: 'a', status: 'unexpected' },
      { title: 'b', status: 'expected' },
      { title: 'c', status: 'flaky' },
      { title: 'new', status: 'expected' },
    ]);
    const id = (title: string) => `browser › browser/scenario.spec.ts › scenarios › ${title}`;
    expect(changesSince(before, after)).toEqual({
      newlyFailing: [id('a')],
      newlyFlaky: [id('c')],
      fixed: [id('b')],
      added: [id('new')],
      removed: [id('gone')],
    });
  });

  test('the summary says green or red, the counts, the failures and what changed', () => {
    const previous = night(
      [
        { title: 'a', status: 'expected' },
        { title: 'b', status: 'expected' },
      ],
      '2026-11-25T02:00:00.000Z',
    );
    const tonight = night([
      { title: 'a', status: 'expected' },
      { title: 'b', status: 'unexpected' },
    ]);
    const text = nightlySummary({
      night: tonight,
      previous,
      failures: [{ id: 'browser › b', status: 'failed', error: 'Timed out 5000ms waiting for the banner' }],
      evidence: ['reports/nightly-evidence/b-1234.zip'],
      reports: { JUnit: 'reports/junit.xml' },
    });
    expect(text).toMatch(/^# Nightly 2026-11-26: RED\n/);
    expect(text).toContain('**1 passed**, **1 failed**, **0 flaky**, 0 skipped.');
    expect(text).toContain('- FAILED browser › b: Timed out 5000ms waiting for the banner');
    expect(text).toContain('## Since the previous night (2026-11-25)');
    expect(text).toContain('- Newly failing (1):\n  - browser › browser/scenario.spec.ts › scenarios › b');
    expect(text).toContain('- Duration: 3 min 5 s (was 3 min 5 s)');
    expect(text).toContain('- JUnit: reports/junit.xml');
    expect(text).toContain('1 in reports/nightly-evidence/');
  });

  test('the first night has nothing to compare with; a quiet night says so', () => {
    const tonight = night([{ title: 'a', status: 'expected' }]);
    expect(nightlySummary({ night: tonight, failures: [], evidence: [], reports: {} })).toContain('First night on record');
    const quiet = nightlySummary({ night: tonight, previous: tonight, failures: [], evidence: [], reports: {} });
    expect(quiet).toMatch(/^# Nightly 2026-11-26: GREEN/);
    expect(quiet).toContain('- No test changed status.');
  });

  test('long lists are cut for a chat message', () => {
    const tests = Array.from({ length: 14 }, (_, index) => ({ title: `t${index}`, status: 'unexpected' as const }));
    const text = nightlySummary({ night: night(tests), previous: night([]), failures: [], evidence: [], reports: {} });
    expect(text).toContain('- Newly failing (14):');
    expect(text).toContain('  - … and 4 more');
  });
});

test.describe('nightly history and evidence selection', () => {
  let work: string;
  test.beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'nightly-spec-'));
  });
  test.afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('the history keeps the last nights, oldest first, and refuses a file that is not one', () => {
    const file = path.join(work, 'nightly-history.json');
    expect(readHistory(file)).toEqual([]);
    for (let day = 1; day <= NIGHTS_KEPT + 2; day += 1)
      appendNight(file, night([{ title: 'a', status: 'expected' }], new Date(Date.UTC(2026, 9, day, 2)).toISOString()));
    const nights = readHistory(file);
    expect(nights).toHaveLength(NIGHTS_KEPT);
    expect(nights[0]!.date).toBe('2026-10-03T02:00:00.000Z');
    expect(nights.at(-1)!.date).toBe('2026-11-01T02:00:00.000Z');
    writeFileSync(file, '{"not":"a history"}');
    expect(() => readHistory(file)).toThrow(/not a nightly history/);
  });

  test('failed, flaky and disruptive tests get an evidence bundle; a passing ordinary test does not', () => {
    const outcomes = testOutcomes(
      report([
        { title: 'failed', status: 'unexpected' },
        { title: 'flaky', status: 'flaky' },
        { title: 'disruptive', status: 'expected', tags: ['@disruptive'] },
        { title: 'ordinary', status: 'expected', tags: ['@smoke'] },
      ]),
    );
    expect(outcomes.filter(needsEvidence).map((outcome) => outcome.title)).toEqual(['failed', 'flaky', 'disruptive']);
  });

  test('evidence file names are readable, safe and distinct for distinct tests', () => {
    expect(evidenceSlug('browser › recovery.spec.ts › recovery › restarting alone')).toMatch(
      /^browser-recovery-spec-ts-recovery-restarting-alone-[0-9a-f]{8}$/,
    );
    expect(evidenceSlug(`browser › ${'very long title '.repeat(20)}`)).toHaveLength(80 + 1 + 8);
    expect(evidenceSlug('a › b')).not.toBe(evidenceSlug('a / b'));
  });
});
