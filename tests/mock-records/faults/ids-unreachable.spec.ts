import { expect, test } from '../../../fixtures/index.ts';
import type { LabClock } from '../../../fixtures/lab-clock.ts';
import type { LabRecords } from '../../../fixtures/lab-records.ts';
import type { Lab } from '../../../mock/lab.ts';
import type { SsoSignIn } from '../../../fixtures/sso.ts';
import { desktopLogStart } from '../../../src/kernel/desktop-log.ts';

/** The outage starts this long before the refresh is due (75 % of the lifetime). */
const LEAD_MS = 60_000;
/** Signs in and, `LEAD_MS` before the first refresh is due, takes the IdS down for `outageS` of lab time. */
async function signInThenOutage(
  { sso, labClock, mockLab: mock, records }: { sso: SsoSignIn; labClock: LabClock; mockLab: Lab; records: LabRecords },
  outageS: number,
) {
  const settings = mock.settings();
  await sso.signIn();
  const signedInAt = records.signIns()[0]!.at;
  await labClock.advance(signedInAt + settings.refreshAtFraction * settings.accessTtlS * 1000 - LEAD_MS - labClock.now());
  mock.configure({ fault: 'ids-unreachable', faultDurationS: outageS });
}

/** Tries while the banner counts down: every 60 s, the last one before the 10-minute sign-out. */
const GRACE_TRIES = 9;

test.describe('IdS unreachable during a refresh', { tag: '@fault' }, () => {
  test('an outage past the grace period: 503s, banner, a try a minute, sign-out; nothing refused', async ({ sso, desktop, labClock, mockLab, records }) => {
    await signInThenOutage({ sso, labClock, mockLab, records }, 30 * 60);

    await labClock.runUntil(() => desktop.banner.isVisible(), { max: '10m', description: 'the session banner' });
    await desktop.expectBanner();
    expect(records.clientLogLines(desktopLogStart('refreshFailed')).map((line) => /Refresh failed \((\d+)\)/.exec(line)![1])).toEqual(['503', '503', '503']);

    await labClock.runUntil(() => desktop.isSignedOut(), { max: '11m', description: 'the forced sign-out' });
    await desktop.expectSignedOut(/could not be kept active/);
    expect(records).toHaveLogged(`${desktopLogStart('stillFailing')}503)`, { times: GRACE_TRIES });
    expect(mockLab.logs.read('webservices').filter((line) => line.includes('java.net.ConnectException: Connection refused'))).toHaveLength(4 + GRACE_TRIES);
    expect(records.count('refresh-refused'), 'the IdS never saw the requests').toBe(0);
  });

  test('the IdS back within the grace period: a try refreshes, the banner goes, the agent stays signed in', async ({
    sso,
    desktop,
    labClock,
    mockLab,
    records,
  }) => {
    await signInThenOutage({ sso, labClock, mockLab, records }, 450);

    await labClock.runUntil(() => desktop.banner.isVisible(), { max: '10m', description: 'the session banner' });
    await labClock.runUntil(async () => records.count('refresh-ok') > 0 && (await desktop.banner.isHidden()), {
      max: '10m',
      description: 'a refresh once the IdS is back',
    });
    await desktop.sendErrorReport();
    expect(records).toHaveLogged(`${desktopLogStart('refreshed')} after the banner; the session is kept`, { times: 1 });
    expect(records).toHaveLogged(`${desktopLogStart('stillFailing')}503)`, { times: 3 });
    await labClock.advance('15m');
    expect(records.count('sign-out')).toBe(0);
    expect(await desktop.isSignedOut()).toBe(false);
    await expect(desktop.agentState).toBeVisible();
  });

  test('negative control: the IdS back before the retries run out: a retry refreshes, no banner', async ({ sso, desktop, labClock, mockLab, records }) => {
    await signInThenOutage({ sso, labClock, mockLab, records }, 150);

    await labClock.runUntil(() => records.count('refresh-ok') > 0, { max: '10m', description: 'a refresh after the IdS is back' });
    await desktop.sendErrorReport();
    expect(records).toHaveLogged(desktopLogStart('refreshFailed'), { times: 2 });
    expect(mockLab.events.list({ type: 'fault' }).map((event) => event.detail.state)).toEqual(['down', 'up']);
    await labClock.advance('15m');
    await expect(desktop.banner).toBeHidden();
    await desktop.sendErrorReport();
    expect(records).not.toHaveLogged(desktopLogStart('retriesExhausted'));
  });
});
