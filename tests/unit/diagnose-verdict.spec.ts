import { expect, test } from '@playwright/test';
import { CHECK_IDS, verdictOf, type Check, type CheckStatus } from '../../src/diagnose/checks.ts';
import { verdictTable } from '../../src/diagnose/verdict-table.ts';

function checks(statuses: Partial<Record<(typeof CHECK_IDS)[number], CheckStatus>>, times: Partial<Record<(typeof CHECK_IDS)[number], string>> = {}): Check[] {
  return CHECK_IDS.map((id) => ({ id, status: statuses[id] ?? 'pass', detail: `${id} detail`, ...(times[id] ? { labTime: times[id] } : {}) }));
}

test.describe('diagnose verdict', () => {
  test(
    'the seed case: reproduced, signed out 13 minutes later, recovered by the workaround only',
    { annotation: { type: 'detail', description: '13 minutes after the sign-in that read the cache' } },
    () => {
      const verdict = verdictOf(checks({}, { 'token-response-cached': '2017-03-25T10:15:06.799Z', 'forced-sign-out': '2017-03-25T10:28:38.459Z' }));
      expect(verdict).toEqual({
        reproduced: true,
        recovered: true,
        meaning:
          'Affected: a cached token response caused a refresh-token mismatch; the agent was signed out 13 min 32 s after signing in. Clearing the cache and restarting the browser recovered the session; restarting alone did not.',
      });
    },
  );

  test('the fixed profile: not reproduced when the token response came from the server', () => {
    const verdict = verdictOf(
      checks({
        'token-response-cached': 'fail',
        'refresh-token-mismatch': 'fail',
        'warning-banner': 'skip',
        'forced-sign-out': 'skip',
        'restart-alone-does-not-recover': 'skip',
      }),
    );
    expect(verdict.reproduced).toBe(false);
    expect(verdict.recovered).toBe(true);
    expect(verdict.meaning).toMatch(/^Not affected: after the restart the token response was fetched from the server/);
  });

  test('a cached response the IdS accepts is not a reproduction', () => {
    expect(verdictOf(checks({ 'refresh-token-mismatch': 'fail' })).reproduced).toBe(false);
  });

  test(
    'a lab without ALLOW_DISRUPTIVE: neither reproduced nor recovered, and the sentence says why',
    { annotation: { type: 'detail', description: 'the sentence says the disruptive checks did not run and why' } },
    () => {
      const skipped = CHECK_IDS.filter((id) => id !== 'sso-sign-in' && id !== 'healthy-refresh').map((id): Check => ({
        id,
        status: 'skip',
        detail: 'disruptive: set ALLOW_DISRUPTIVE=true',
      }));
      const verdict = verdictOf([...checks({}).slice(0, 2), ...skipped]);
      expect(verdict).toEqual({
        reproduced: false,
        recovered: false,
        meaning:
          'Not checked: the reproduction and the recovery were skipped (disruptive: set ALLOW_DISRUPTIVE=true). Sign-in and the first refresh were healthy.',
      });
      expect(verdictOf([...checks({ 'healthy-refresh': 'fail' }).slice(0, 2), ...skipped]).meaning).toMatch(/Sign-in or the first refresh did NOT work\.$/);
    },
  );

  test('a failed workaround is said plainly', () => {
    const verdict = verdictOf(checks({ 'cache-clear-recovers': 'fail', 'restart-alone-does-not-recover': 'fail' }));
    expect(verdict.recovered).toBe(false);
    expect(verdict.meaning).toContain('did NOT recover the session; restarting alone also recovered it.');
  });

  test('the table has one row per check with its result and lab time, then the verdict', () => {
    const table = verdictTable(checks({ 'warning-banner': 'fail' }, { 'sso-sign-in': '2026-11-26T16:00:00.123Z' }), verdictOf(checks({})));
    const lines = table.split('\n');
    expect(lines).toHaveLength(2 + CHECK_IDS.length + 3);
    expect(lines[2]).toMatch(/^SSO sign-in \(IdP, extension, desktop\)\s+PASS\s+2026-11-26T16:00:00Z\s+sso-sign-in detail$/);
    expect(lines.find((line) => line.startsWith('Warning banner'))).toMatch(/FAIL/);
    expect(lines.at(-1)).toBe('Reproduced: true   Recovered: true');
  });
});
