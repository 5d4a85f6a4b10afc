import { expect, test } from '../../../fixtures/index.ts';
import { LabRecords } from '../../../fixtures/lab-records.ts';
import { SHORT_REFRESH_TTL_S } from '../../../src/faults/failure-modes.ts';

test.describe('refresh token expired before the desktop refreshes', { tag: '@fault' }, () => {
  test.describe('with a refresh-token lifetime shorter than the 45 minutes to the first refresh', () => {
    test.use({ labSettings: { refreshTtlS: SHORT_REFRESH_TTL_S } });

    test('every refresh is refused as expired (not as a mismatch), the banner comes after three retries', async ({ sso, desktop, labClock, lab, agent }) => {
      test.skip(!lab.mock, 'needs the embedded mock lab (lab-time control)');
      const mock = lab.mock!;
      const records = new LabRecords(mock, agent.username);
      await sso.signIn();
      await labClock.runUntil(() => desktop.banner.isVisible(), { max: '1h', description: 'the session banner' });
      await desktop.expectBanner();
      const [issued] = records.signIns();
      expect(records.events('refresh-refused').map((event) => event.detail.reason)).toEqual(['expired', 'expired', 'expired', 'expired']);
      expect(records.idsLogLines(`refresh token expired.. refresh token id ${String(issued!.detail.refreshId)} expired at ${new Date(Number(issued!.detail.refreshExpiry)).toISOString()}`)).toHaveLength(4);
      expect(records.idsLogLines('refresh token id mismatch')).toEqual([]);
    });
  });

  test.describe('negative control: a refresh-token lifetime longer than the refresh interval', () => {
    test.use({ labSettings: { refreshTtlS: 3000 } });

    test('the refresh at 45 minutes succeeds', async ({ sso, desktop, labClock, lab, agent }) => {
      test.skip(!lab.mock, 'needs the embedded mock lab (lab-time control)');
      const records = new LabRecords(lab.mock!, agent.username);
      await sso.signIn();
      await labClock.runUntil(() => records.count('refresh-ok') > 0, { max: '1h', description: 'the first refresh' });
      expect(records.count('refresh-refused')).toBe(0);
      await expect(desktop.banner).toBeHidden();
    });
  });
});
