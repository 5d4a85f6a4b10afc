import { expect, test } from '@playwright/test';
import { HostNotAllowedError, hostResolverRules, isAllowedHost } from '../../src/browser/host-allow-list.ts';
import { labNetworkArgs } from '../../src/browser/launch-options.ts';

test.describe('host allow-list', () => {
  test('exact names and *.domain entries are allowed, nothing else', () => {
    const allowed = ['finesse.example.com', '*.idp.example.com'];
    expect(isAllowedHost('finesse.example.com', allowed)).toBe(true);
    expect(isAllowedHost('FINESSE.example.com', allowed)).toBe(true);
    expect(isAllowedHost('sso.idp.example.com', allowed)).toBe(true);
    expect(isAllowedHost('idp.example.com', allowed)).toBe(false);
    expect(isAllowedHost('finesse.example.com.evil.test', allowed)).toBe(false);
    expect(isAllowedHost('evilidp.example.com', allowed)).toBe(false);
  });

  test('resolver rules: mapped hosts first, then everything to NOTFOUND except the unmapped allowed hosts', () => {
    expect(
      hostResolverRules({ 'finesse.example.com': '10.0.0.5', 'ids.example.com': 'fd00::6' }, ['finesse.example.com', 'ids.example.com', '*.idp.example.com']),
    ).toBe('MAP finesse.example.com 10.0.0.5,MAP ids.example.com [fd00::6],MAP * ~NOTFOUND,EXCLUDE *.idp.example.com');
  });

  test('every lab launch carries the allow-list, even with nothing mapped', () => {
    expect(labNetworkArgs({ allowedHosts: ['finesse.example.com'], hostMap: {}, spkiHashes: [] })).toEqual([
      '--host-resolver-rules=MAP * ~NOTFOUND,EXCLUDE finesse.example.com',
    ]);
  });

  test('the refusal names the host and origin, never the path or query', () => {
    const error = new HostNotAllowedError(new URL('https://evil.example.test:8443/sso?SAMLRequest=abc&code=xyz'), ['finesse.example.com']);
    expect(error.host).toBe('evil.example.test');
    expect(error.message).toContain('evil.example.test:8443 (https://evil.example.test:8443)');
    expect(error.message).toContain('LAB_ALLOWED_HOSTS: finesse.example.com');
    expect(error.message).not.toMatch(/SAMLRequest|code=/);
  });
});
