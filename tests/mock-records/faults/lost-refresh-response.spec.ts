import { expect, test } from '../../../fixtures/index.ts';
import { desktopLogLine, desktopLogStart } from '../../../src/kernel/desktop-log.ts';
import { idsLogText } from '../../../src/kernel/ids-log.ts';

/** Lab-time tolerance: stepping is exact; the steps the test drives take a few real seconds. */

test.describe('lost refresh response → the retry replays the rotated refresh token', { tag: '@fault' }, () => {
  test('a lost answer of a rotated pair: 503, three refusals of the old token, banner, sign-out', async ({ sso, desktop, labClock, records, mockLab }) => {
    const settings = mockLab.settings();
    await sso.signIn();
    mockLab.configure({ fault: 'lost-refresh-response' });

    await labClock.runUntil(() => desktop.banner.isVisible(), { max: '1h', description: 'the session banner' });
    const bannerAt = labClock.now();
    await desktop.expectBanner();

    await test.step('the IdS rotated the pair once, then refused every retry as a replay of the rotated refresh token', () => {
      const [rotation] = records.events('refresh-ok');
      expect(records.count('refresh-ok')).toBe(1);
      const refused = records.events('refresh-refused');
      expect(refused.map((event) => event.detail.reason)).toEqual(['already-used', 'already-used', 'already-used']);
      for (const event of refused) expect(event.detail.refreshId).toBe(rotation!.detail.previousRefreshId);
      expect(records).toHaveLoggedAtIds(
        idsLogText('alreadyUsed', { refreshId: String(rotation!.detail.previousRefreshId), rotatedAt: new Date(rotation!.at).toISOString() }),
        { times: 3 },
      );
      expect(refused[0]!.at, 'the first retry comes a retry interval after the lost answer').toComeAfter(rotation!.at, settings.retryIntervalS * 1000);
    });

    await test.step('the desktop saw the lost answer as 503, the replays as 401, and logged the seed’s banner line', () => {
      expect(records.clientLogLines(desktopLogStart('refreshFailed')).map((line) => /Refresh failed \((\d+)\)/.exec(line)![1])).toEqual(['503', '401', '401']);
      expect(records).toHaveLogged(desktopLogLine('retriesExhausted', { maxRetries: 3 }), { times: 1 });
      expect(mockLab.logs.read('webservices').filter((line) => line.includes('java.net.SocketException: Connection reset'))).toHaveLength(1);
      expect(
        mockLab.logs.read('webservices').filter((line) => line.includes('{"error":"invalid_grant","error_description":"Refresh token already used"}')).length,
      ).toBeGreaterThanOrEqual(3);
    });

    await labClock.runUntil(() => desktop.isSignedOut(), { max: '11m', description: 'the forced sign-out' });
    await desktop.expectSignedOut(/could not be kept active/);
    const signOut = records.events('sign-out').at(-1)!;
    expect(signOut.at).toComeAfter(bannerAt, settings.graceS * 1000);
  });

  test('negative control: with the answer delivered the same refresh succeeds and no refresh is refused', async ({ sso, desktop, labClock, records }) => {
    await sso.signIn();
    await labClock.runUntil(() => records.count('refresh-ok') > 0, { max: '1h', description: 'the first refresh' });
    await labClock.advance('5m');
    expect(records.count('refresh-refused')).toBe(0);
    expect(records).not.toHaveLogged(desktopLogStart('refreshFailed'));
    await expect(desktop.banner).toBeHidden();
  });
});
