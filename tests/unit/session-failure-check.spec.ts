import { expect, test } from '@playwright/test';
import type { SessionFailure } from '../../src/lab/lab-profile.ts';
import { sessionFailureWarnings } from '../../src/lab/session-failure-check.ts';
import { bannerPatternFor, expectationsFor } from '../../src/lab/version-expectations.ts';

const facts = expectationsFor('12.6(2)').expectations;
const pattern = bannerPatternFor(undefined, facts);

/** What the seed lab shows: three retries a minute apart, an alert with a 10-minute countdown, the sign-out 10 minutes later. */
const AS_EXPECTED: SessionFailure = {
  cause: 'the access token handed out at sign-in put back in sessionStorage "finesse.sso.token" after the first refresh',
  failedRefreshes: { atS: [0, 60, 121, 180], statuses: [401, 401, 401, 401] },
  banner: {
    role: 'alert',
    text: 'There are problems keeping your signed-in session active. You will be signed out in 10 minutes. Signing out in m:ss',
    afterFirstFailureS: 180,
    failedRefreshesBefore: 4,
    countdownS: 599,
  },
  signOut: { afterBannerS: 611, path: '/desktop/signed-out', heading: 'Signed out', text: 'Signed out' },
};

test.describe('survey: the banner observed against the version expectations', () => {
  test('what the seed lab shows gives no warning; a skipped banner part gives none either', () => {
    expect(sessionFailureWarnings(AS_EXPECTED, facts, pattern)).toEqual([]);
    expect(sessionFailureWarnings({ skipped: 'disruptive' }, facts, pattern)).toEqual([]);
  });

  test('one warning per difference: injection, retries, spacing, wording, countdown, sign-out time', () => {
    const observed: SessionFailure = {
      cause: 'x',
      withoutEffect: ['the token put back in sessionStorage "t": the next refresh was answered'],
      failedRefreshes: { atS: [0, 1], statuses: [401, 401] },
      banner: { role: 'status', text: 'Your session is ending.', afterFirstFailureS: 1, failedRefreshesBefore: 2, countdownS: 5 },
      signOut: { afterBannerS: 5, path: '/desktop/signed-out', text: 'Signed out' },
    };
    const warnings = sessionFailureWarnings(observed, facts, pattern);
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toBe(
      'injection without effect: the token put back in sessionStorage "t": the next refresh was answered; the survey fell back on the field path',
    );
    expect(warnings[1]).toMatch(/^failed refreshes came 1 s apart; expected retryIntervalS=60 \(inferred: /);
    expect(warnings[2]).toMatch(/^the banner came after 2 failed refreshes \(1 retries\); expected retriesBeforeBanner=3 \(confirmed: /);
    expect(warnings[3]).toBe(`the banner's text does not match ${pattern}: put its wording in BANNER_PATTERN`);
    expect(warnings[4]).toMatch(/^the banner's countdown showed 5 s; expected graceMinutes=10 \(inferred: /);
    expect(warnings[5]).toMatch(/^the agent was signed out 5 s after the banner; expected graceMinutes=10/);
  });

  test('what did not come within its bound is a warning; a banner without a countdown is one too', () => {
    expect(
      sessionFailureWarnings(
        { cause: 'x', failedRefreshes: { atS: [], statuses: [] }, notSeen: ['a failed refresh within 420 s (refreshes answered meanwhile: 1)'] },
        facts,
        pattern,
      ),
    ).toEqual(['not seen: a failed refresh within 420 s (refreshes answered meanwhile: 1)']);
    const withoutCountdown: SessionFailure = {
      ...AS_EXPECTED,
      banner: { ...AS_EXPECTED.banner!, countdownS: undefined },
      signOut: undefined,
      notSeen: ['a sign-out within 630 s of the banner'],
    };
    expect(sessionFailureWarnings(withoutCountdown, facts, pattern)).toEqual([
      'not seen: a sign-out within 630 s of the banner',
      expect.stringMatching(/^the banner shows no countdown: the wait for the sign-out falls back on the expected graceMinutes=10 \(inferred: /),
    ]);
  });
});
