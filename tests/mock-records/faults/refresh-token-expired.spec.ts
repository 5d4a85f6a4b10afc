import { expect, test } from '../../../fixtures/index.ts';
import { SHORT_REFRESH_TTL_S } from '../../../src/faults/failure-modes.ts';
import { desktopLogLine } from '../../../src/kernel/desktop-log.ts';
import { idsLogStart, idsLogText } from '../../../src/kernel/ids-log.ts';

/** Ends before the refresh at 45 minutes: the re-authentication finds no IdP session. */
const SHORT_IDP_SESSION_S = 1200;
/**
 * The `fixed` profile: under `affected` the reloaded desktop would read the first sign-in's cached
 * token response and meet the seed's mismatch (the ten-minute sign-out) right after the re-authentication.
 */
const FIXED = { profile: 'fixed' } as const;

test.describe('refresh token expired before the desktop refreshes', { tag: '@fault' }, () => {
  test.describe('with a refresh-token lifetime shorter than the 45 minutes to the first refresh', () => {
    test.use({ labSettings: { ...FIXED, refreshTtlS: SHORT_REFRESH_TTL_S } });

    test('refused as expired (not a mismatch); the desktop signs in again silently: no banner, no sign-out', async ({ sso, desktop, labClock, records }) => {
      await sso.signIn();
      const [issued] = records.signIns();
      await labClock.runUntil(async () => records.signIns().length === 2 && (await desktop.agentState.isVisible()), {
        max: '1h',
        description: 'the silent re-authentication',
      });

      expect(records.events('refresh-refused').map((event) => event.detail.reason)).toEqual(['expired']);
      expect(records).toHaveLoggedAtIds(
        idsLogText('expired', { refreshId: String(issued!.detail.refreshId), expiredAt: new Date(Number(issued!.detail.refreshExpiry)).toISOString() }),
        { times: 1 },
      );
      await desktop.sendErrorReport();
      expect(records).toHaveLogged(desktopLogLine('refreshTokenExpired'), { times: 1 });
      expect(records.count('reauthenticate')).toBe(1);
      expect(records.count('idp-silent-sign-in'), 'the IdP answered from its session, without a form').toBe(1);
      expect(records.count('idp-sign-in')).toBe(1);
      expect(records).not.toHaveLoggedAtIds(idsLogStart('mismatch'));
      expect(records.count('sign-out')).toBe(0);
      await expect(desktop.banner).toBeHidden();
      await expect(desktop.agentName).not.toBeEmpty();
    });
  });

  test.describe('with the IdP session also ended', () => {
    test.use({ labSettings: { ...FIXED, refreshTtlS: SHORT_REFRESH_TTL_S, idpSessionTtlS: SHORT_IDP_SESSION_S } });

    test('re-authentication stops at the IdP form; once the agent signs in, the desktop is back, no sign-out', async ({
      sso,
      desktop,
      labClock,
      agent,
      idp,
      records,
    }) => {
      await sso.signIn();
      // At most a few minutes past the refresh: a page without timers lets the clock jump to `max`, and the IdS forgets a sign-in after 10 minutes.
      await labClock.runUntil(() => idp.signInField(desktop.page).isVisible(), { max: '48m', description: 'the IdP sign-in prompt' });
      expect(records.count('reauthenticate')).toBe(1);
      expect(records.count('idp-silent-sign-in')).toBe(0);
      expect(records.count('sign-out')).toBe(0);

      await idp.signIn(desktop.page, agent);
      await expect(desktop.agentState).toBeVisible();
      expect(records.signIns()).toHaveLength(2);
      expect(records.count('idp-sign-in')).toBe(2);
    });
  });

  test.describe('negative control: a refresh-token lifetime longer than the refresh interval', () => {
    test.use({ labSettings: { refreshTtlS: 3000 } });

    test('the refresh at 45 minutes succeeds', async ({ sso, desktop, labClock, records }) => {
      await sso.signIn();
      await labClock.runUntil(() => records.count('refresh-ok') > 0, { max: '1h', description: 'the first refresh' });
      expect(records.count('refresh-refused')).toBe(0);
      expect(records.count('reauthenticate')).toBe(0);
      await expect(desktop.banner).toBeHidden();
    });
  });
});
