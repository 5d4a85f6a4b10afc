import { expect, test } from '../../fixtures/index.ts';

/** Lab-time tolerance for a refresh moment: stepping is exact, sign-in itself takes a few real seconds. */

test.describe('token refresh', { tag: '@refresh' }, () => {
  test('a healthy session refreshes at 75 % of each lifetime for three hours of lab time, no banner', async ({
    sso,
    desktop,
    labClock,
    tokens,
    records,
    mockLab: mock,
  }) => {
    const lifetimeMs = mock.settings().accessTtlS * 1000;
    await sso.signIn();
    // Refreshes at 45, 90, 135 and 180 min: three full lifetimes at the default 3600 s.
    const states: ('Ready' | 'Not Ready')[] = ['Ready', 'Not Ready', 'Ready', 'Not Ready'];
    for (const [index, state] of states.entries()) {
      const before = await tokens.snapshot(`before refresh ${index + 1}`);
      await labClock.runUntil(() => records.count('refresh-ok') > index, { max: lifetimeMs, description: `refresh ${index + 1}` });
      const issued = records.events('tokens-issued');
      const refreshedAt = records.events('refresh-ok')[index]!.at;
      expect(refreshedAt, `refresh ${index + 1} at 75 % of the lifetime`).toComeAfter(issued[index]!.at, 0.75 * lifetimeMs);
      const after = await tokens.snapshot(`after refresh ${index + 1}`);
      expect(after.accessFingerprint, 'the desktop keeps the new access token').not.toBe(before.accessFingerprint);
      await desktop.setState(state);
      await expect(desktop.banner).toBeHidden();
    }
    // Four refreshes at 75 % land a little short of 3 h (the Date header counts whole seconds): run out the rest.
    const threeLifetimesAt = records.events('tokens-issued')[0]!.at + 3 * lifetimeMs;
    await labClock.advance(Math.max(0, threeLifetimesAt - labClock.now()));
    await expect(desktop.banner).toBeHidden();
    expect(records.count('refresh-refused')).toBe(0);
    expect(labClock.now()).toBeGreaterThanOrEqual(threeLifetimesAt);
  });
});
