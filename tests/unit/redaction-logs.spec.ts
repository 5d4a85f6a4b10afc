import { readFileSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { findTokenShapedStrings, redactArtifact } from '../../src/redaction/index.ts';
import { fingerprint } from '../../src/redaction/fingerprint.ts';
import { text } from './fixtures/redaction/scan-bytes.ts';

const seed = (name: string): Buffer => readFileSync(new URL(`./fixtures/redaction/seed-logs/${name}.txt`, import.meta.url));

function redactedText(fileName: string, bytes: Uint8Array): string {
  const result = redactArtifact(fileName, bytes);
  if (result.kind !== 'redacted') throw new Error(`${fileName} withheld: ${result.reason}`);
  return text(result.bytes);
}

/** The two token values of the seed's refresh request, exactly as the log prints them. */
function seedTokens(): { access: string; refresh: string } {
  const request = /with request: <([^>]*)>/.exec(text(seed('webservices')))?.[1] ?? '';
  const field = (name: string): string => new RegExp(`(?:^|&)${name}=([^&]*)`).exec(request)?.[1] ?? '';
  return { access: field('access_token'), refresh: field('refresh_token') };
}

test.describe('log redaction', () => {
  test('the seed webservices refresh request: both whole token values replaced, the damaged one too', () => {
    const { access, refresh } = seedTokens();
    expect(access).toContain(' '); // the stray space of the machine translation
    const [before, after] = access.split(' ');
    const out = redactedText('webservices.log', seed('webservices'));
    expect(out).toContain(
      `Error refreshing access token with request: <grant_type=refresh_token&access_token=[access-token #${fingerprint(access)}]&refresh_token=[refresh-token #${fingerprint(refresh)}]>`,
    );
    for (const fragment of [before, after, refresh, 'eyJhbGciOiJIaXkiLCJpdHkiOiJKV1QiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0']) expect(out).not.toContain(fragment);
    expect(findTokenShapedStrings(out)).toEqual([]);
  });

  test('the rest of the webservices log is kept byte for byte', () => {
    const original = text(seed('webservices')).split('\n');
    const out = redactedText('webservices.log', seed('webservices')).split('\n');
    expect(out.length).toBe(original.length);
    original.forEach((line, index) => {
      if (!line.includes('with request: <')) expect(out[index]).toBe(line);
      else expect(out[index]?.startsWith(line.slice(0, line.indexOf('<')))).toBe(true);
    });
  });

  test('IdS log: 40-hex token ids, user names, timestamps and the mismatch line stay readable', () => {
    const original = text(seed('ids'));
    const out = redactedText('ids.log', seed('ids'));
    for (const kept of [
      '"token":"2062508557141190e68be196938b1316a8ac0e63"',
      '"rt":"bcb2a7858654157e259ce77dcc787e995b9d775b"',
      '"user_id":"Agent2"',
      '"upn":"Agent2@lab.ucce.com"',
      '2017-03-25 05:15:27.507 CDT(-0500) [IdSEndPoints-198] WARN',
      'refresh token id in refresh token is bcb2a7858654157e259ce77dcc787e995b9d775b; in access token is 2062508557141190e68be196938b1316a8ac0e63',
      '"expiry":1490471507779',
    ]) {
      expect(original).toContain(kept);
      expect(out).toContain(kept);
    }
  });

  test('the client log (no secrets) is unchanged', () => {
    expect(redactedText('client.log', seed('client'))).toBe(text(seed('client')));
  });

  test(
    'a 40-hex value is an id only in IdS claim lines, elsewhere a credential',
    { annotation: { type: 'detail', description: 'elsewhere: other lines, JSON files and captures' } },
    () => {
      const id = 'b9a9dac1580e55b1eeb2dbbbde2763f0aed67513';
      const claim = `2017-03-25 04:51:47.780 CDT(-0500) [IdSEndPoints-182] INFO com.cisco.ccbu.ids IdSAccessTokenEndPoint.java:214 - Created access-token {"token":"${id}"}`;
      expect(redactedText('ids.log', new TextEncoder().encode(claim))).toBe(claim);
      expect(redactedText('ids.log', new TextEncoder().encode(`created {"token":"${id}"}`))).not.toContain(id);
      expect(redactedText('app.log', new TextEncoder().encode(`refresh with rt=${id}`))).not.toContain(id);
      expect(redactedText('state.json', new TextEncoder().encode(`{"rt":"${id}"}`))).not.toContain(id);
      const har = {
        log: {
          entries: [
            {
              request: { url: 'https://x.test/', headers: [] },
              response: { headers: [], content: { mimeType: 'application/json', text: `{"token":"${id}"}` } },
            },
          ],
        },
      };
      expect(redactedText('x.har', new TextEncoder().encode(JSON.stringify(har)))).not.toContain(id);
    },
  );

  test('other secrets in log text: header dumps, key=value, JSON and JWTs in any line', () => {
    const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBZ2VudDIifQ.c2lnbmF0dXJlLWJ5dGVz';
    const log = [
      '2026-11-26 10:00:00.001 DEBUG request headers:',
      'Authorization: Bearer opaque-abcdef0123456789',
      'Cookie: JSESSIONID=0123456789ABCDEF0123; other=abcdefghijkl',
      `2026-11-26 10:00:00.002 INFO POST /desktop/sso/token body token=${jws}&refresh-token=opaque-refresh-0123456789`,
      '2026-11-26 10:00:00.003 INFO login {"UserName":"Agent2","Password":"hunter22!"}',
    ].join('\n');
    const out = redactedText('finesse.log', new TextEncoder().encode(log));
    for (const secret of ['opaque-abcdef0123456789', '0123456789ABCDEF0123', 'abcdefghijkl', jws, 'opaque-refresh-0123456789', 'hunter22!'])
      expect(out).not.toContain(secret);
    expect(out).toContain('"UserName":"Agent2"');
    expect(out).toContain('2026-11-26 10:00:00.002 INFO POST /desktop/sso/token body token=');
  });

  test('gzip logs are redacted inside and written back as gzip', () => {
    const out = redactArtifact('webservices.log.gz', gzipSync(seed('webservices')));
    if (out.kind !== 'redacted') throw new Error(out.reason);
    const inner = text(gunzipSync(out.bytes));
    expect(inner).toBe(redactedText('webservices.log', seed('webservices')));
  });

  test('redacting a redacted log again changes nothing', () => {
    for (const name of ['webservices', 'ids', 'client']) {
      const once = redactedText(`${name}.log`, seed(name));
      expect(redactedText(`${name}.log`, new TextEncoder().encode(once)), name).toBe(once);
    }
  });
});
