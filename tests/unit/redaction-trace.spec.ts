import { unzipSync, zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { findTokenShapedStrings, plantCanaries, redactArtifact } from '../../src/redaction/index.ts';
import { FONT, JPEG_FRAME, buildSyntheticTrace } from './fixtures/redaction/synthetic-trace.ts';
import type { TraceSecrets } from './fixtures/redaction/synthetic-trace.ts';
import { scanBytes, text } from './fixtures/redaction/scan-bytes.ts';

const canaries = plantCanaries();
const secrets: TraceSecrets = {
  userName: 'Agent2',
  password: canaries.password,
  accessToken: canaries.accessToken,
  refreshToken: canaries.refreshToken,
  cookie: canaries.cookie,
  samlResponse: canaries.samlResponse,
  code: canaries.authorizationCode,
  unknownFieldText: `otp-${canaries.marker}-typed`,
};
const input = buildSyntheticTrace(secrets);
const result = redactArtifact('trace.zip', input);
if (result.kind !== 'redacted') throw new Error(`trace withheld: ${result.reason}`);
const entries = unzipSync(result.bytes);
const events = (name: string): Record<string, unknown>[] =>
  text(entries[name] ?? new Uint8Array())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const traceEvents = events('trace.trace');
const call = (callId: string, type: string): Record<string, unknown>[] => traceEvents.filter((event) => event.callId === callId && event.type === type);
const snapshotsOf = (callId: string): string[] =>
  traceEvents
    .filter((event) => event.type === 'frame-snapshot' && (event.snapshot as { callId: string }).callId === callId)
    .map((event) => JSON.stringify(event));

test.describe('Playwright trace redaction (synthetic trace in the 1.65 format)', () => {
  test('the input carries every planted secret, the output none, in any encoding or zip entry', async () => {
    const planted = [...canaries.secrets, { label: 'unknown-field', value: secrets.unknownFieldText }];
    const before = await scanBytes('trace.zip', input, planted);
    expect(new Set(before.map((hit) => hit.kind === 'secret' && hit.label))).toEqual(
      new Set(['password', 'access-token', 'refresh-token', 'cookie', 'saml-response', 'code', 'canary-marker', 'unknown-field']),
    );
    expect(await scanBytes('trace.zip', result.bytes, planted)).toEqual([]);
    for (const bytes of Object.values(entries)) expect(findTokenShapedStrings(Buffer.from(bytes).toString('latin1'))).toEqual([]);
  });

  test('a typed password is replaced in the fill action and its log, and blanked in every DOM snapshot', () => {
    const [fill] = call('call@12', 'before');
    expect((fill?.params as { value: string }).value).toBe('[password]');
    expect(call('call@12', 'log').map((event) => event.message)).toEqual([
      "waiting for locator('#passwordInput')",
      `  fill("${(fill?.params as { value: string }).value}")`,
    ]);
    const passwordInputs = traceEvents
      .filter((event) => event.type === 'frame-snapshot')
      .flatMap((event) => JSON.stringify(event).match(/\["INPUT",\{[^\]]*"type":"password"[^\]]*\}\]/g) ?? []);
    expect(passwordInputs.length).toBeGreaterThan(0);
    for (const element of passwordInputs) expect(element).toContain('"__playwright_value_":""');
  });

  test('the user name typed into a plain field stays readable, in the action, its log and the snapshots', () => {
    expect(call('call@10', 'before')[0]?.params).toMatchObject({ selector: '#userNameInput', value: 'Agent2' });
    expect(call('call@10', 'log')[0]?.message).toBe('  fill("Agent2")');
    expect(snapshotsOf('call@10').join()).toContain('"__playwright_value_":"Agent2"');
  });

  test('text typed into a field the trace has no snapshot of is treated as secret', () => {
    expect((call('call@13', 'before')[0]?.params as { text: string }).text).toMatch(/^\[typed-text #[0-9a-f]{4}\]$/);
    expect(call('call@13', 'log')[0]?.message).toMatch(/^elementHandle\.type\("\[typed-text #[0-9a-f]{4}\]"\)$/);
  });

  test('hidden SAML inputs, DOM text, console messages, evaluate() arguments and storage state are redacted', () => {
    const afterLogin = snapshotsOf('call@8').join();
    expect(afterLogin).toMatch(/"name":"SAMLResponse","value":"\[saml-response #[0-9a-f]{4}\]"/);
    expect(afterLogin).toMatch(/\["DIV",\{"id":"out"\},"\[jwe #[0-9a-f]{4}\]"\]/);
    expect(afterLogin).toContain('"href":"https://finesse.lab.test/desktop?code=%5Bcode%20%23');
    const consoleTexts = traceEvents.filter((event) => event.type === 'console').map((event) => event.text);
    expect(consoleTexts[0]).toMatch(/^got token \[jwe #[0-9a-f]{4}\]$/);
    expect(consoleTexts[1]).toMatch(/^\{"token":"\[access-token #[0-9a-f]{4}\]","refresh_token":"\[refresh-token #[0-9a-f]{4}\]"\}$/);
    expect(JSON.stringify(call('call@14', 'before')[0]?.params)).toMatch(/"arg":\{"value":\{"s":"\[script-argument #[0-9a-f]{4}\]"\},"handles":\[\]\}/);
    const state = call('call@16', 'after')[0]?.result as {
      cookies: { name: string; value: string; domain: string }[];
      origins: { localStorage: { name: string; value: string }[] }[];
    };
    expect(state.cookies[0]).toMatchObject({ name: 'JSESSIONID', domain: 'finesse.lab.test', value: expect.stringMatching(/^\[cookie #/) });
    expect(state.origins[0]?.localStorage[0]).toMatchObject({ name: 'finesse-refresh', value: expect.stringMatching(/^\[storage #/) });
    expect((call('call@4', 'before')[0]?.params as { cookies: { value: string }[] }).cookies[0]?.value).toMatch(/^\[cookie #/);
  });

  test('network records: headers, cookies and form params; bodies in resources/ by their MIME type', () => {
    const network = events('trace.network')
      .map((event) => JSON.stringify(event))
      .join('\n');
    expect(network).toMatch(/"name":"Cookie","value":"JSESSIONID=\[cookie #[0-9a-f]{4}\]"/);
    expect(network).toMatch(/"name":"Authorization","value":"Bearer \[authorization #[0-9a-f]{4}\]"/);
    expect(network).toMatch(/"name":"refresh-token","value":"\[refresh-token #[0-9a-f]{4}\]"/);
    const resources = Object.entries(entries).filter(([name]) => name.startsWith('resources/'));
    const body = (extension: string): string => text(resources.find(([name]) => name.endsWith(extension))?.[1] ?? new Uint8Array());
    expect(body('.json')).toMatch(
      /^\{"token":"\[access-token #[0-9a-f]{4}\]","refresh_token":"\[refresh-token #[0-9a-f]{4}\]","expires_in":3600,"user_id":"Agent2"\}$/,
    );
    expect(body('.dat')).toMatch(/^token=%5Baccess-token%20%23[0-9a-f]{4}%5D&refresh-token=%5Brefresh-token%20%23[0-9a-f]{4}%5D$/);
    expect(body('.html')).toMatch(/<input type="hidden" name="SAMLResponse" value="\[saml-response #[0-9a-f]{4}\]">/);
  });

  test('the same token has the same fingerprint in the network log, the console and the DOM', () => {
    const all = Object.values(entries)
      .map((bytes) => Buffer.from(bytes).toString('latin1'))
      .join('\n');
    const fingerprints = new Set([...all.matchAll(/\[(?:access-token|jwe|authorization) #([0-9a-f]{4})\]/g)].map((match) => match[1]));
    expect(fingerprints.size).toBe(1);
  });

  test(
    'screencast frames are kept byte for byte; an unknown binary resource is withheld and listed',
    { annotation: { type: 'detail', description: 'names kept' } },
    () => {
      const names = Object.keys(unzipSync(input));
      const fontName = names.find((name) => name.endsWith('.woff2')) ?? '';
      expect(Object.keys(entries).sort()).toEqual(names.filter((name) => name !== fontName).sort());
      const frame = names.find((name) => name.startsWith('screencast/')) ?? '';
      expect(entries[frame]).toEqual(JPEG_FRAME);
      expect(FONT.length).toBeGreaterThan(0);
      expect(result.withheldParts).toEqual([{ part: fontName, reason: 'binary resource of type font/woff2' }]);
    },
  );

  test('redacting the redacted trace again changes nothing', () => {
    const again = redactArtifact('trace.zip', result.bytes);
    if (again.kind !== 'redacted') throw new Error(again.reason);
    const second = unzipSync(again.bytes);
    expect(Object.keys(second).sort()).toEqual(Object.keys(entries).sort());
    for (const [name, bytes] of Object.entries(entries)) expect(text(second[name] ?? new Uint8Array()), name).toBe(text(bytes));
  });

  test('a trace with a line that is not JSON is withheld as a whole', () => {
    const broken = unzipSync(input);
    broken['trace.trace'] = new TextEncoder().encode(`${text(broken['trace.trace'] ?? new Uint8Array())}{"type":"console","text":"cut off`);
    const withheld = redactArtifact('trace.zip', zipSync(broken));
    expect(withheld).toEqual({ kind: 'withheld', reason: 'trace.trace line 34 is not JSON' });
  });
});

test.describe('HAR zip (recordHar with content: attach)', () => {
  test('har.har and the bodies at the zip root are redacted by the MIME type the HAR gives them', () => {
    const encoder = new TextEncoder();
    const entry = (url: string, mimeType: string, file: string, postData?: unknown): unknown => ({
      request: { method: postData ? 'POST' : 'GET', url, headers: [], cookies: [], ...(postData ? { postData } : {}) },
      response: { status: 200, headers: [], cookies: [], content: { size: 1, mimeType, compression: 0, _file: file } },
    });
    const har = {
      log: {
        version: '1.2',
        entries: [
          entry('https://finesse.lab.test/desktop/sso/token', 'application/json', '3b4c.json', {
            mimeType: 'application/x-www-form-urlencoded',
            text: '',
            params: [],
            _file: '86ed.txt',
          }),
          entry('https://idp.lab.test/adfs/ls/', 'text/html', '2a73.html'),
        ],
      },
    };
    const zip = zipSync({
      'har.har': encoder.encode(JSON.stringify(har)),
      '3b4c.json': encoder.encode(`{"access_token":"${secrets.accessToken}","refresh_token":"opaque-refresh-0123456789"}`),
      '86ed.txt': encoder.encode('token=opaque-access-0123456789&refresh-token=opaque-refresh-0123456789'),
      '2a73.html': encoder.encode('<input type="password" name="Password" value="hunter22!">'),
    });
    const redacted = redactArtifact('network.zip', zip);
    if (redacted.kind !== 'redacted') throw new Error(redacted.reason);
    const out = unzipSync(redacted.bytes);
    expect(text(out['3b4c.json'] ?? new Uint8Array())).toMatch(
      /^\{"access_token":"\[access-token #[0-9a-f]{4}\]","refresh_token":"\[refresh-token #[0-9a-f]{4}\]"\}$/,
    );
    expect(text(out['86ed.txt'] ?? new Uint8Array())).toMatch(/^token=%5Baccess-token%20%23[0-9a-f]{4}%5D&refresh-token=%5Brefresh-token%20%23[0-9a-f]{4}%5D$/);
    expect(text(out['2a73.html'] ?? new Uint8Array())).toMatch(/^<input type="password" name="Password" value="\[password\]">$/);
  });
});
