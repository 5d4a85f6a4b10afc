import { expect, test } from '../../fixtures/index.ts';

test.describe('SSO sign-in and the desktop', { tag: '@smoke' }, () => {
  test('an agent signs in through the IdP and the extension page, goes Ready and signs out', async ({ sso, desktop, agent, lab }) => {
    await sso.signIn();
    await desktop.expectIdentity();
    await expect(desktop.agentState).toHaveText('Not Ready');
    await desktop.setState('Ready');
    await desktop.signOut();
    await desktop.expectSignedOut(/signed out of the desktop/);
    if (lab.mock) {
      const states = lab.mock.events.list({ type: 'agent-state', userId: agent.username }).map((event) => event.detail.state);
      expect(states).toEqual(['NOT_READY', 'READY', 'LOGOUT']);
    }
  });
});
