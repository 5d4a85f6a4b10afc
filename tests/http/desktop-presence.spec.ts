import { expect, test } from './lab-fixture.ts';
import type { DesktopSession } from './desktop-session.ts';
import { PRESENCE_LOGOUT_REASON_CODE, PRESENCE_WAIT_MS } from '../../mock/finesse/desktop-presence.ts';

/** A second sign-in of the agent (a browser restart: the first server session is never ended), signed in to its extension, presence connected. */
async function restartedDesktop(signIn: (userId?: string) => Promise<DesktopSession>): Promise<{ session: DesktopSession; closePresence: () => void }> {
  await signIn('agent001');
  const session = await signIn('agent001');
  const { token } = await session.tokens();
  const login = await session.agent.request('PUT', `${session.lab.urls.finesse}/finesse/api/User/agent001`, {
    body: '<User><state>LOGIN</state><extension>1001</extension></User>',
    headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` },
  });
  expect(login.status).toBe(202);
  const stream = await session.agent.openStream(`${session.lab.urls.finesse}/desktop/presence`);
  expect(stream.status).toBe(200);
  return { session, closePresence: stream.close };
}

test.describe('desktop presence', () => {
  // §8.3, DevNet "Desktop Presence and Forced Logout": Unified CCE without LOAD sets NOT_READY (reason code 255).
  test(
    'UCCE, LOAD off (the default): the agent goes NOT_READY 60 s after the desktop goes',
    { annotation: { type: 'detail', description: 'a signed-in agent whose desktop goes; reason code 255' } },
    async ({ lab, signIn }) => {
      const { session, closePresence } = await restartedDesktop(signIn);
      closePresence();
      await expect.poll(() => lab.events.list({ type: 'presence' }).at(-1)?.detail.state).toBe('unavailable');
      lab.clock.advance(PRESENCE_WAIT_MS - 1_000);
      expect(lab.events.list({ type: 'agent-state' }).map((event) => event.detail.state)).toEqual(['NOT_READY']);
      lab.clock.advance(1_000);
      expect(lab.events.list({ type: 'agent-state' }).at(-1)?.detail).toEqual({
        state: 'NOT_READY',
        reason: 'presence-loss',
        reasonCode: PRESENCE_LOGOUT_REASON_CODE,
      });
      expect(lab.events.list({ type: 'sign-out' })).toEqual([]);
      const { token } = await session.tokens();
      const user = await session.agent.request('GET', `${lab.urls.finesse}/finesse/api/User/agent001`, { headers: { authorization: `Bearer ${token}` } });
      expect(user.body).toContain('<state>NOT_READY</state><pendingState></pendingState><reasonCodeId>255</reasonCodeId>');
    },
  );

  for (const settings of [{ deploymentType: 'UCCX' as const }, { deploymentType: 'UCCE' as const, logoutOnAgentDisconnect: true }]) {
    // §8.3, DevNet "Desktop Presence and Forced Logout": Unified CCX, or LOAD on, logs the agent out.
    test(
      `${JSON.stringify(settings)}: signed out 60 s after the desktop goes`,
      { annotation: { type: 'detail', description: 'a signed-in agent whose desktop goes; reason code 255' } },
      async ({ lab, signIn }) => {
        lab.configure(settings);
        const { closePresence } = await restartedDesktop(signIn);
        closePresence();
        await expect.poll(() => lab.events.list({ type: 'presence' }).at(-1)?.detail.state).toBe('unavailable');
        lab.clock.advance(PRESENCE_WAIT_MS);
        expect(lab.events.list({ type: 'sign-out' }).map((event) => event.detail)).toEqual([
          { reason: 'presence-loss', reasonCode: PRESENCE_LOGOUT_REASON_CODE },
        ]);
      },
    );
  }

  test(
    'presence does not sign out again an agent the desktop already signed out',
    { annotation: { type: 'detail', description: 'though an older server session of the agent remains' } },
    async ({ lab, signIn }) => {
      const { session, closePresence } = await restartedDesktop(signIn);
      expect((await session.agent.post(`${lab.urls.finesse}/desktop/sso/logout`, { reason: 'session-refresh-failed' })).status).toBe(204);
      closePresence();
      await expect.poll(() => lab.events.list({ type: 'presence' }).at(-1)?.detail.state).toBe('unavailable');
      lab.clock.advance(2 * PRESENCE_WAIT_MS);
      expect(lab.events.list({ type: 'sign-out' }).map((event) => event.detail.reason)).toEqual(['session-refresh-failed']);
    },
  );
});
