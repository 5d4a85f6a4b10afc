import { expect, test } from '../../fixtures/index.ts';
import { bannerWithinS } from '../../fixtures/stale-cache.ts';
import { desktopLogLine } from '../../src/kernel/desktop-log.ts';
import { idsLogText } from '../../src/kernel/ids-log.ts';

/** "At once": the seed's first failing refresh came 21 s after the second sign-in. */
const AT_ONCE_MS = 30_000;

/**
 * The defect as the mock's servers recorded it (the browser's view is tests/browser/stale-cache-mismatch.spec.ts):
 * the cached answer never reached the server, the IdS refused the stale pairing four times, the desktop logged the
 * seed's two lines and Finesse signed the agent out after the grace period.
 */
test.describe("stale cached token response, in the mock's server records", { tag: ['@mismatch', '@disruptive'] }, () => {
  test.use({ labSettings: { profile: 'affected' } });

  test("the IdS refused the stale pairing 4 times, a retry interval apart; the seed's lines were logged", async ({
    desktop,
    labClock,
    expectations,
    mockLab,
    records,
    fieldSequence,
  }) => {
    const settings = mockLab.settings();
    const session = await fieldSequence.signInWorkRestartSignIn(records);
    expect(session.server!.tokenRequests, 'no new token request reached the server').toEqual([1, 1]);
    expect(records.signIns()).toHaveLength(2);

    await labClock.runUntil(() => desktop.banner.isVisible(), { max: `${bannerWithinS(expectations)}s`, description: 'the session banner' });
    const bannerAt = labClock.now();
    await test.step('the IdS refused the stale access token paired with the current refresh token', () => {
      const refused = records.events('refresh-refused');
      expect(refused.map((event) => event.detail.reason)).toEqual(['mismatch', 'mismatch', 'mismatch', 'mismatch']);
      const [firstIssue, secondIssue] = records.signIns();
      const pairing = { refreshId: secondIssue!.detail.refreshId as string, accessRt: firstIssue!.detail.refreshId as string };
      for (const event of refused) expect(event.detail).toMatchObject(pairing);
      expect(records).toHaveLoggedAtIds(idsLogText('mismatch', pairing), { times: 4 });
      expect(refused[0]!.at, 'the first refresh came at once').toComeAfter(session.server!.signIns[1], 0, { withinMs: AT_ONCE_MS });
      refused
        .slice(1)
        .forEach((event, index) => expect(event.at, `retry ${index + 1} spacing`).toComeAfter(refused[index]!.at, settings.retryIntervalS * 1000));
      expect(bannerAt, 'the banner follows the last retry').toComeAfter(refused.at(-1)!.at, 0);
    });
    expect(records).toHaveLogged(desktopLogLine('retriesExhausted', { maxRetries: 3 }), { times: 1 });

    await labClock.runUntil(() => desktop.isSignedOut(), { max: '11m', description: 'the forced sign-out' });
    await desktop.expectSignedOut(/could not be kept active/);
    await test.step('the agent was signed out 10 minutes after the banner', () => {
      const signOut = records.events('sign-out').at(-1)!;
      expect(signOut.detail.reason).toBe('session-refresh-failed');
      expect(signOut.at).toComeAfter(bannerAt, settings.graceS * 1000);
      expect(records).toHaveLogged(desktopLogLine('signingOut'), { times: 1 });
    });
  });
});

test.describe('negative control: the fixed profile', { tag: '@fixed' }, () => {
  test.use({ labSettings: { profile: 'fixed' } });

  test('a no-store token response does not reproduce: the token request reaches Finesse, refreshes work', async ({
    desktop,
    labClock,
    records,
    fieldSequence,
  }) => {
    const session = await fieldSequence.signInWorkRestartSignIn(records);
    expect(session.server!.tokenRequests, 'the second token request reached the server').toEqual([1, 2]);
    expect(session.second.accessFingerprint).not.toBe(session.first.accessFingerprint);
    const refreshesBefore = records.count('refresh-ok');
    await labClock.runUntil(() => records.count('refresh-ok') > refreshesBefore, { max: '50m', description: 'the next refresh' });
    expect(records.count('refresh-refused')).toBe(0);
    await expect(desktop.banner).toBeHidden();
  });
});
