import { expect, test } from '../../fixtures/index.ts';
import { LabRecords } from '../../fixtures/lab-records.ts';
import { signInWorkRestartSignIn } from '../../fixtures/stale-cache.ts';

test.describe('recovery: the documented workaround', { tag: ['@recovery', '@disruptive'] }, () => {
  test.use({ labSettings: { profile: 'affected' } });

  test('restarting the browser alone does not recover; clearing the cache and restarting does, for at least two token lifetimes', async ({ sso, desktop, labClock, lab, agent, browserProfile, tokens }) => {
    test.skip(!lab.mock, 'needs the embedded mock lab (lab-time control)');
    const mock = lab.mock!;
    const records = new LabRecords(mock, agent.username);
    const lifetimeMs = mock.settings().accessTtlS * 1000;

    await signInWorkRestartSignIn({ sso, labClock, browserProfile, tokens, records, accessTtlS: mock.settings().accessTtlS });
    await labClock.runUntil(() => desktop.banner.isVisible(), { max: '10m', description: 'the session banner (defect reproduced)' });

    await test.step('restart alone: the disk cache still serves the stale token response and the banner comes back', async () => {
      const requestsBefore = records.tokenRequests();
      const refusedBefore = records.count('refresh-refused');
      await browserProfile.restart();
      await sso.openDesktopThroughIdp();
      expect(records.tokenRequests(), 'the token response came from the cache again').toBe(requestsBefore);
      await labClock.runUntil(() => desktop.banner.isVisible(), { max: '10m', description: 'the banner, again' });
      expect(records.count('refresh-refused')).toBeGreaterThan(refusedBefore);
    });

    await test.step('clear the cache and restart: a fresh token response, and the session lives', async () => {
      const requestsBefore = records.tokenRequests();
      await browserProfile.clearCacheAndRestart();
      await sso.signIn();
      expect(records.tokenRequests(), 'the token request reached the server').toBe(requestsBefore + 1);
      const refusedBefore = records.count('refresh-refused');
      const refreshesBefore = records.count('refresh-ok');
      await labClock.advance(2 * lifetimeMs);
      expect(records.count('refresh-ok') - refreshesBefore, 'refreshes over two lifetimes').toBeGreaterThanOrEqual(2);
      expect(records.count('refresh-refused')).toBe(refusedBefore);
      await expect(desktop.banner).toBeHidden();
      await desktop.setState('Ready');
    });
  });
});
