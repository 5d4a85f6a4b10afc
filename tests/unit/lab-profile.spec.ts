import { expect, test } from '@playwright/test';
import { diffProfiles, type LabProfile } from '../../src/lab/lab-profile.ts';

const BEFORE: LabProfile = {
  surveyedAt: '2026-11-01T00:00:00.000Z',
  desktopUrl: 'https://finesse.example.com:8445/desktop',
  finesseVersion: '12.6(1)',
  tokenLocation: { kind: 'sessionStorage', name: 'finesse.sso.token' },
  tokenResponse: {
    method: 'GET',
    path: '/desktop/sso/token',
    fields: ['token', 'refresh_token', 'expires_in'],
    expiresInS: 3600,
    headers: { 'cache-control': 'private, max-age=36000' },
  },
  refreshRequest: { method: 'POST', path: '/desktop/sso/token', parameters: ['token', 'refresh-token'] },
};

test.describe('survey --diff', () => {
  test('after an upgrade: changed, added and removed fields, one line each; the survey time is not a change', () => {
    const after: LabProfile = {
      ...BEFORE,
      surveyedAt: '2026-11-20T00:00:00.000Z',
      finesseVersion: '12.6(2)',
      tokenResponse: { ...BEFORE.tokenResponse!, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } },
      refreshRequest: undefined,
    };
    expect(diffProfiles(BEFORE, after)).toEqual([
      '~ finesseVersion: "12.6(1)" → "12.6(2)"',
      '- refreshRequest.method: "POST"',
      '- refreshRequest.parameters: ["token","refresh-token"]',
      '- refreshRequest.path: "/desktop/sso/token"',
      '~ tokenResponse.headers.cache-control: "private, max-age=36000" → "no-store"',
      '+ tokenResponse.headers.pragma: "no-cache"',
    ]);
  });

  test(
    'the banner part: a changed wording, retry count or countdown shows; real-time jitter does not',
    { annotation: { type: 'detail', description: 'jitter: 2 s or 10 % in the timings' } },
    () => {
      const observed: LabProfile = {
        ...BEFORE,
        sessionFailure: {
          cause: 'the access token handed out at sign-in put back in sessionStorage "finesse.sso.token" after the first refresh',
          failedRefreshes: { atS: [0, 60, 120, 180], statuses: [401, 401, 401, 401] },
          banner: { role: 'alert', text: 'You will be signed out in 10 minutes. m:ss', afterFirstFailureS: 180, failedRefreshesBefore: 4, countdownS: 600 },
          signOut: { afterBannerS: 611, path: '/desktop/signed-out', heading: 'Signed out', text: 'Signed out' },
        },
      };
      const jittered: LabProfile = {
        ...observed,
        sessionFailure: {
          ...observed.sessionFailure!,
          failedRefreshes: { atS: [0, 61, 121, 182], statuses: [401, 401, 401, 401] },
          banner: { role: 'alert', text: 'You will be signed out in 10 minutes. m:ss', afterFirstFailureS: 182, failedRefreshesBefore: 4, countdownS: 599 },
          signOut: { afterBannerS: 640, path: '/desktop/signed-out', heading: 'Signed out', text: 'Signed out' },
        },
      };
      expect(diffProfiles(observed, jittered)).toEqual([]);
      const upgraded: LabProfile = {
        ...observed,
        sessionFailure: {
          ...observed.sessionFailure!,
          failedRefreshes: { atS: [0, 60], statuses: [401, 503] },
          banner: { role: 'status', text: 'You will be logged out in 5 minutes. m:ss', afterFirstFailureS: 60, failedRefreshesBefore: 2, countdownS: 300 },
        },
      };
      expect(diffProfiles(observed, upgraded)).toEqual([
        '~ sessionFailure.banner.afterFirstFailureS: 180 → 60',
        '~ sessionFailure.banner.countdownS: 600 → 300',
        '~ sessionFailure.banner.failedRefreshesBefore: 4 → 2',
        '~ sessionFailure.banner.role: "alert" → "status"',
        '~ sessionFailure.banner.text: "You will be signed out in 10 minutes. m:ss" → "You will be logged out in 5 minutes. m:ss"',
        '~ sessionFailure.failedRefreshes.atS: [0,60,120,180] → [0,60]',
        '~ sessionFailure.failedRefreshes.statuses: [401,401,401,401] → [401,503]',
      ]);
      expect(diffProfiles({ ...BEFORE, sessionFailure: { skipped: 'disruptive: …' } }, observed)).toContain('- sessionFailure.skipped: "disruptive: …"');
    },
  );

  test('the same lab surveyed twice has no changes', () => {
    expect(diffProfiles(BEFORE, { ...BEFORE, surveyedAt: '2026-12-01T00:00:00.000Z' })).toEqual([]);
  });
});
