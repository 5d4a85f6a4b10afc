import { expect, test } from '../../fixtures/index.ts';

/** The mock's own desktop: its state control and its records of what reached Finesse. */
test.describe('SSO sign-in and the desktop', { tag: '@smoke' }, () => {
  test('an agent signs in through the IdP and the extension page, goes Ready and signs out', async ({ sso, desktop, agent, mockLab: mock }) => {
    await sso.signIn();
    await desktop.expectIdentity();
    await expect(desktop.agentState).toHaveText('Not Ready');
    await desktop.setState('Ready');
    await desktop.signOut();
    await desktop.expectSignedOut(/signed out of the desktop/);
    const states = mock.events.list({ type: 'agent-state', userId: agent.username }).map((event) => event.detail.state);
    expect(states).toEqual(['NOT_READY', 'READY', 'LOGOUT']);
  });
});
