import { expect, test } from '../../../fixtures/index.ts';
import { analyzeInputs } from '../../../src/analyzer/analyze.ts';
import { desktopLogStart } from '../../../src/kernel/desktop-log.ts';

for (const skewS of [600, -1200]) {
  const direction = skewS > 0 ? 'ahead' : 'behind';
  test.describe(`the agent's computer clock ${Math.abs(skewS) / 60} minutes ${direction}`, { tag: '@fault' }, () => {
    test.use({ labSettings: { agentClockSkewS: skewS } });

    test(`the desktop refreshes ${direction === 'ahead' ? 'early' : 'late (token expired)'}; its client log shows the skew to the analyzer`, async ({
      sso,
      desktop,
      labClock,
      records,
      mockLab: mock,
    }) => {
      const settings = mock.settings();
      await sso.signIn();
      await labClock.runUntil(() => records.count('refresh-ok') > 0, { max: '2h', description: 'the first refresh' });
      const [issued] = records.signIns();
      const refreshedAt = records.events('refresh-ok')[0]!.at;
      // The desktop counts 75 % from the server's Date header on its own, skewed clock.
      expect(refreshedAt).toComeAfter(issued!.at, (settings.refreshAtFraction * settings.accessTtlS - skewS) * 1000);
      if (skewS < 0) expect(refreshedAt - issued!.at, 'the access token had expired before the refresh').toBeGreaterThan(settings.accessTtlS * 1000);

      await desktop.sendErrorReport();
      const report = await analyzeInputs([mock.logs.root]);
      expect(report.findings.map((finding) => finding.signature)).toEqual(['clock-skew']);
      // The upload of a client line takes a moment of real time: the skew seen is within seconds of the setting.
      const seen = /ran up to (\d+) min(?: (\d+) s)? (ahead of|behind) the Finesse server's/.exec(report.findings[0]!.summary);
      expect(seen, report.findings[0]!.summary).not.toBeNull();
      expect(seen![3]).toBe(skewS > 0 ? 'ahead of' : 'behind');
      expect(Math.abs(Number(seen![1]) * 60 + Number(seen![2] ?? 0) - Math.abs(skewS))).toBeLessThanOrEqual(5);
    });
  });
}

test.describe('negative control: the agent clock in step', { tag: '@fault' }, () => {
  test('the refresh comes at 75 % and the analyzer finds no skew', async ({ sso, desktop, labClock, records, mockLab: mock }) => {
    await sso.signIn();
    await labClock.runUntil(() => records.count('refresh-ok') > 0, { max: '1h', description: 'the first refresh' });
    await desktop.sendErrorReport();
    expect(records).toHaveLogged(desktopLogStart('refreshed'), { times: 1 });
    expect((await analyzeInputs([mock.logs.root])).findings).toEqual([]);
  });
});
