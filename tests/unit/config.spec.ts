import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ConfigError, loadConfig } from '../../src/config/load.ts';
import { VARIABLES } from '../../src/config/variables.ts';
import { LAB_ENV } from './fixtures/lab-env.ts';

const NO_FILE = '/nonexistent/.env';
const LAB = LAB_ENV;

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig({ env, envFile: NO_FILE });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

test.describe('configuration', () => {
  test('defaults give a mock run', () => {
    const config = loadConfig({ env: {}, envFile: NO_FILE });
    expect(config.target).toBe('mock');
    expect(config.mock).toMatchObject({ profile: 'affected', tokenStorage: 'sessionCookie', accessTtlS: 3600, refreshTtlS: 36000 });
    expect(config.timeouts).toEqual({ navigationMs: 15000, actionMs: 10000, testMs: 60000 });
    expect(config.headless).toBe(true);
    expect(config.lab).toBeUndefined();
  });

  test('a complete lab configuration is accepted', () => {
    const config = loadConfig({ env: LAB, envFile: NO_FILE });
    expect(config.lab).toEqual({
      finesseUrl: LAB.FINESSE_URL,
      idsUrl: undefined,
      allowedHosts: ['finesse.example.com', 'ids.example.com'],
      certTrust: 'system',
      certSpki: [],
      hostMap: {},
      allowDisruptive: false,
    });
    expect(config.agent).toEqual({ username: 'agent1', password: LAB.AGENT_PASSWORD, extension: '1001' });
  });

  const badInputs: { name: string; env: Record<string, string>; expected: RegExp }[] = [
    { name: 'unknown TARGET', env: { TARGET: 'nonsense' }, expected: /^TARGET: "nonsense" is not allowed; expected one of: mock, lab$/ },
    { name: 'malformed URL', env: { ...LAB, FINESSE_URL: 'finesse:8445' }, expected: /^FINESSE_URL: "finesse:8445" is not an https:\/\/ URL/ },
    { name: 'plain http URL', env: { ...LAB, IDS_URL: 'http://ids.example.com' }, expected: /^IDS_URL: "http:\/\/ids.example.com" is not an https:\/\/ URL/ },
    { name: 'missing password in lab mode', env: { ...LAB, AGENT_PASSWORD: '' }, expected: /^AGENT_PASSWORD: is missing; required when TARGET=lab/ },
    {
      name: 'non-numeric time-out',
      env: { ACTION_TIMEOUT_MS: 'ten' },
      expected: /^ACTION_TIMEOUT_MS: "ten" is not a whole number; expected milliseconds from 500 to 600000$/,
    },
    {
      name: 'time-out out of range',
      env: { NAVIGATION_TIMEOUT_MS: '5' },
      expected: /^NAVIGATION_TIMEOUT_MS: 5 is too small; expected milliseconds from 1000 to 600000$/,
    },
    {
      name: 'unknown IdP kind',
      env: { IDP_KIND: 'shibboleth' },
      expected: /^IDP_KIND: "shibboleth" is not allowed; expected one of: adfs, okta, entra, ping, generic$/,
    },
    {
      name: 'extension with letters',
      env: { ...LAB, AGENT_EXTENSION: '10a1' },
      expected: /^AGENT_EXTENSION: "10a1" is not an extension; expected 2 to 15 digits/,
    },
    { name: 'unknown mock profile', env: { MOCK_PROFILE: 'broken' }, expected: /^MOCK_PROFILE: "broken" is not allowed; expected one of: affected, fixed$/ },
    { name: 'bad boolean', env: { HEADLESS: 'maybe' }, expected: /^HEADLESS: "maybe" is not allowed; expected one of: true, false, 1, 0, yes, no$/ },
    {
      name: 'browser binary that does not exist',
      env: { BROWSER_EXECUTABLE: '/no/such/chrome' },
      expected: /^BROWSER_EXECUTABLE: no file at "\/no\/such\/chrome"/,
    },
    {
      name: 'host map without addresses',
      env: { ...LAB, HOST_MAP: 'finesse.example.com' },
      expected: /^HOST_MAP: "finesse.example.com" is not a host map; expected comma-separated host=ip pairs/,
    },
    {
      name: 'mapped host outside the allow-list',
      env: { ...LAB, HOST_MAP: 'other.example.com=10.0.0.9' },
      expected: /^HOST_MAP: other.example.com not in LAB_ALLOWED_HOSTS/,
    },
    {
      name: 'desktop URL outside the allow-list',
      env: { ...LAB, FINESSE_URL: 'https://elsewhere.example.org/desktop' },
      expected: /^FINESSE_URL: host elsewhere.example.org is not in LAB_ALLOWED_HOSTS/,
    },
    {
      name: 'malformed SPKI hash',
      env: { ...LAB, LAB_CERT_TRUST: 'pin', LAB_CERT_SPKI: 'abc' },
      expected: /^LAB_CERT_SPKI: "abc" is not a list of SPKI hashes/,
    },
    {
      name: 'SPKI hashes without pinning',
      env: { ...LAB, LAB_CERT_SPKI: `${'A'.repeat(43)}=` },
      expected: /^LAB_CERT_SPKI: set while LAB_CERT_TRUST is not pin/,
    },
    {
      name: 'unknown certificate trust',
      env: { ...LAB, LAB_CERT_TRUST: 'ignore' },
      expected: /^LAB_CERT_TRUST: "ignore" is not allowed; expected one of: system, pin$/,
    },
    {
      name: 'banner pattern that is not a regular expression',
      env: { ...LAB, BANNER_PATTERN: '10 minutes(' },
      expected: /^BANNER_PATTERN: "10 minutes\(" is not a regular expression/,
    },
    {
      name: 'bad host list',
      env: { ...LAB, LAB_ALLOWED_HOSTS: 'https://finesse.example.com/' },
      expected: /^LAB_ALLOWED_HOSTS: .* is not a list of host names/,
    },
  ];
  for (const { name, env, expected } of badInputs) {
    test(`rejects ${name} with a message naming the variable`, () => {
      const problems = problemsOf(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(expected);
    });
  }

  test('lab settings: host map, pinned hashes, wildcard hosts and the disruptive switch are read', () => {
    const hash = `${'B'.repeat(43)}=`;
    const config = loadConfig({
      env: {
        ...LAB,
        LAB_ALLOWED_HOSTS: 'finesse.example.com,*.idp.example.com',
        HOST_MAP: 'finesse.example.com=10.0.0.5, sso.idp.example.com=fd00::7',
        LAB_CERT_TRUST: 'pin',
        LAB_CERT_SPKI: hash,
        ALLOW_DISRUPTIVE: 'yes',
      },
      envFile: NO_FILE,
    });
    expect(config.lab).toMatchObject({
      hostMap: { 'finesse.example.com': '10.0.0.5', 'sso.idp.example.com': 'fd00::7' },
      certTrust: 'pin',
      certSpki: [hash],
      allowDisruptive: true,
    });
  });

  test(
    'BANNER_PATTERN is optional and, when set, a case-insensitive pattern for mock and lab alike',
    { annotation: { type: 'detail', description: "unset, the version's expectation applies" } },
    () => {
      expect(loadConfig({ env: LAB, envFile: NO_FILE }).bannerPattern).toBeUndefined();
      const { bannerPattern } = loadConfig({ env: { BANNER_PATTERN: 'abmelden in 10 minuten' }, envFile: NO_FILE });
      expect('Sie werden in 10 Minuten abgemeldet').not.toMatch(bannerPattern!);
      expect('Abmelden in 10 Minuten').toMatch(bannerPattern!);
    },
  );

  test('every problem is reported at once', () => {
    const problems = problemsOf({ TARGET: 'lab', ACTION_TIMEOUT_MS: 'x', IDP_KIND: 'y' });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(
      ['ACTION_TIMEOUT_MS', 'AGENT_EXTENSION', 'AGENT_PASSWORD', 'AGENT_USERNAME', 'FINESSE_URL', 'IDP_KIND', 'LAB_ALLOWED_HOSTS'].sort(),
    );
  });

  test('secret values are never echoed', () => {
    const secret = 'Top-Secret-Value-42';
    let message = '';
    try {
      loadConfig({ env: { TARGET: 'nonsense', MOCK_AGENT_PASSWORD: secret, AGENT_PASSWORD: secret }, envFile: NO_FILE });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('TARGET');
    expect(message).not.toContain(secret);
  });

  test('.env.example documents every variable with its default', () => {
    const example = readFileSync('.env.example', 'utf8');
    for (const [name, spec] of Object.entries(VARIABLES)) {
      const line = 'defaultText' in spec ? `${name}=${spec.defaultText}` : `${name}=`;
      expect(example, `${name} in .env.example`).toContain(line);
    }
  });
});
