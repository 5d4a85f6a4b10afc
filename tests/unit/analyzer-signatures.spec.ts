import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { analyzeInputs } from '../../src/analyzer/analyze.ts';
import { SIGNATURES, severityRank } from '../../src/analyzer/signatures.ts';
import type { AnalysisReport, Finding } from '../../src/analyzer/types.ts';

const LOGS = path.join(import.meta.dirname, 'fixtures/logs');

async function analyze(...folders: string[]): Promise<AnalysisReport> {
  return analyzeInputs(folders.map((folder) => path.join(LOGS, folder)));
}

function brief(finding: Finding) {
  return {
    signature: finding.signature,
    user: finding.user,
    ...(finding.subCause ? { subCause: finding.subCause } : {}),
    ...(finding.causedBy ? { causedBy: finding.causedBy } : {}),
  };
}

test.describe('analyzer signatures on synthetic logs (mock lab formats)', () => {
  test('a healthy day of sign-ins, refreshes and sign-outs gives no finding, and a full timeline', async () => {
    const report = await analyze('healthy-day');
    expect(report.findings).toEqual([]);
    expect(report.files.every((file) => file.unparsed === 0)).toBe(true);
    expect(report.users.map((user) => [user.user, user.counts])).toEqual([
      ['Agent1', { 'sign-in': 1, refresh: 10, 'sign-out': 1, 'token-pair': 11 }],
      ['Agent3', { 'sign-in': 1, refresh: 10, 'sign-out': 1, 'token-pair': 11 }],
    ]);
  });

  test(
    'stale access token after a second sign-in: mismatch, retries, banner and sign-out joined',
    { annotation: { type: 'detail', description: 'the finding: stale-access-token; a forced sign-out' } },
    async () => {
      const report = await analyze('stale-access-token');
      expect(report.findings.map(brief)).toEqual([
        { signature: 'refresh-token-mismatch', user: 'Agent2', subCause: 'stale-access-token' },
        { signature: 'forced-logout-after-refresh-failure', user: 'Agent2', causedBy: 'refresh-token-mismatch' },
      ]);
      const [mismatch] = report.findings;
      expect(mismatch!.summary).toContain('the IdS refused 4 refreshes');
      expect(mismatch!.summary).toContain(
        'then the desktop reported 3 failed refreshes, exhausted its retries (banner) at 2026-03-02T08:26:41.100Z and signed the agent out at 2026-03-02T08:36:52.100Z.',
      );
      const texts = mismatch!.evidence.map((line) => line.text);
      expect(texts.filter((text) => text.includes('refresh token id mismatch'))).toHaveLength(4);
      expect(texts.filter((text) => text.includes('Refresh failed (401)'))).toHaveLength(3);
      expect(texts.some((text) => text.includes('Logging out user'))).toBe(true);
    },
  );

  test('a pair mixed from two users is a foreign pair', async () => {
    const report = await analyze('foreign-pair');
    expect(report.findings.map(brief)).toEqual([{ signature: 'refresh-token-mismatch', user: 'Agent6', subCause: 'foreign-pair' }]);
    expect(report.findings[0]!.summary).toContain('a pair of another user (Agent5)');
    expect(report.findings[0]!.cause).toContain('belongs to another user');
  });

  test('an expired refresh token is its own signature, and explains the sign-out that follows', async () => {
    const report = await analyze('refresh-token-expired');
    expect(report.findings.map(brief)).toEqual([
      { signature: 'forced-logout-after-refresh-failure', user: 'Agent7', causedBy: 'refresh-token-expired' },
      { signature: 'refresh-token-expired', user: 'Agent7' },
    ]);
    expect(report.findings[1]!.summary).toContain('expired at 2026-03-02T10:00:00.000Z');
  });

  test('the client’s “3 retries” line with no server-side cause in the logs given', async () => {
    const report = await analyze('retries-exhausted');
    expect(report.findings.map(brief)).toEqual([
      { signature: 'refresh-retries-exhausted', user: 'Agent9' },
      { signature: 'forced-logout-after-refresh-failure', user: 'Agent9', causedBy: 'refresh-retries-exhausted' },
    ]);
    expect(report.findings[0]!.summary).toContain('after 3 reported failures (HTTP 401)');
  });

  test('a sign-out after presence loss is reported as such, and not as an SSO fault', async () => {
    const report = await analyze('presence-logout');
    expect(report.findings.map(brief)).toEqual([{ signature: 'presence-forced-logout', user: 'Agent4' }]);
    expect(report.findings[0]!.cause).toContain('not an SSO or token fault');
    expect(report.findings[0]!.summary).toContain('reason code 255');
  });

  test(
    'a refresh after the IdP session ended is a low-severity finding; a mere mention is not',
    { annotation: { type: 'detail', description: 'its own finding; a line that only mentions it gives none' } },
    async () => {
      const report = await analyze('idp-session-ended');
      expect(report.findings.map(brief)).toEqual([{ signature: 'idp-session-ended', user: 'Agent16' }]);
      expect(report.findings[0]!.severity).toBe('low');
      expect(report.findings[0]!.summary).toContain('after the IdP session of the sign-in had ended');
      expect(report.findings[0]!.evidence.map((line) => line.text)).toEqual([
        expect.stringContaining('IdP session ended before the refresh token.. user Agent16'),
      ]);
    },
  );

  test(
    'SAML assertions outside their validity window: one finding per burst and user',
    { annotation: { type: 'detail', description: 'an accepted sign-in gives none' } },
    async () => {
      const report = await analyze('saml-outside-window');
      expect(report.findings.map(brief)).toEqual([{ signature: 'saml-assertion-outside-window', user: 'Agent18' }]);
      expect(report.findings[0]!.summary).toContain('2 times from');
      expect(report.findings[0]!.cause).toContain('clocks disagree');
    },
  );

  test('a burst of sign-in restarts without the IdS cookie is a sign-in loop; two restarts are not', async () => {
    const report = await analyze('sign-in-loop');
    expect(report.findings.map(brief)).toEqual([{ signature: 'sign-in-loop', user: 'Agent20' }]);
    expect(report.findings[0]!.summary).toContain('started the sign-in again 4 times from');
    expect(report.findings[0]!.cause).toContain('SameSite=None; Secure');
  });

  test('clock skew beyond the threshold is found; a skew within it is not', async () => {
    const report = await analyze('clock-skew');
    expect(report.findings.map(brief)).toEqual([{ signature: 'clock-skew', user: 'Agent10' }]);
    expect(report.findings[0]!.summary).toContain('5 min 3 s behind');
    const stricter = await analyzeInputs([path.join(LOGS, 'clock-skew')], { clockSkewThresholdS: 60 });
    expect(stricter.findings.map((finding) => finding.user)).toEqual(['Agent10', 'Agent11']);
  });

  test('connection failures to the IdS are one outage that explains the desktop giving up', async () => {
    const report = await analyze('ids-unreachable');
    expect(report.findings.map(brief)).toEqual([
      { signature: 'ids-unreachable', user: null },
      { signature: 'forced-logout-after-refresh-failure', user: 'Agent12', causedBy: 'ids-unreachable' },
    ]);
    expect(report.findings[0]!.summary).toContain('5 times');
    expect(report.findings[0]!.summary).toContain('desktops that failed meanwhile: Agent12');
    expect(report.findings[0]!.evidence.some((line) => line.text.startsWith('java.net.SocketTimeoutException'))).toBe(true);
  });

  test('401s nothing explains, and an IdS reason no signature covers, are unexplained-401', async () => {
    const silent = await analyze('unexplained-401');
    expect(silent.findings.map(brief)).toEqual([{ signature: 'unexplained-401', user: 'Agent13' }]);
    expect(silent.findings[0]!.summary).toContain('1 in the webservices log, 1 reported by the desktop');
    const unknownReason = await analyze('ids-reason-unknown');
    expect(unknownReason.findings.map(brief)).toEqual([{ signature: 'unexplained-401', user: 'Agent14' }]);
    expect(unknownReason.findings[0]!.summary).toContain('refresh token revoked');
  });

  test(
    'two desktops refreshing together: concurrent-refresh, not the seed’s mismatch',
    { annotation: { type: 'detail', description: 'one agent, mock lab run; the other desktop’s refresh as evidence' } },
    async () => {
      const report = await analyze('concurrent-refresh');
      expect(report.findings.map(brief)).toEqual([
        { signature: 'concurrent-refresh', user: 'agent001' },
        { signature: 'forced-logout-after-refresh-failure', user: 'agent001', causedBy: 'concurrent-refresh' },
      ]);
      const [race] = report.findings;
      expect(race!.summary).toMatch(/^Another desktop of agent001 \(client session [0-9A-F]{6} of agent001 in .*\) refreshed at .* and rotated the pair;/);
      expect(race!.evidence.some((line) => line.text.includes('Header : Access token refreshed'))).toBe(true);
      expect(race!.summary).toContain('then the desktop reported 3 failed refreshes');
    },
  );

  test(
    'a lost refresh answer: the rotated-token replay explains the connection reset, no IdS outage',
    { annotation: { type: 'detail', description: 'mock lab run; the replay of the rotated refresh token' } },
    async () => {
      const report = await analyze('rotated-token-replayed');
      expect(report.findings.map(brief)).toEqual([
        { signature: 'rotated-refresh-token-replayed', user: 'agent001' },
        { signature: 'forced-logout-after-refresh-failure', user: 'agent001', causedBy: 'rotated-refresh-token-replayed' },
      ]);
      const [replay] = report.findings;
      expect(replay!.summary).toContain('(Connection reset); the retry presented the retired token and the IdS refused 3 refreshes');
      expect(replay!.evidence.some((line) => line.text.includes('refresh token already used'))).toBe(true);
    },
  );

  test('logs written in three time zones (JST, CET, -05:00 with CRLF) correlate on UTC', async () => {
    const report = await analyze('time-zones');
    expect(report.findings.map(brief)).toEqual([
      { signature: 'refresh-token-mismatch', user: 'Agent15', subCause: 'stale-access-token' },
      { signature: 'forced-logout-after-refresh-failure', user: 'Agent15', causedBy: 'refresh-token-mismatch' },
    ]);
    expect(report.findings[0]!.first).toBe('2026-03-02T08:10:05.000Z');
    expect(report.findings[0]!.summary).toContain('(17:10:05.000 +09:00 in the log)');
    expect(report.users[0]!.joinedBy).toContain('names no user; joined by time');
  });

  test('the mock lab’s own logs (a redacted diagnose run): two incidents, each with its own client chain', async () => {
    const report = await analyze('mock-lab-affected');
    expect(report.findings.map(brief)).toEqual([
      { signature: 'refresh-token-mismatch', user: 'agent001', subCause: 'stale-access-token' },
      { signature: 'forced-logout-after-refresh-failure', user: 'agent001', causedBy: 'refresh-token-mismatch' },
      { signature: 'refresh-token-mismatch', user: 'agent001', subCause: 'stale-access-token' },
    ]);
    const [first, logout, second] = report.findings;
    // The desktop signs in (extension) after its first refresh already failed: still one chain.
    expect(first!.summary).toContain(
      'then the desktop reported 3 failed refreshes, exhausted its retries (banner) at 2026-11-26T18:13:29.721Z and signed the agent out at 2026-11-26T18:23:29.770Z.',
    );
    expect(logout!.first).toBe('2026-11-26T18:23:29.770Z');
    // The sign-in after the forced sign-out met the same cached access token: a second incident, with its own chain.
    expect(second!.summary).toMatch(/^Refresh token 514019f4… .* an access token of refresh token 75b15bb3… .*then the desktop reported 1 failed refresh\.$/);
    expect(report.users.map((user) => [user.user, user.counts['sign-in'], user.sessions.length])).toEqual([['agent001', 4, 4]]);
  });

  test('every signature of the catalog is produced by some fixture, and findings come most severe first', async () => {
    // Each scenario alone: the fixtures share their clock, and an IdS outage rightly explains any desktop failing meanwhile.
    const found = new Set<string>();
    for (const folder of readdirSync(LOGS)) for (const finding of (await analyze(folder)).findings) found.add(finding.signature);
    expect([...found].sort()).toEqual(Object.keys(SIGNATURES).sort());
    const report = await analyzeInputs([LOGS]);
    const ranks = report.findings.map((finding) => severityRank(finding.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const finding of report.findings) expect(finding.reference).not.toMatch(/CSC[a-z]{2}\d{5}/);
  });
});
