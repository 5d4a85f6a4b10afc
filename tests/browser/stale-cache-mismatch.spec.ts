import { expect, test } from '../../fixtures/index.ts';
import { LabRecords } from '../../fixtures/lab-records.ts';
import { accessLifetimeS, bannerWithinS, signInWorkRestartSignIn, signOutWithinMs } from '../../fixtures/stale-cache.ts';
import { desktopLogLine } from '../../src/kernel/desktop-log.ts';

/** Lab-time tolerance for each moment: stepping is exact; steps the test itself drives take a few real seconds. */
const TOLERANCE_MS = 2_000;
/** "At once": the seed's first failing refresh came 21 s after the second sign-in. */
const AT_ONCE_MS = 30_000;
const SERVER_RECORDS_SKIPPED = 'server records (token requests, IdS refusals, client log) exist only in the embedded mock lab; checked from the browser instead';

test.describe('stale cached token response → refresh-token mismatch → banner → forced sign-out', { tag: ['@mismatch', '@disruptive'] }, () => {
  test.use({ labSettings: { profile: 'affected' } });

  test('the disk-cached token response of an earlier login makes the IdS refuse the pair, the banner appears after three retries and the agent is signed out 10 minutes later', async ({
    sso,
    desktop,
    labClock,
    lab,
    agent,
    browserProfile,
    tokens,
    refreshes,
    expectations,
  }) => {
    const mock = lab.mock;
    const records = mock && new LabRecords(mock, agent.username);
    const { retriesBeforeBanner, graceMinutes } = expectations.facts;

    const session = await signInWorkRestartSignIn({ sso, labClock, browserProfile, tokens, refreshes, records, accessLifetimeS: accessLifetimeS(expectations) });

    await test.step('the second sign-in read the token response from the browser cache', () => {
      expect(session.second.accessFingerprint, 'the desktop holds the first login\'s access token').toBe(session.first.accessFingerprint);
      if (!session.server) return;
      expect(session.server.tokenRequests, 'no new token request reached the server').toEqual([1, 1]);
      expect(records!.signIns()).toHaveLength(2);
    });

    await labClock.runUntil(() => desktop.banner.isVisible(), { max: `${bannerWithinS(expectations)}s`, description: 'the session banner' });
    const bannerAt = labClock.now();
    expect(refreshes.refused(), `the refresh and its ${retriesBeforeBanner.value} retries were refused (seen in the browser)`).toBe(retriesBeforeBanner.value + 1);

    if (mock) {
      await test.step('the IdS refused the stale access token paired with the current refresh token', () => {
        const settings = mock.settings();
        const refused = records!.events('refresh-refused');
        expect(refused.map((event) => event.detail.reason)).toEqual(['mismatch', 'mismatch', 'mismatch', 'mismatch']);
        const [firstIssue, secondIssue] = records!.signIns();
        const currentRefreshId = secondIssue!.detail.refreshId as string;
        const staleRt = firstIssue!.detail.refreshId as string;
        for (const event of refused) expect(event.detail).toMatchObject({ refreshId: currentRefreshId, accessRt: staleRt });
        expect(records!.idsLogLines(`refresh token id mismatch.. refresh token id in refresh token is ${currentRefreshId}; in access token is ${staleRt}`)).toHaveLength(4);
        expect(refused[0]!.at - session.server!.signIns[1], 'the first refresh came at once').toBeLessThanOrEqual(AT_ONCE_MS);
        refused.slice(1).forEach((event, index) => expect(Math.abs(event.at - refused[index]!.at - settings.retryIntervalS * 1000), `retry ${index + 1} spacing`).toBeLessThanOrEqual(TOLERANCE_MS));
        expect(Math.abs(bannerAt - refused.at(-1)!.at), 'the banner follows the last retry').toBeLessThanOrEqual(TOLERANCE_MS);
      });
    } else {
      test.info().annotations.push({ type: 'skipped-checks', description: SERVER_RECORDS_SKIPPED });
    }

    await desktop.expectBanner();
    if (records) expect(records).toHaveLogged(desktopLogLine('retriesExhausted', { maxRetries: 3 }), { times: 1 });

    // The wait for the sign-out comes from what the banner says, else from the version's grace period.
    const shownMs = await desktop.countdownMs();
    const countdownMs = shownMs ?? graceMinutes.value * 60_000;
    await labClock.runUntil(() => desktop.isSignedOut(), { max: signOutWithinMs(shownMs, expectations), description: 'the forced sign-out' });
    const signedOutAt = labClock.now();
    await desktop.expectSignedOut(mock ? /could not be kept active/ : undefined);
    expect(signedOutAt - bannerAt, 'not signed out before the countdown ran out').toBeGreaterThanOrEqual(countdownMs - TOLERANCE_MS);

    if (records) {
      await test.step('the agent was signed out 10 minutes after the banner', () => {
        const signOut = records.events('sign-out').at(-1)!;
        expect(signOut.detail.reason).toBe('session-refresh-failed');
        expect(Math.abs(signOut.at - bannerAt - mock.settings().graceS * 1000)).toBeLessThanOrEqual(TOLERANCE_MS);
        expect(records).toHaveLogged(desktopLogLine('signingOut'), { times: 1 });
        test.info().annotations.push({ type: 'lab-seconds', description: String(Math.round((signOut.at - session.server!.signIns[0]) / 1000)) });
      });
    }
  });
});

test.describe('negative control: the fixed profile', { tag: '@fixed' }, () => {
  test.use({ labSettings: { profile: 'fixed' } });

  test('the same steps with a no-store token response do not reproduce: the token request reaches the server and the refresh succeeds', async ({ sso, desktop, labClock, lab, agent, browserProfile, tokens, refreshes, expectations }) => {
    test.skip(!lab.mock, 'needs the embedded mock lab (its fixed profile)');
    const records = new LabRecords(lab.mock!, agent.username);
    const session = await signInWorkRestartSignIn({ sso, labClock, browserProfile, tokens, refreshes, records, accessLifetimeS: accessLifetimeS(expectations) });

    expect(session.server!.tokenRequests, 'the second token request reached the server').toEqual([1, 2]);
    expect(session.second.accessFingerprint).not.toBe(session.first.accessFingerprint);
    const refreshesBefore = records.count('refresh-ok');
    await labClock.runUntil(() => records.count('refresh-ok') > refreshesBefore, { max: '50m', description: 'the next refresh' });
    expect(records.count('refresh-refused')).toBe(0);
    await expect(desktop.banner).toBeHidden();
  });
});
