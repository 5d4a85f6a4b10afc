import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { compareRuns, comparisonText } from '../../src/compare/compare-runs.ts';
import { readRunRecord, recordOf, RunRecordError } from '../../src/compare/run-record.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'compare');
const AFFECTED = path.join(FIXTURES, 'diagnose-affected.json');
const FIXED = path.join(FIXTURES, 'diagnose-fixed.json');

const factOf = (comparison: ReturnType<typeof compareRuns>, section: string, name: string) =>
  comparison.sections.find((candidate) => candidate.title.startsWith(section))?.facts.find((item) => item.name === name);

test.describe('compare two diagnoses (recorded affected and fixed runs)', () => {
  test('names the difference in reproduction first', () => {
    const comparison = compareRuns(readRunRecord(AFFECTED), readRunRecord(FIXED));
    expect(comparison.headline).toBe('Reproduction changed: A (affected) reproduced the defect; B (fixed) did not reproduce the defect.');
    expect(factOf(comparison, 'Verdict', 'reproduced')).toEqual({ name: 'reproduced', before: 'true', after: 'false', changed: true });
    expect(factOf(comparison, 'Verdict', 'recovered')?.changed).toBe(false);
  });

  test('compares each check, the lab-time moments and the log findings', () => {
    const comparison = compareRuns(readRunRecord(AFFECTED), readRunRecord(FIXED));
    expect(factOf(comparison, 'Checks', 'Token response served from the browser cache after a restart')).toMatchObject({
      before: 'pass',
      after: 'fail',
      changed: true,
    });
    expect(factOf(comparison, 'Checks', 'SSO sign-in (IdP, extension, desktop)')?.changed).toBe(false);
    expect(factOf(comparison, 'Lab-time moments', 'healthy refresh')).toMatchObject({ before: '+45 min', after: '+45 min', changed: false });
    expect(factOf(comparison, 'Lab-time moments', 'warning banner')).toMatchObject({ before: '+1 h 1 min 6 s', after: '—', changed: true });
    expect(factOf(comparison, 'Lab-time moments', 'forced sign-out')).toMatchObject({ before: '+1 h 11 min 6 s', after: '—' });
    expect(factOf(comparison, 'Log findings', 'refresh-token-mismatch (stale-access-token)')).toMatchObject({ before: 'found', after: '—' });
    expect(factOf(comparison, 'Versions', 'finesse')).toMatchObject({ before: '12.6(2)', after: '12.6(2)', changed: false });
  });

  test('the text marks every changed line and counts them', () => {
    const comparison = compareRuns(readRunRecord(AFFECTED), readRunRecord(FIXED));
    const text = comparisonText(comparison);
    const marked = text.split('\n').filter((line) => line.startsWith('* '));
    expect(marked).toHaveLength(comparison.changes);
    expect(text).toContain(`${comparison.changes} difference(s), marked *.`);
    expect(text).toMatch(/\* warning banner\s+\+1 h 1 min 6 s\s+→ {2}—/);
  });

  test('a run compared with itself has no differences', () => {
    const comparison = compareRuns(readRunRecord(AFFECTED), readRunRecord(AFFECTED));
    expect(comparison.changes).toBe(0);
    expect(comparison.headline).toBe('Reproduction unchanged: both runs reproduced the defect.');
    expect(comparisonText(comparison)).toContain('No differences.');
  });

  test('survey facts are compared key by key when a run has them, and their absence is tolerated', () => {
    const document = JSON.parse(readFileSync(AFFECTED, 'utf8')) as Record<string, unknown>;
    const before = recordOf('before', { ...document, survey: { finesse: { build: '12.6.2.10000-1' }, ids: { tokenLifetimeS: 3600 } } });
    const after = recordOf('after', { ...document, survey: { finesse: { build: '12.6.2.10100-3' }, ids: { tokenLifetimeS: 3600 } } });
    const comparison = compareRuns(before, after);
    expect(factOf(comparison, 'Survey', 'finesse.build')).toMatchObject({ before: '12.6.2.10000-1', after: '12.6.2.10100-3', changed: true });
    expect(factOf(comparison, 'Survey', 'ids.tokenLifetimeS')?.changed).toBe(false);
    expect(
      compareRuns(before, readRunRecord(AFFECTED))
        .sections.find((section) => section.title === 'Survey')
        ?.facts.map((item) => item.after),
    ).toEqual(['—', '—']);
  });
});

test.describe('reading a run', () => {
  let work: string;
  test.beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'compare-spec-'));
  });
  test.afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('an evidence bundle zip gives the same record as the --json output', () => {
    const document = JSON.parse(readFileSync(AFFECTED, 'utf8')) as { versions: { finesse: string; ids: string; browser: string }; findings: unknown[] };
    // The bundle's verdict.json: the run context (versions by product name, browser apart) with the checks and verdict.
    const verdict = {
      ...document,
      runId: 'diag-x-affected',
      versions: { Finesse: document.versions.finesse, IdS: document.versions.ids },
      browser: document.versions.browser,
      findings: undefined,
    };
    const zip = path.join(work, 'diag-x-affected.zip');
    writeFileSync(
      zip,
      zipSync({
        'diag-x-affected/verdict.json': strToU8(JSON.stringify(verdict)),
        'diag-x-affected/findings.json': strToU8(JSON.stringify({ findings: document.findings })),
      }),
    );
    const fromZip = readRunRecord(zip);
    const fromJson = readRunRecord(AFFECTED);
    expect(fromZip.runId).toBe('diag-x-affected');
    expect({ ...fromZip, source: '', runId: undefined }).toEqual({ ...fromJson, source: '', runId: undefined });
  });

  test('what is not a diagnosis is refused with the reason', () => {
    const notJson = path.join(work, 'notes.txt');
    writeFileSync(notJson, 'hello');
    expect(() => readRunRecord(notJson)).toThrow(RunRecordError);
    expect(() => readRunRecord(notJson)).toThrow(/not JSON/);
    const other = path.join(work, 'other.json');
    writeFileSync(other, '{"name":"x"}');
    expect(() => readRunRecord(other)).toThrow(/not a diagnosis/);
    expect(() => readRunRecord(path.join(work, 'missing.json'))).toThrow(/no such file or folder/);
    expect(() => readRunRecord(work)).toThrow(/no verdict.json inside/);
  });
});
