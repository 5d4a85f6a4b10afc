import { expect, test } from '../../../fixtures/index.ts';
import { PRESENCE_LOGOUT_REASON_CODE, PRESENCE_WAIT_MS } from '../../../mock/finesse/desktop-presence.ts';
import { analyzeInputs } from '../../../src/analyzer/analyze.ts';
import { desktopLogStart } from '../../../src/kernel/desktop-log.ts';

test.describe('the browser closed or reloaded: presence, not SSO', { tag: '@fault' }, () => {
  // Logout on Agent Disconnect on: presence loss signs the agent out (without it, Unified CCE sets NOT_READY, reason code 255; DevNet).
  test.use({ labSettings: { logoutOnAgentDisconnect: true } });
  test('closing the browser: signed out 60 s later (reason code 255), no refresh failed, not an SSO fault', async ({
    sso,
    agent,
    browserProfile,
    records,
    mockLab: mock,
  }) => {
    await sso.signIn();
    await browserProfile.close();
    await expect.poll(() => records.events('presence').at(-1)?.detail.state, { message: 'Finesse noticed the desktop went' }).toBe('unavailable');

    // The browser is gone: only the lab's clock moves.
    mock.clock.advance(PRESENCE_WAIT_MS - 1_000);
    expect(records.count('sign-out'), 'not before the 60 s wait').toBe(0);
    mock.clock.advance(1_000);
    expect(records.events('sign-out').map((event) => event.detail)).toEqual([{ reason: 'presence-loss', reasonCode: PRESENCE_LOGOUT_REASON_CODE }]);
    expect(
      mock.logs.read('webservices').filter((line) => line.includes(`Forcing logout of user ${agent.username} after presence loss; reasonCode=255`)),
    ).toHaveLength(1);
    expect(records.count('refresh-refused')).toBe(0);
    expect(records).not.toHaveLogged(desktopLogStart('retriesExhausted'));

    const report = await analyzeInputs([mock.logs.root]);
    expect(report.findings.map((finding) => finding.signature)).toEqual(['presence-forced-logout']);
    expect(report.findings[0]!.summary).toContain('not an SSO or token fault');
  });

  test('negative control: a reload comes back within the wait, and the agent stays signed in', async ({ sso, desktop, labClock, records }) => {
    await sso.signIn();
    await desktop.page.reload();
    await expect(desktop.extensionInput).toBeVisible();
    await expect.poll(() => records.events('presence').map((event) => event.detail.state)).toEqual(['available', 'unavailable', 'available']);
    await labClock.advance('3m');
    expect(records.count('sign-out')).toBe(0);
  });
});
