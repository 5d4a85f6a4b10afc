import { expect, test } from '../../fixtures/index.ts';
import { bannerWithinS, signOutWithinMs } from '../../fixtures/stale-cache.ts';
import { LAB_TIME_TOLERANCE_MS } from '../../fixtures/matchers/to-come-after.ts';

/**
 * The defect as the agent and the browser see it, against the mock or a lab alike: what the servers recorded
 * (the IdS's refusals, the client log) is in tests/mock-records/stale-cache-server-records.spec.ts.
 */
test.describe('stale cached token response → refresh-token mismatch → banner → forced sign-out', { tag: ['@mismatch', '@disruptive'] }, () => {
  test.use({ labSettings: { profile: 'affected' } });

  test('a cached earlier token: refusals, the banner, the sign-out 10 minutes later', async ({ desktop, labClock, refreshes, expectations, fieldSequence }) => {
    const { retriesBeforeBanner, graceMinutes } = expectations.facts;
    const startedAt = labClock.now();
    const session = await fieldSequence.signInWorkRestartSignIn();

    await test.step('the second sign-in read the token response from the browser cache', () => {
      expect(session.second.accessFingerprint, "the desktop holds the first login's access token").toBe(session.first.accessFingerprint);
    });

    await labClock.runUntil(() => desktop.banner.isVisible(), { max: `${bannerWithinS(expectations)}s`, description: 'the session banner' });
    const bannerAt = labClock.now();
    expect(refreshes.refused(), `the refresh and its ${retriesBeforeBanner.value} retries were refused (seen in the browser)`).toBe(
      retriesBeforeBanner.value + 1,
    );
    await desktop.expectBanner();

    // The wait for the sign-out comes from what the banner says, else from the version's grace period.
    const shownMs = await desktop.countdownMs();
    const countdownMs = shownMs ?? graceMinutes.value * 60_000;
    await labClock.runUntil(() => desktop.isSignedOut(), { max: signOutWithinMs(shownMs, expectations), description: 'the forced sign-out' });
    const signedOutAt = labClock.now();
    await desktop.expectSignedOut();
    expect(signedOutAt - bannerAt, 'not signed out before the countdown ran out').toBeGreaterThanOrEqual(countdownMs - LAB_TIME_TOLERANCE_MS);
    // The lab time the story covered, from the first sign-in to the sign-out (the bench holds it against the field's 70 min).
    test.info().annotations.push({ type: 'lab-seconds', description: String(Math.round((signedOutAt - startedAt) / 1000)) });
  });
});
