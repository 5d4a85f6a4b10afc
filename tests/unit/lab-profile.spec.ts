import { expect, test } from '@playwright/test';
import { diffProfiles, type LabProfile } from '../../src/lab/lab-profile.ts';

const BEFORE: LabProfile = {
  surveyedAt: '2026-11-01T00:00:00.000Z',
  desktopUrl: 'https://finesse.example.com:8445/desktop',
  finesseVersion: '12.6(1)',
  tokenLocation: { kind: 'sessionStorage', name: 'finesse.sso.token' },
  tokenResponse: { method: 'GET', path: '/desktop/sso/token', fields: ['token', 'refresh_token', 'expires_in'], expiresInS: 3600, headers: { 'cache-control': 'private, max-age=36000' } },
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

  test('the same lab surveyed twice has no changes', () => {
    expect(diffProfiles(BEFORE, { ...BEFORE, surveyedAt: '2026-12-01T00:00:00.000Z' })).toEqual([]);
  });
});
