import { expect, test } from '@playwright/test';
import { redactArtifact } from '../../src/redaction/index.ts';
import { buildLeakyHar } from './fixtures/redaction/leaky-har.ts';
import { tinyPng } from './fixtures/redaction/images.ts';
import { scanBytes, text } from './fixtures/redaction/scan-bytes.ts';

/**
 * The leak shapes of the reliability reference's canary experiment (§1.3, §1.4): each is a place
 * where a secret sits in a Finesse/IdS HAR and where regex sanitizers let it through.
 */
const { har, shapes, userName } = buildLeakyHar();
const input = new TextEncoder().encode(JSON.stringify(har, null, 2));
const result = redactArtifact('sso.har', input);
if (result.kind !== 'redacted') throw new Error(`HAR withheld: ${result.reason}`);
const output = result.bytes;
const outputText = text(output);

test.describe('HAR redaction, one test per leak shape', () => {
  for (const { shape, secret, label } of shapes) {
    test(`${shape}: replaced with [${label} #…] in every encoding`, async () => {
      const hits = await scanBytes('sso.har', output, [{ label, value: secret }]);
      expect(hits, `${shape} leaked`).toEqual([]);
      // In URLs and form bodies the replacement is URL-encoded.
      const shown = label === 'password' ? '[password]' : `[${label} #`;
      expect(outputText.includes(shown) || outputText.includes(encodeURIComponent(shown))).toBe(true);
    });
  }
});

test.describe('HAR redaction, the document as a whole', () => {
  test('the input really carries every planted secret (the scan would see them)', async () => {
    const hits = await scanBytes(
      'sso.har',
      input,
      shapes.map(({ shape, secret }) => ({ label: shape, value: secret })),
    );
    expect(new Set(hits.map((hit) => hit.kind === 'secret' && hit.label))).toEqual(new Set(shapes.map(({ shape }) => shape)));
  });

  test('the output is a HAR with the same entries, URLs, statuses and non-secret fields', () => {
    type Har = { log: { entries: { request: { url: string; method: string }; response: { status: number } }[] } };
    const redacted = JSON.parse(outputText) as Har;
    const original = har as Har;
    expect(redacted.log.entries.map((entry) => [entry.request.method, entry.request.url.split('?')[0]?.split('#')[0], entry.response.status])).toEqual(
      original.log.entries.map((entry) => [entry.request.method, entry.request.url.split('?')[0]?.split('#')[0], entry.response.status]),
    );
    expect(outputText).toContain(`UserName=${userName}`);
    expect(outputText).toContain('"name": "UserName"');
    expect(outputText).toContain('response_type=code');
    expect(outputText).toContain('<state>NOT_READY</state>');
    expect(outputText).toContain('https://finesse.lab.test/finesse/api/User/Agent2');
    expect(outputText).toContain('"startedDateTime": "2026-11-26T16:24:25.981Z"');
    expect(outputText).toContain('path=/adfs; HttpOnly; Secure');
    expect(outputText).toContain('Bearer [authorization #');
  });

  test('the counts per label are reported, never values', () => {
    expect(Object.keys(result.replacements).sort()).toEqual(
      expect.arrayContaining([
        'access-token',
        'authorization',
        'code',
        'cookie',
        'password',
        'refresh-token',
        'relay-state',
        'saml-response',
        'state',
        'x-auth-token',
      ]),
    );
    const serialized = JSON.stringify(result.replacements);
    for (const { secret } of shapes) expect(serialized).not.toContain(secret);
  });

  test('redacting the redacted HAR again changes nothing', () => {
    const again = redactArtifact('sso.har', output);
    expect(again.kind === 'redacted' && text(again.bytes)).toBe(outputText);
  });

  test('base64-encoded text bodies are decoded, redacted and encoded again; images are kept', () => {
    const token = 'opaque-base64-body-0123456789';
    const png = tinyPng().toString('base64');
    const document = {
      log: {
        entries: [
          {
            request: { url: 'https://a.test/t', headers: [] },
            response: {
              headers: [],
              content: { mimeType: 'application/json', encoding: 'base64', text: Buffer.from(JSON.stringify({ refresh_token: token })).toString('base64') },
            },
          },
          {
            request: { url: 'https://a.test/i.png', headers: [] },
            response: { headers: [], content: { mimeType: 'image/png', encoding: 'base64', text: png } },
          },
          {
            request: { url: 'https://a.test/f', headers: [] },
            response: {
              headers: [],
              content: { mimeType: 'font/woff2', encoding: 'base64', text: Buffer.from([0x77, 0x4f, 0x46, 0x32, 0, 1, 0]).toString('base64') },
            },
          },
        ],
      },
    };
    const redacted = redactArtifact('b.har', new TextEncoder().encode(JSON.stringify(document)));
    expect(redacted.kind).toBe('redacted');
    if (redacted.kind !== 'redacted') return;
    const entries = (JSON.parse(text(redacted.bytes)) as typeof document).log.entries;
    expect(Buffer.from(entries[0]?.response.content.text ?? '', 'base64').toString()).toMatch(/^\{"refresh_token":"\[refresh-token #[0-9a-f]{4}\]"\}$/);
    expect(entries[1]?.response.content.text).toBe(png);
    expect(entries[2]?.response.content).not.toHaveProperty('text');
    expect(redacted.withheldParts).toEqual([{ part: 'entries[2].response.content', reason: 'binary body of type font/woff2' }]);
  });
});

test.describe('HAR redaction, the recorder’s own references', () => {
  test('page ids and the entries’ pagerefs stay readable and equal (Playwright writes page@<hex>)', () => {
    const page = `page@${'7d841f81a568906ccb68dd5c6742e720'}`;
    const recorded = {
      log: {
        version: '1.2',
        pages: [{ id: page, title: 'Cisco Finesse' }],
        entries: [
          {
            pageref: page,
            request: { method: 'GET', url: 'https://finesse.lab.test/desktop/', headers: [] },
            response: { status: 200, headers: [], content: { size: 0, mimeType: 'text/html' } },
          },
        ],
      },
    };
    const redacted = redactArtifact('recordHar.har', new TextEncoder().encode(JSON.stringify(recorded)));
    if (redacted.kind !== 'redacted') throw new Error(redacted.reason);
    const document = JSON.parse(text(redacted.bytes)) as typeof recorded;
    expect([document.log.pages[0]!.id, document.log.entries[0]!.pageref]).toEqual([page, page]);
  });
});
