import { expect, test } from '../../fixtures/har-recording.ts';
import { bannerWithinS } from '../../fixtures/stale-cache.ts';
import { analyzeInputs } from '../../src/analyzer/analyze.ts';
import type { AnalysisReport } from '../../src/analyzer/types.ts';

/**
 * The HARs a support engineer gets: recorded from Chromium while the defect (and its controls)
 * happen, once as Chrome DevTools exports them (cache hits marked) and once by Playwright's
 * recordHar (no marks: the cache hit shows only in the answer's Date). Each is then analyzed.
 */
function signatures(report: AnalysisReport): string[] {
  return report.findings.map((finding) => `${finding.severity} ${finding.signature}${finding.subCause ? ` (${finding.subCause})` : ''}`);
}

function high(report: AnalysisReport): string[] {
  return report.findings.filter((finding) => finding.severity === 'high').map((finding) => finding.signature);
}

test.describe('HARs of the stale cached token response, analyzed', { tag: ['@mismatch', '@har'] }, () => {
  test.use({ labSettings: { profile: 'affected' } });

  test('the restart HAR names the disk-cached token answer; the fresh profile HAR shows only the exposure', async ({
    desktop,
    labClock,
    agent,
    browserProfile,
    expectations,
    harRecording,
    records,
    mockLab: mock,
    fieldSequence,
  }) => {
    await fieldSequence.signInWorkRestartSignIn(records);
    await labClock.runUntil(() => desktop.banner.isVisible(), { max: `${bannerWithinS(expectations)}s`, description: 'the session banner' });
    await labClock.runUntil(() => desktop.isSignedOut(), { max: '11m', description: 'the forced sign-out' });
    await browserProfile.close();

    const devtools = await analyzeInputs([harRecording.devtools(2)]);
    expect(devtools.files[0]!.kind).toBe('har');
    expect(signatures(devtools)).toEqual([
      'high refresh-token-mismatch (stale-access-token)',
      'high forced-logout-after-refresh-failure',
      'low token-response-cacheable',
    ]);
    const mismatch = devtools.findings[0]!;
    expect(mismatch.user).toBe(agent.username);
    expect(mismatch.summary).toMatch(/came from the disk cache \(_fromCache: disk\).*4 refreshes .* refused \(401/);
    expect(mismatch.evidence[0]!.file).toMatch(/devtools-2\.har#entries\[\d+\]$/);
    expect(mismatch.evidence.map((line) => line.text).join('\n')).toMatch(/Unable to refresh access token after 3 retries/);

    const logs = (['clientlogs', 'webservices', 'ids'] as const).map((kind) => mock.logs.folder(kind));
    const joined = await analyzeInputs([...logs, harRecording.devtools(2)]);
    const mismatches = joined.findings.filter((finding) => finding.signature === 'refresh-token-mismatch');
    expect(mismatches, 'the logs and the HAR of one incident make one finding').toHaveLength(1);
    expect(mismatches[0]!.summary).toMatch(/is the one refused in .*ids.*:\d+/);
    expect(mismatches[0]!.evidence.map((line) => line.file).join('\n')).toMatch(/ids[\s\S]*devtools-2\.har#entries|devtools-2\.har#entries[\s\S]*ids/);

    const recordHar = await analyzeInputs([harRecording.playwright(2)]);
    expect(signatures(recordHar)[0]).toBe('high refresh-token-mismatch (stale-access-token)');
    expect(recordHar.findings[0]!.summary).toMatch(/from the browser cache \(its Date \d+ min( \d+ s)? older than the request/);

    for (const fresh of [harRecording.devtools(1), harRecording.playwright(1)]) {
      const report = await analyzeInputs([fresh]);
      expect(high(report), `${fresh}: a fresh profile's sign-in and refresh are healthy`).toEqual([]);
      expect(signatures(report)).toEqual(['low token-response-cacheable']);
    }
  });
});

test.describe('HARs of the controls, analyzed', { tag: '@har' }, () => {
  test.describe('the fixed profile', () => {
    test.use({ labSettings: { profile: 'fixed' } });

    test('a no-store token answer after the restart: the HARs show no finding at all', async ({
      labClock,
      browserProfile,
      harRecording,
      records,
      fieldSequence,
    }) => {
      await fieldSequence.signInWorkRestartSignIn(records);
      const before = records.count('refresh-ok');
      await labClock.runUntil(() => records.count('refresh-ok') > before, { max: '50m', description: 'the next refresh' });
      await browserProfile.close();

      for (const har of [harRecording.devtools(2), harRecording.playwright(2)]) {
        const report = await analyzeInputs([har]);
        expect(report.files[0]!.kind).toBe('har');
        expect(signatures(report), har).toEqual([]);
        expect(report.users[0]!.counts.refresh, 'the refresh after the restart is in the HAR').toBeGreaterThan(0);
      }
    });
  });

  test('the IdS unreachable through the grace period: the HARs name ids-unreachable, no stale token', async ({
    sso,
    desktop,
    labClock,
    browserProfile,
    harRecording,
    records,
    mockLab: mock,
  }) => {
    const settings = mock.settings();
    await sso.signIn();
    await labClock.advance(records.signIns()[0]!.at + settings.refreshAtFraction * settings.accessTtlS * 1000 - 60_000 - labClock.now());
    mock.configure({ fault: 'ids-unreachable', faultDurationS: 30 * 60 });
    await labClock.runUntil(() => desktop.banner.isVisible(), { max: '10m', description: 'the session banner' });
    await labClock.runUntil(() => desktop.isSignedOut(), { max: '11m', description: 'the forced sign-out' });
    await browserProfile.close();

    for (const har of [harRecording.devtools(1), harRecording.playwright(1)]) {
      const report = await analyzeInputs([har]);
      expect(high(report), har).toEqual(['ids-unreachable', 'forced-logout-after-refresh-failure']);
      expect(report.findings[0]!.summary).toMatch(/answered 503/);
    }
  });
});
