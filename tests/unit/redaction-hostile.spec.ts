import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { redactArtifact, scanForSecrets } from '../../src/redaction/index.ts';
import { RedactionContext } from '../../src/redaction/redaction-context.ts';
import { redactText } from '../../src/redaction/free-text.ts';
import { redactSetCookieHeader } from '../../src/redaction/http-headers.ts';
import { fingerprintSecret } from '../../src/redaction/fingerprint.ts';
import { stripImage } from '../../src/redaction/image-strip.ts';
import { hostileSecretList } from '../../mock/hostile/hostile-secrets.ts';
import { buildHostileHar } from './fixtures/redaction/hostile-har.ts';
import { tinyJpeg, tinyPng } from './fixtures/redaction/images.ts';
import { scanBytes, text } from './fixtures/redaction/scan-bytes.ts';

/**
 * One test per finding of issue 15: a lab that carries its secrets under names nobody listed,
 * free-text shapes the name rules missed, unsalted fingerprints, encodings the scan missed.
 */
const { har, secrets } = buildHostileHar();
const redacted = redactArtifact('hostile.har', new TextEncoder().encode(JSON.stringify(har, null, 2)));
if (redacted.kind !== 'redacted') throw new Error(redacted.reason);
const output = redacted.bytes;
const outputText = text(output);

async function leaksOf(...values: { label: string; value: string }[]) {
  return (await scanBytes('hostile.har', output, values)).map((hit) => (hit.kind === 'secret' ? `${hit.label} (${hit.encoding})` : hit.kind));
}

test.describe('a lab that names its secrets differently (default deny)', () => {
  test('the BOSH sid and the SASL PLAIN frame (base64 of the access token) do not survive', async () => {
    expect(await leaksOf({ label: 'sid', value: secrets.boshSid }, { label: 'access token', value: secrets.accessToken })).toEqual([]);
    expect(outputText).toContain("mechanism='PLAIN'");
  });

  test('the gadget security token (st=) is replaced in the iframe URL and in the makeRequest body', async () => {
    expect(await leaksOf({ label: 'st', value: secrets.gadgetSt })).toEqual([]);
    expect(outputText).toContain('/gadgets/ifr?url=');
  });

  test('tickets in data attributes, script variables and the first WebSocket frame are replaced', async () => {
    expect(await leaksOf({ label: 'page', value: secrets.pageTicket }, { label: 'socket', value: secrets.socketTicket })).toEqual([]);
    expect(outputText).toContain('var deskTicket = \\"[opaque #');
  });

  test('a custom auth header and another vendor’s session cookie are replaced', async () => {
    expect(await leaksOf({ label: 'header', value: secrets.customHeader }, { label: 'cookie', value: secrets.vendorCookie })).toEqual([]);
  });

  test('no secret of the hostile lab survives in any encoding', async () => {
    expect(await leaksOf(...hostileSecretList(secrets))).toEqual([]);
  });

  test('the HAR keeps its entries, statuses, timings, URL paths, header names and cache markers', () => {
    const after = JSON.parse(outputText) as typeof har;
    expect(after.log.version).toBe('1.2');
    const shape = (entry: (typeof har.log.entries)[number]) => [
      entry.request.method,
      new URL(entry.request.url).pathname,
      entry.response.status,
      entry.timings.wait,
      entry._fromCache ?? null,
    ];
    expect(after.log.entries.map(shape)).toEqual(har.log.entries.map(shape));
    expect(after.log.entries.map((entry) => entry.request.headers.map((header) => header.name))).toEqual(
      har.log.entries.map((entry) => entry.request.headers.map((header) => header.name)),
    );
    expect(after.log.entries[1]?.response.headers).toContainEqual({ name: 'Cache-Control', value: 'private, max-age=3600' });
  });
});

test.describe('passwords are never fingerprinted', () => {
  test('an Identity Engine sign-in {"credentials":{"passcode":…}} becomes [password], no hash of it anywhere', () => {
    const sha = createHash('sha256').update(secrets.passcode).digest('hex');
    expect(outputText).toContain('\\"passcode\\":\\"[password]\\"');
    expect(outputText).not.toContain(`#${sha.slice(0, 4)}]`);
  });

  test('Basic credentials are labelled [basic-credentials] without a fingerprint', () => {
    const basic = Buffer.from('agent001:Secret-123').toString('base64');
    expect(redactText(`Authorization: Basic ${basic}`, new RedactionContext())).toBe('Authorization: Basic [basic-credentials]');
  });

  test('fingerprints are an HMAC under the run key: stable within a run, different under another key', () => {
    const key = Buffer.alloc(32, 1);
    expect(fingerprintSecret('tok-123456789', key)).toBe(fingerprintSecret('tok-123456789', key));
    expect(fingerprintSecret('tok-123456789', key)).not.toBe(fingerprintSecret('tok-123456789', Buffer.alloc(32, 2)));
    expect(fingerprintSecret('tok-123456789', key)).not.toBe(createHash('sha256').update('tok-123456789').digest('hex').slice(0, 4));
  });
});

test.describe('free-text shapes the name rules missed', () => {
  const opaque = 'Zq81kd0PLmx2Vb7sTn4e';
  const cases: [string, string][] = [
    ['Authorization=Bearer <opaque>', `sent Authorization=Bearer ${opaque} to IdS`],
    ['access_token = "…"', `access_token = "${opaque}"`],
    ['refresh_token: … mid-line', `renewing with refresh_token: ${opaque} now`],
    ['a custom X-…-Token header mid-line', `headers X-Lab-Token: ${opaque} sent`],
    ['a comma-folded Set-Cookie', `Set-Cookie: a=1; Path=/, zsess=${opaque}; Path=/; Secure`],
  ];
  for (const [shape, line] of cases) {
    test(`${shape}: the value is replaced, the shape kept`, () => {
      const out = redactText(line, new RedactionContext());
      expect(out).not.toContain(opaque);
      expect(out).toMatch(/\[[a-z-]+ #[0-9a-f]{4}\]/);
    });
  }

  test('a comma-folded Set-Cookie keeps each cookie’s name and attributes', () => {
    expect(redactSetCookieHeader(`a=${opaque}; Expires=Wed, 21 Oct 2026 07:28:00 GMT, b=${opaque}x; Path=/`, new RedactionContext())).toMatch(
      /^a=\[cookie #[0-9a-f]{4}\]; Expires=Wed, 21 Oct 2026 07:28:00 GMT, b=\[cookie #[0-9a-f]{4}\]; Path=\/$/,
    );
  });

  test('harmless values stay: numbers, booleans, timestamps, words, paths, agent ids', () => {
    const line =
      'at 2026-11-26T17:12:25.123Z agent001 status=NOT_READY ready=true count=42 path=/finesse/api/User/agent001/Dialogs IdSAccessTokenEndPoint.java:211';
    expect(redactText(line, new RedactionContext())).toBe(line);
  });

  test('a file inside an archive (logs.zip!dir/file.log) stays readable; any other ! is part of a value', () => {
    const entry = '/tmp/case/logs.tgz!logs.zip!Desktop-webservices/Desktop-webservices.2017-03-25T05-15-27.log';
    expect(redactText(entry, new RedactionContext())).toBe(entry);
    expect(redactText('Welcome!Springtime', new RedactionContext())).toMatch(/^\[opaque #[0-9a-f]{4}\]$/);
  });
});

test.describe('the scan sees encodings', () => {
  const secret = 'hunter2-Sekret-7781';
  const forms: [string, Buffer][] = [
    ['base64 offset 0', Buffer.from(Buffer.from(secret).toString('base64'))],
    ['base64 offset 1', Buffer.from(Buffer.from(`x${secret}`).toString('base64'))],
    ['base64url offset 2', Buffer.from(Buffer.from(`xy${secret}`).toString('base64url'))],
    ['hex', Buffer.from(Buffer.from(secret).toString('hex'))],
    ['HEX', Buffer.from(Buffer.from(secret).toString('hex').toUpperCase())],
    ['UTF-16LE', Buffer.from(secret, 'utf16le')],
    ['UTF-16BE', Buffer.from(secret, 'utf16le').swap16()],
    ['JS \\x escapes', Buffer.from([...Buffer.from(secret)].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join(''))],
    ['JS \\u escapes', Buffer.from([...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''))],
    ['numeric entities', Buffer.from([...secret].map((c) => `&#${c.charCodeAt(0)};`).join(''))],
    ['hex entities', Buffer.from([...secret].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(''))],
    [
      'a zip embedded as base64 (the HTML report)',
      Buffer.from(
        `<script>window.playwrightReportBase64 = "data:application/zip;base64,${Buffer.from(zipSync({ 'report.json': new TextEncoder().encode(`{"x":"${secret}"}`) })).toString('base64')}";</script>`,
      ),
    ],
  ];
  for (const [form, bytes] of forms) {
    test(`finds a secret written as ${form}`, async () => {
      const hits = await scanBytes('artifact.bin', bytes, [{ label: 'planted', value: secret }]);
      expect(hits.length).toBeGreaterThan(0);
    });
  }

  test('nested archives deeper than the bound are a hit (not searched is not clean)', async () => {
    let bytes: Uint8Array = new TextEncoder().encode('deep');
    for (let level = 0; level < 10; level += 1) bytes = zipSync({ [`l${level}.zip`]: bytes });
    const hits = await scanBytes('deep.zip', bytes, [{ label: 'planted', value: secret }]);
    expect(hits.some((hit) => hit.kind === 'unreadable-archive')).toBe(true);
  });
});

test.describe('images ship only as the PNG or JPEG the harness wrote, without metadata', () => {
  test('a PNG text chunk is dropped, the pixels kept', () => {
    const stripped = stripImage(tinyPng({ Comment: 'token=opaque-0123456789abcdef' }))!;
    expect(Buffer.from(stripped).toString('latin1')).not.toContain('opaque-0123456789abcdef');
    expect(Buffer.from(stripped)).toEqual(tinyPng());
  });

  test('JPEG APPn and COM segments are dropped, the scan kept', () => {
    const stripped = stripImage(tinyJpeg('ticket-0123456789abcdef'))!;
    expect(Buffer.from(stripped).toString('latin1')).not.toContain('ticket-0123456789abcdef');
    expect(Buffer.from(stripped)).toEqual(tinyJpeg());
  });

  test('a file that only starts with image magic bytes is withheld', () => {
    const fake = Buffer.concat([tinyPng().subarray(0, 8), Buffer.from('Cookie: SID=opaque-0123456789abcdef')]);
    expect(redactArtifact('shot.png', fake).kind).toBe('withheld');
    expect(redactArtifact('anim.gif', Buffer.from('GIF89a....')).kind).toBe('withheld');
  });
});

test('scanForSecrets also finds the payload values of a signed token (JWS)', async () => {
  const payload = Buffer.from(JSON.stringify({ sub: 'agent001', jti: 'jti-Qm81kd0PLmx2Vb7s', rt: 'b9a9dac1580e55b1eeb2dbbbde2763f0aed67513' })).toString(
    'base64url',
  );
  const jws = `eyJhbGciOiJSUzI1NiJ9.${payload}.${Buffer.alloc(64, 7).toString('base64url')}`;
  const copy = Buffer.from('{"session":"jti-Qm81kd0PLmx2Vb7s"}');
  const hits = await scanBytes('note.json', copy, [{ label: 'access-token', value: jws }]);
  expect(hits.map((hit) => (hit.kind === 'secret' ? hit.label : hit.kind))).toContain('access-token claim jti');
  expect(await scanForSecrets([], [])).toEqual([]);
});
