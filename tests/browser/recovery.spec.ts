import { expect, test } from '../../fixtures/index.ts';
import { accessLifetimeS, bannerWithinS } from '../../fixtures/stale-cache.ts';

test.describe('recovery: the documented workaround', { tag: ['@recovery', '@disruptive'] }, () => {
  test.use({ labSettings: { profile: 'affected' } });
  // Three browser starts with a sign-in each: 7 s on a quiet machine, near 60 s at a load average of 19.
  test.slow();

  test('a restart alone does not recover; clearing the cache and restarting does, for two refreshes', async ({
    sso,
    desktop,
    labClock,
    browserProfile,
    tokens,
    refreshes,
    observations,
    expectations,
    fieldSequence,
  }) => {
    const lifetimeS = accessLifetimeS(expectations);
    const bannerWithin = `${bannerWithinS(expectations)}s`;

    const session = await fieldSequence.signInWorkRestartSignIn();
    await labClock.runUntil(() => desktop.banner.isVisible(), { max: bannerWithin, description: 'the session banner (defect reproduced)' });

    await test.step('restart alone: the disk cache still serves the stale token response and the banner comes back', async () => {
      const beforeRestart = observations.mark();
      const refusedBefore = refreshes.refused();
      await browserProfile.restart();
      await sso.openDesktopThroughIdp();
      const again = await tokens.snapshot('after a restart alone');
      expect(again.accessFingerprint, 'the token response came from the cache again').toBe(session.first.accessFingerprint);
      expect(observations.tokenResponseFromCache(beforeRestart), `the token response was served from the disk cache (${observations.source})`).toBe(true);
      await labClock.runUntil(() => desktop.banner.isVisible(), { max: bannerWithin, description: 'the banner, again' });
      expect(refreshes.refused()).toBeGreaterThan(refusedBefore);
    });

    await test.step('clear the cache and restart: a fresh token response, and the session lives', async () => {
      const beforeClearing = observations.mark();
      await browserProfile.clearCacheAndRestart();
      await sso.signIn();
      const fresh = await tokens.snapshot('after clearing the cache');
      expect(fresh.accessFingerprint, 'a fresh token response').not.toBe(session.first.accessFingerprint);
      expect(observations.tokenResponseFromCache(beforeClearing), `the token response came from the server (${observations.source})`).toBe(false);
      const refusedBefore = observations.refused();
      const refreshesBefore = refreshes.ok();
      await labClock.runUntil(() => refreshes.ok() - refreshesBefore >= 2, { max: `${2 * lifetimeS}s`, description: 'two refreshes of the recovered session' });
      expect(observations.refused(), `no refresh refused (${observations.source})`).toBe(refusedBefore);
      await expect(desktop.banner).toBeHidden();
      await desktop.setState('Ready');
    });
  });
});
