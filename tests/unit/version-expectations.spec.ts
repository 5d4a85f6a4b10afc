import { expect, test } from '@playwright/test';
import { expectationsFor, NEWEST_KNOWN_VERSION, parseFinesseVersion } from '../../src/lab/version-expectations.ts';

test.describe('expectations keyed by Finesse version', () => {
  test('versions parse with their Engineering Special level; "ES" without a number counts as none', () => {
    expect(parseFinesseVersion('12.6(2)')).toEqual([12, 6, 2, 0]);
    expect(parseFinesseVersion('12.5(1)ES1')).toEqual([12, 5, 1, 1]);
    expect(parseFinesseVersion('12.5(1) ES')).toEqual([12, 5, 1, 0]);
    expect(parseFinesseVersion('11.6(1) ES10')).toEqual([11, 6, 1, 10]);
    expect(parseFinesseVersion('twelve')).toBeUndefined();
  });

  test(
    '12.6(2): signed tokens, the token API query form, three retries, 10 minutes, refresh at 75 %',
    { annotation: { type: 'detail', description: 'signed tokens possible' } },
    () => {
      const { expectations, warning } = expectationsFor('12.6(2)');
      expect(warning).toBeUndefined();
      expect(expectations.signedAccessTokens.value).toBe(true);
      expect(expectations.tokenQueryForm.value).toBe(true);
      expect(expectations.retriesBeforeBanner).toMatchObject({ value: 3, status: 'confirmed' });
      expect(expectations.graceMinutes).toMatchObject({ value: 10, status: 'inferred' });
      expect(expectations.refreshAtFraction.value).toBe(0.75);
      expect(expectations.refreshRequest.value).toEqual({ method: 'POST', path: '/desktop/sso/token' });
    },
  );

  test('an Engineering Special moves a version across a key: 12.5(1) ES has no query form, 12.5(1)ES1 has it', () => {
    expect(expectationsFor('12.5(1) ES').expectations.tokenQueryForm.value).toBe(false);
    expect(expectationsFor('12.5(1)ES1').expectations.tokenQueryForm.value).toBe(true);
    expect(expectationsFor('12.5(1)ES1').expectations.signedAccessTokens.value).toBe(false);
    expect(expectationsFor('12.0(1)ES2').expectations.tokenQueryForm.value).toBe(false);
    expect(expectationsFor('12.0(1)ES3').expectations.tokenQueryForm.value).toBe(true);
  });

  test('11.6(1): cookie only before ES10; encrypted tokens; the same retries and grace as the seed', () => {
    const { expectations, warning } = expectationsFor('11.6(1)');
    expect(warning).toBeUndefined();
    expect(expectations.tokenQueryForm.value).toBe(false);
    expect(expectationsFor('11.6(1)ES10').expectations.tokenQueryForm.value).toBe(true);
    expect(expectations.signedAccessTokens.value).toBe(false);
    expect(expectations.retriesBeforeBanner.value).toBe(3);
    expect(expectations.graceMinutes.value).toBe(10);
  });

  test('a version after every key takes the newest values without a warning', () => {
    const resolved = expectationsFor('15.0(1)');
    expect(resolved.warning).toBeUndefined();
    expect(resolved.expectations).toEqual(expectationsFor(NEWEST_KNOWN_VERSION).expectations);
  });

  test('an unknown or missing version gets the newest known expectations, with a warning', () => {
    expect(NEWEST_KNOWN_VERSION).toBe('12.6(2)');
    const unknown = expectationsFor('Finesse X');
    expect(unknown.expectations).toEqual(expectationsFor('12.6(2)').expectations);
    expect(unknown.warning).toBe('Finesse version "Finesse X" not recognised; using the expectations of 12.6(2), the newest known');
    expect(expectationsFor(undefined).warning).toMatch(
      /^no Finesse version known \(set FINESSE_VERSION: no Finesse API gives it\); using the expectations of 12\.6\(2\)/,
    );
  });

  test("a version before SSO gets the first SSO release's expectations, with a warning", () => {
    const resolved = expectationsFor('10.5(1)');
    expect(resolved.warning).toBe('Finesse 10.5(1) predates SSO (11.5(1)); using the expectations of 11.5(1)');
    expect(resolved.expectations.tokenQueryForm.value).toBe(false);
  });

  test('the default banner pattern accepts only "signed out" or "logged out" wording with "10 minutes"', () => {
    const pattern = new RegExp(expectationsFor('12.6(2)').expectations.bannerPattern.value, 'i');
    expect('There are problems keeping your signed-in session active. You will be signed out in 10 minutes.').toMatch(pattern);
    expect('Your session could not be renewed; you will be logged out in 10 minutes.').toMatch(pattern);
    expect('You will be Logged Off in 10 minutes').toMatch(pattern);
    expect('You will be signed out in 5 minutes.').not.toMatch(pattern);
    expect('Signed in 10 minutes ago').not.toMatch(pattern);
    expect('Session expires in 10 minutes').not.toMatch(pattern);
  });
});
