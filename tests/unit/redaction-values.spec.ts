import { deflateSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { fingerprint } from '../../src/redaction/fingerprint.ts';
import { RedactionContext } from '../../src/redaction/redaction-context.ts';
import { redactAuthorization, redactCookieHeader, redactNamedValue, redactSetCookieHeader } from '../../src/redaction/http-headers.ts';
import { redactFormEncoded } from '../../src/redaction/form-encoded.ts';
import { redactUrl } from '../../src/redaction/url.ts';
import { redactJsonValue } from '../../src/redaction/json-value.ts';
import { redactText } from '../../src/redaction/free-text.ts';
import { redactHtml } from '../../src/redaction/html-document.ts';
import { redactBody } from '../../src/redaction/http-body.ts';
import { findTokenShapedStrings } from '../../src/redaction/token-shape.ts';
import { fakeJwe, samlResponseBase64 } from './fixtures/redaction/leaky-har.ts';

const TOKEN = 'opaque-3b1f0c9a7d2e4f6a8b0c';
const label = (name: string, secret: string): string => `[${name} #${fingerprint(secret)}]`;

test.describe('value redactors', () => {
  test('Cookie header: every value replaced, names kept', () => {
    const context = new RedactionContext();
    expect(redactCookieHeader(`JSESSIONID=${TOKEN}; lang=en-US; a+b^c="quoted-value"`, context)).toBe(
      `JSESSIONID=${label('cookie', TOKEN)}; lang=${label('cookie', 'en-US')}; a+b^c=${label('cookie', 'quoted-value')}`,
    );
    expect(Object.fromEntries(context.replacements)).toEqual({ cookie: 3 });
  });

  test('Set-Cookie: value replaced, name and attributes kept, one header per line', () => {
    const context = new RedactionContext();
    expect(redactSetCookieHeader(`MSISAuth=${TOKEN}; path=/adfs; HttpOnly; Secure\nSID=x1; Max-Age=0`, context)).toBe(
      `MSISAuth=${label('cookie', TOKEN)}; path=/adfs; HttpOnly; Secure\nSID=${label('cookie', 'x1')}; Max-Age=0`,
    );
  });

  test('Authorization: scheme kept, credential replaced', () => {
    const context = new RedactionContext();
    expect(redactAuthorization(`Bearer ${TOKEN}`, context)).toBe(`Bearer ${label('authorization', TOKEN)}`);
    // Basic credentials hold the password: labelled, never fingerprinted.
    expect(redactAuthorization('Basic YWdlbnQxOnNlY3JldA==', context)).toBe('Basic [basic-credentials]');
    expect(redactAuthorization(TOKEN, context)).toBe(label('authorization', TOKEN));
  });

  test('the same secret has the same fingerprint in a cookie, a header, a form and a JSON body', () => {
    const context = new RedactionContext();
    const replaced = [
      redactCookieHeader(`t=${TOKEN}`, context),
      redactAuthorization(`Bearer ${TOKEN}`, context),
      redactFormEncoded(`token=${encodeURIComponent(TOKEN)}`, context, 'raw'),
      JSON.stringify(redactJsonValue({ token: TOKEN }, context)),
    ].join(' ');
    expect(replaced.match(/#[0-9a-f]{4}/g)).toEqual(Array(4).fill(`#${fingerprint(TOKEN)}`));
  });

  test('URL: query and fragment by name, path and host kept byte for byte', () => {
    const context = new RedactionContext();
    const url = `https://ids.lab.test:8553/ids/v1/oauth/authorize?response_type=code&code=${TOKEN}&state=s-123456#access_token=${TOKEN}2&expires_in=3600`;
    expect(redactUrl(url, context)).toBe(
      `https://ids.lab.test:8553/ids/v1/oauth/authorize?response_type=code&code=${encodeURIComponent(label('code', TOKEN))}` +
        `&state=${encodeURIComponent(label('state', 's-123456'))}#access_token=${encodeURIComponent(label('access-token', `${TOKEN}2`))}&expires_in=3600`,
    );
  });

  test('URL: a redirect URI carrying a code, user:password credentials, a ;jsessionid path parameter', () => {
    const context = new RedactionContext();
    const nested = redactUrl(`https://ids.lab.test/x?redirect_uri=${encodeURIComponent(`https://finesse.lab.test/cb?code=${TOKEN}`)}`, context);
    expect(decodeURIComponent(nested)).not.toContain(TOKEN);
    expect(decodeURIComponent(nested)).toContain('https://finesse.lab.test/cb?code=');
    const credentials = redactUrl('https://agent1:S3cret!pw@lab.test/desktop;jsessionid=ABCDEF0123456789?x=1', context);
    expect(credentials).not.toContain('S3cret');
    expect(credentials).not.toContain('ABCDEF0123456789');
    expect(credentials.startsWith('https://agent1:%5Bpassword%5D@lab.test/')).toBe(true);
  });

  test('form body: Finesse refresh fields (hyphen) and a capital-P Password, other fields kept', () => {
    const context = new RedactionContext();
    const out = redactBody(`UserName=Agent2&Password=P%40ss%2Bword&token=${TOKEN}&refresh-token=${TOKEN}r`, 'application/x-www-form-urlencoded', context);
    const fields = new URLSearchParams(out);
    expect(fields.get('UserName')).toBe('Agent2');
    expect(fields.get('Password')).toBe('[password]');
    expect(fields.get('token')).toBe(label('access-token', TOKEN));
    expect(fields.get('refresh-token')).toBe(label('refresh-token', `${TOKEN}r`));
  });

  test('multipart body: parts with a sensitive field name replaced, other parts and headers kept', () => {
    const context = new RedactionContext();
    const body = [
      '--XyZ',
      'Content-Disposition: form-data; name="UserName"',
      '',
      'Agent2',
      '--XyZ',
      'Content-Disposition: form-data; name="Password"',
      '',
      'hunter22!',
      '--XyZ',
      'Content-Disposition: form-data; name="log"; filename="client.log"',
      'Content-Type: text/plain',
      '',
      `refresh token=${TOKEN} failed`,
      '--XyZ--',
      '',
    ].join('\r\n');
    const out = redactBody(body, 'multipart/form-data; boundary=XyZ', context);
    expect(out).not.toContain('hunter22!');
    expect(out).not.toContain(TOKEN);
    expect(out).toContain('name="UserName"\r\n\r\nAgent2\r\n--XyZ');
    expect(out).toContain('name="Password"\r\n\r\n[password]\r\n--XyZ');
    expect(out).toContain(`refresh token=${encodeURIComponent(label('access-token', TOKEN))} failed\r\n--XyZ--\r\n`);
  });

  test('JSON body: sensitive keys at any depth and in any spelling, numbers and other fields kept', () => {
    const context = new RedactionContext();
    const body = {
      access_token: TOKEN,
      user_id: 'Agent2',
      expires_in: 3600,
      error: { code: 401, message: 'Invalid Token' },
      data: [{ nested: { deeper: [{ refreshToken: `${TOKEN}r`, 'Client-Secret': 42 }] } }],
      authorization: { credentials: ['a-first-secret', 'b-second-secret'] },
      note: `forwarded with Bearer ${TOKEN}b`,
    };
    expect(redactJsonValue(body, context)).toEqual({
      access_token: label('access-token', TOKEN),
      user_id: 'Agent2',
      expires_in: 3600,
      error: { code: 401, message: 'Invalid Token' },
      data: [{ nested: { deeper: [{ refreshToken: label('refresh-token', `${TOKEN}r`), 'Client-Secret': label('client-secret', '42') }] } }],
      authorization: { credentials: [label('authorization', 'a-first-secret'), label('authorization', 'b-second-secret')] },
      note: `forwarded with Bearer ${label('authorization', `${TOKEN}b`)}`,
    });
  });

  test('JWS and JWE anywhere in text, whole, including a JWE with an empty key segment', () => {
    const context = new RedactionContext();
    const jwe = fakeJwe();
    const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBZ2VudDIifQ.c2lnbmF0dXJlLWJ5dGVz';
    const out = redactText(`the desktop sent ${jwe} and then ${jws}.`, context);
    expect(out).toBe(`the desktop sent ${label('jwe', jwe)} and then ${label('jwt', jws)}.`);
    expect(findTokenShapedStrings(out)).toEqual([]);
  });

  test('base64 SAML messages are found without a field name, deflated ones too', () => {
    const context = new RedactionContext();
    const post = samlResponseBase64('agent2@lab.test');
    const xml = '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a1b2c3" Version="2.0" IssueInstant="2026-11-26T16:24:25Z"/>';
    const redirect = Buffer.from(deflateSync(new TextEncoder().encode(xml))).toString('base64');
    const out = redactText(`posting ${post} ; redirect blob ${redirect}`, context);
    expect(out).toBe(`posting ${label('saml', post)} ; redirect blob ${label('saml', redirect)}`);
    // Other base64 is no SAML message: it is judged by its shape (opaque), not labelled saml.
    const image = Buffer.from(Array.from({ length: 90 }, (_, index) => (index * 37) % 256)).toString('base64');
    expect(redactText(`data:image/png;base64,${image}`, context)).toMatch(/^data:image\/png;base64,\[opaque #[0-9a-f]{4}\]$/);
  });

  test('HTML: auto-post SAML form inputs and password values replaced, the page otherwise intact', () => {
    const context = new RedactionContext();
    const saml = samlResponseBase64('x');
    const html =
      `<form method="post" action="https://ids.lab.test/ids/saml/response?metaAlias=/sp"><input type="hidden" name="SAMLResponse" value="${saml}"/>` +
      `<input type=hidden name=RelayState value=relay-0123456789><input type="password" id="passwordInput" value='hunter22'><input name="UserName" value="Agent2"></form>`;
    const out = redactHtml(html, context);
    expect(out).toBe(
      `<form method="post" action="https://ids.lab.test/ids/saml/response?metaAlias=/sp"><input type="hidden" name="SAMLResponse" value="${label('saml-response', saml)}"/>` +
        `<input type=hidden name=RelayState value="${label('relay-state', 'relay-0123456789')}"><input type="password" id="passwordInput" value='[password]'><input name="UserName" value="Agent2"></form>`,
    );
  });

  test('passwords are labelled, never fingerprinted (not even keyed)', () => {
    const context = new RedactionContext();
    // Any fingerprint of a guessable password lets a reader test dictionary words or match accounts.
    expect(redactNamedValue('Password', 'hunter22', context)).toBe('[password]');
    expect(redactNamedValue('new_password', 'other-pass', context)).toBe('[password]');
  });

  test('free text: header lines, quoted pairs, escaped JSON, key=value and Bearer', () => {
    const context = new RedactionContext();
    const lines = [
      `Authorization: Bearer ${TOKEN}`,
      `Cookie: JSESSIONID=${TOKEN}c; lang=en`,
      `{"refreshToken": "${TOKEN}r"}`,
      `payload "{\\"access_token\\":\\"${TOKEN}e\\"}" received`,
      `js: headers: {'X-Auth-Token': '${TOKEN}x'}, token: '${TOKEN}t'`,
      `request code=${TOKEN}q&state=abc123 done`,
      'Bearer authentication failed for user Agent2',
    ].join('\n');
    const out = redactText(lines, context);
    expect(out).not.toContain(TOKEN);
    expect(out.split('\n')).toEqual([
      `Authorization: Bearer ${label('authorization', TOKEN)}`,
      `Cookie: JSESSIONID=${label('cookie', `${TOKEN}c`)}; lang=${label('cookie', 'en')}`,
      `{"refreshToken": "${label('refresh-token', `${TOKEN}r`)}"}`,
      `payload "{\\"access_token\\":\\"${label('access-token', `${TOKEN}e`)}\\"}" received`,
      `js: headers: {'X-Auth-Token': '${label('x-auth-token', `${TOKEN}x`)}'}, token: '${label('access-token', `${TOKEN}t`)}'`,
      `request code=${encodeURIComponent(label('code', `${TOKEN}q`))}&state=${encodeURIComponent(label('state', 'abc123'))} done`,
      'Bearer authentication failed for user Agent2',
    ]);
  });

  test('copies of a secret found by structure are replaced wherever they turn up', () => {
    const context = new RedactionContext();
    redactNamedValue('refresh_token', `${TOKEN}-refresh`, context);
    expect(redactText(`console: stored ${TOKEN}-refresh in storage; url-encoded ${encodeURIComponent(`${TOKEN}-refresh`)}`, context)).toBe(
      `console: stored ${label('refresh-token', `${TOKEN}-refresh`)} in storage; url-encoded ${label('refresh-token', `${TOKEN}-refresh`)}`,
    );
  });

  test('a known secret inside a longer one: the longer replaced whole, the shorter where it stands alone', () => {
    const context = new RedactionContext();
    redactNamedValue('access_token', TOKEN, context);
    redactNamedValue('refresh_token', `${TOKEN}-refresh`, context);
    expect(redactText(`pair ${TOKEN}-refresh then ${TOKEN} alone`, context)).toBe(
      `pair ${label('refresh-token', `${TOKEN}-refresh`)} then ${label('access-token', TOKEN)} alone`,
    );
  });

  test('redacting a redacted value changes nothing', () => {
    const context = new RedactionContext();
    const inputs = [
      `Cookie: a=${TOKEN}`,
      `https://x.test/cb?code=${TOKEN}#access_token=${TOKEN}`,
      `<grant_type=refresh_token&access_token=${TOKEN}>`,
      `{"token":"${TOKEN}","n":1}`,
      `Bearer ${TOKEN}`,
      `${fakeJwe()} and code=${TOKEN}`,
    ];
    for (const input of inputs) {
      const once = redactText(input, context);
      expect(redactText(once, new RedactionContext()), input).toBe(once);
    }
  });
});
