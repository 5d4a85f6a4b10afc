import { expect, test } from '../../../fixtures/index.ts';
import { SHORT_IDP_SESSION_S } from '../../../src/faults/failure-modes.ts';
import { analyzeInputs } from '../../../src/analyzer/analyze.ts';
import { idsLogStart } from '../../../src/kernel/ids-log.ts';

/**
 * Longer than the first refresh interval (45 min), shorter than the second (90 min): the refresh
 * token lives through the first refresh and expires before the second, which re-authenticates.
 * The lifetime counts from the sign-in (rotation keeps the expiry). The `fixed` profile keeps the
 * seed's cached token response out of the reloaded desktop.
 */
const settings = { profile: 'fixed', refreshTtlS: 4000 } as const;

test.describe('the IdP session ended while the IdS refresh token lives', { tag: '@fault' }, () => {
  test.describe('with an IdP session shorter than the 45 minutes to the first refresh', () => {
    test.use({ labSettings: { ...settings, idpSessionTtlS: SHORT_IDP_SESSION_S } });

    test('the IdS notes the ended IdP session; re-authentication then shows the IdP form', async ({ sso, desktop, labClock, agent, idp, records, mockLab }) => {
      await sso.signIn();
      await labClock.runUntil(() => records.count('refresh-ok') > 0, { max: '1h', description: 'the first refresh' });
      expect(records.count('refresh-refused')).toBe(0);
      expect(records).toHaveLoggedAtIds(idsLogStart('idpSessionEnded', { userId: agent.username }), { times: 1 });
      await expect(desktop.banner).toBeHidden();
      await expect(desktop.agentState).toBeVisible();

      // A page without timers lets the clock jump to `max`, and the IdS forgets a sign-in after 10 minutes.
      await labClock.runUntil(() => idp.signInField(desktop.page).isVisible(), {
        max: '48m',
        description: 'the IdP sign-in prompt at the next re-authentication',
      });
      expect(records.count('reauthenticate')).toBe(1);
      expect(records.count('idp-silent-sign-in')).toBe(0);
      expect(records.count('sign-out')).toBe(0);
      const found = (await analyzeInputs([mockLab.logs.root])).findings.map((finding) => finding.signature);
      expect(found).toContain('idp-session-ended');
    });
  });

  test.describe('negative control: the IdP session outlives the refresh token', () => {
    test.use({ labSettings: settings });

    test('no IdS note, and the re-authentication at the second refresh is silent', async ({ sso, desktop, labClock, records }) => {
      await sso.signIn();
      await labClock.runUntil(async () => records.signIns().length === 2 && (await desktop.agentState.isVisible()), {
        max: '2h',
        description: 'the silent re-authentication',
      });
      expect(records.count('refresh-ok')).toBe(1);
      expect(records).not.toHaveLoggedAtIds(idsLogStart('idpSessionEnded'));
      expect(records.count('idp-silent-sign-in')).toBe(1);
      expect(records.count('sign-out')).toBe(0);
    });
  });
});
