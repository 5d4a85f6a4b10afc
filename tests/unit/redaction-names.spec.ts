import { expect, test } from '@playwright/test';
import { normalizeFieldName, sensitiveLabelFor } from '../../src/redaction/sensitive-names.ts';

test.describe('sensitive field names', () => {
  test('case and separators do not matter', () => {
    for (const name of ['refresh_token', 'refresh-token', 'refreshToken', 'Refresh-Token', 'REFRESH TOKEN']) {
      expect(normalizeFieldName(name), name).toBe('refreshtoken');
      expect(sensitiveLabelFor(name), name).toBe('refresh-token');
    }
  });

  test('every word of the Cloudflare, Google and Okta sanitizer lists is sensitive', () => {
    const cloudflare = [
      'Authorization',
      'SAMLRequest',
      'SAMLResponse',
      'access_token',
      'appID',
      'assertion',
      'auth',
      'authenticity_token',
      'challenge',
      'client_id',
      'client_secret',
      'code',
      'code_challenge',
      'code_verifier',
      'email',
      'facetID',
      'fcParams',
      'id_token',
      'password',
      'refresh_token',
      'serverData',
      'shdf',
      'state',
      'token',
      'usg',
      'vses2',
      'x-client-data',
    ];
    const google = [
      'state',
      'shdf',
      'usg',
      'password',
      'email',
      'code',
      'code_verifier',
      'client_secret',
      'client_id',
      'token',
      'access_token',
      'authenticity_token',
      'id_token',
      'appID',
      'challenge',
      'facetID',
      'assertion',
      'fcParams',
      'serverData',
      'Authorization',
      'auth',
      'x-client-data',
      'SAMLRequest',
      'SAMLResponse',
    ];
    for (const name of [...cloudflare, ...google]) expect(sensitiveLabelFor(name), name).toBeDefined();
  });

  test('Finesse, IdS and HTTP names map to readable labels', () => {
    expect(sensitiveLabelFor('token')).toBe('access-token'); // Finesse refresh form and token response
    expect(sensitiveLabelFor('refresh-token')).toBe('refresh-token');
    expect(sensitiveLabelFor('Password')).toBe('password');
    expect(sensitiveLabelFor('passwordInput')).toBe('password');
    expect(sensitiveLabelFor('RelayState')).toBe('relay-state');
    expect(sensitiveLabelFor('uniqueId')).toBe('unique-id');
    expect(sensitiveLabelFor('Set-Cookie')).toBe('cookie');
    expect(sensitiveLabelFor('Cookie')).toBe('cookie');
    expect(sensitiveLabelFor('X-Auth-Token')).toBe('x-auth-token');
    expect(sensitiveLabelFor('csrfToken')).toBe('csrf-token');
    expect(sensitiveLabelFor('JSESSIONID')).toBe('jsessionid');
    expect(sensitiveLabelFor('x-api-key')).toBe('x-api-key');
  });

  test('names that carry no secret are not flagged', () => {
    for (const name of [
      'UserName',
      'username',
      'user_id',
      'upn',
      'realm',
      'expires_in',
      'token_type',
      'grant_type',
      'scope',
      'Content-Type',
      'Location',
      'rt',
      'usage',
      'expiry',
      'name',
      'value',
      '',
    ]) {
      expect(sensitiveLabelFor(name), name).toBeUndefined();
    }
  });
});
