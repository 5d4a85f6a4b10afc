import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { analyzeInputs } from '../../src/analyzer/analyze.ts';
import { EntryStream } from '../../src/analyzer/har/entry-stream.ts';
import type { AnalysisReport } from '../../src/analyzer/types.ts';
import { harDocument, type Exchange, type Exporter } from './har-documents.ts';
import { CACHEABLE, defect, errorReport, FRESH_TOKEN, healthy, refresh, signIn, STALE_TOKEN } from './har-stories.ts';
import { desktopLogText } from '../../src/kernel/desktop-log.ts';

let folder: string;
test.beforeEach(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'har-unit-'));
});
test.afterEach(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(folder, name);
  writeFileSync(file, content);
  return file;
}

function signatures(report: AnalysisReport): string[] {
  return report.findings.map((finding) => `${finding.severity} ${finding.signature}${finding.subCause ? ` (${finding.subCause})` : ''}`);
}

test.describe('HAR analysis', () => {
  const exporters: Array<[Exporter, Partial<Exchange>, RegExp]> = [
    ['chrome', { fromCache: 'disk' }, /came from the disk cache \(_fromCache: disk\), dated 2026-11-26T17:12:28\.000Z \(58 min before the request\)/],
    ['chrome', { fromCache: 'memory' }, /came from the memory cache \(_fromCache: memory\)/],
    ['firefox', {}, /came from the browser cache \(its Date 58 min older than the request\)/],
  ];
  for (const [exporter, cached, story] of exporters) {
    test(
      `${exporter} HAR${cached.fromCache ? ` (${cached.fromCache} cache)` : ' (no cache marks)'}: cached answer and refused refreshes are the stale access token`,
      { annotation: { type: 'detail', description: 'the token answer read from the cache, then the refreshes the IdS refused' } },
      async () => {
        const report = await analyzeInputs([write('affected.har', harDocument(exporter, defect(cached)))]);
        expect(report.files[0]).toMatchObject({ kind: 'har', lines: 13, unparsed: 0 });
        expect(signatures(report)).toEqual([
          'high refresh-token-mismatch (stale-access-token)',
          'high forced-logout-after-refresh-failure',
          'low token-response-cacheable',
        ]);
        const mismatch = report.findings[0]!;
        expect(mismatch).toMatchObject({ user: 'agent001', first: '2026-11-26T18:10:29.000Z', last: '2026-11-26T18:23:29.000Z' });
        expect(mismatch.summary).toMatch(story);
        expect(mismatch.summary).toMatch(
          /4 refreshes \(the first and 3 retries\) were refused \(401 Invalid Token\).*banner at 2026-11-26T18:13:29\.000Z.*sign-out page at 2026-11-26T18:23:29\.000Z \(reason session-refresh-failed\)/,
        );
        expect(mismatch.evidence.map((line) => line.file)).toEqual(
          [5, 6, 7, 8, 9, 10, 12].map((index) => `${path.join(folder, 'affected.har')}#entries[${index}]`),
        );
        expect(mismatch.evidence[0]!.text).toMatch(
          /^GET \/desktop\/sso\/token → 200 .*access token #[0-9a-f]{4}, after an IdS and IdP sign-in; Cache-Control: private, max-age=36000/,
        );
      },
    );
  }

  test('a Send Error Report posted after the sign-out: its lines count at the times they carry', async () => {
    // The defect's story with its two client lines reported together, two minutes after the sign-out page.
    const streamed = (exchange: Exchange) => exchange.url.endsWith('/desktop/logs/client');
    const late = [
      ...defect({ fromCache: 'disk' }).filter((exchange) => !streamed(exchange)),
      errorReport(900, [
        { atS: 181.2, message: desktopLogText('retriesExhausted', { maxRetries: 3 }) },
        { atS: 781, message: desktopLogText('signingOut') },
      ]),
    ];
    const report = await analyzeInputs([write('late-report.har', harDocument('chrome', late))]);
    expect(signatures(report)).toEqual([
      'high refresh-token-mismatch (stale-access-token)',
      'high forced-logout-after-refresh-failure',
      'low token-response-cacheable',
    ]);
    expect(report.findings[0]!.summary).toMatch(
      /the desktop logged the banner at 2026-11-26T18:13:29\.200Z and the browser went to the sign-out page at 2026-11-26T18:23:29\.\d{3}Z/,
    );
  });

  test("the agent computer's clock an hour off: a fresh token answer is not taken for a cached one", async () => {
    const report = await analyzeInputs([write('skewed.har', harDocument('firefox', healthy('no-store'), { skewMs: 3_600_000 }))]);
    expect(report.findings).toEqual([]);
    expect(report.users[0]!.timeline.map((event) => event.event)).toEqual(['sign-in', 'refresh']);
    expect(report.users[0]!.timeline[0]!.detail).toMatch(/from the network/);
  });

  test('a healthy HAR with a no-store token answer has no finding; a cacheable one only the low exposure', async () => {
    const fixed = await analyzeInputs([write('fixed.har', harDocument('chrome', healthy('no-store')))]);
    expect(fixed.findings).toEqual([]);
    const exposed = await analyzeInputs([write('exposed.har', harDocument('chrome', healthy(CACHEABLE)))]);
    expect(signatures(exposed)).toEqual(['low token-response-cacheable']);
    expect(exposed.findings[0]!.summary).toMatch(/its headers \(Cache-Control: private, max-age=36000\) let the browser store it; none came from the cache/);
  });

  test(
    'refreshes answered 503 are ids-unreachable; one refused as expired is refresh-token-expired',
    { annotation: { type: 'detail', description: 'a refresh token refused as expired' } },
    async () => {
      const outage = await analyzeInputs([
        write(
          'outage.har',
          harDocument('chrome', [
            ...signIn({ token: FRESH_TOKEN, cacheControl: 'no-store' }),
            ...[2700, 2760, 2820, 2880].map((s) =>
              refresh(s, FRESH_TOKEN, 503, { errorType: 'Service Unavailable', errorMessage: 'Identity Service unreachable' }),
            ),
          ]),
        ),
      ]);
      expect(signatures(outage)).toEqual(['high ids-unreachable']);
      expect(outage.findings[0]!.summary).toMatch(/4 refreshes .* answered 503 from 2026-11-26T18:55:28\.000Z/);
      const expired = await analyzeInputs([
        write(
          'expired.har',
          harDocument('chrome', [
            ...signIn({ token: FRESH_TOKEN, cacheControl: 'no-store' }),
            refresh(2700, FRESH_TOKEN, 401, { errorType: 'invalid_grant', errorMessage: 'Refresh token expired' }),
          ]),
        ),
      ]);
      expect(signatures(expired)).toEqual(['medium refresh-token-expired']);
    },
  );

  test('never prints a token: the report holds fingerprints only', async () => {
    const report = await analyzeInputs([write('affected.har', harDocument('chrome', defect({ fromCache: 'disk' })))]);
    const text = JSON.stringify(report);
    for (const secret of [STALE_TOKEN, 'refresh-token-value-never-printed', 'stale-access-token-of-the-first-sign-in']) expect(text).not.toContain(secret);
  });

  test(
    'npm run analyze on a HAR: the finding with entry evidence, no token in text or markdown',
    { annotation: { type: 'detail', description: 'evidence at affected.har#entries[5]' } },
    () => {
      const har = write('affected.har', harDocument('chrome', defect({ fromCache: 'disk' })));
      const note = path.join(folder, 'case-note.md');
      const { status, stdout } = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', har, '--markdown', note], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        encoding: 'utf8',
      });
      expect(status).toBe(0);
      expect(stdout).toMatch(/^ {2}har {9}13 entries +affected\.har/m);
      expect(stdout).toContain('1. [HIGH] refresh-token-mismatch (stale-access-token)');
      expect(stdout).toMatch(/^ {5}affected\.har#entries\[5\] {2}GET \/desktop\/sso\/token → 200 from the disk cache/m);
      for (const text of [stdout, readFileSync(note, 'utf8')]) expect(text).not.toContain('stale-access-token-of-the-first-sign-in');
    },
  );

  test('HARs gzipped, zipped and next to logs are recognised by content', async () => {
    const har = harDocument('chrome', defect({ fromCache: 'disk' }));
    const client =
      '2026-11-26T18:13:29.210 +00:00: C5E373: finesse.lab.test: Nov 26 2026 18:13:29.200 +0000: Header : Unable to refresh access token after 3 retries. User will be logged out in some time\n';
    write('network.har.gz', gzipSync(har));
    write('bundle.zip', zipSync({ 'har/network-2.har': new TextEncoder().encode(har), 'logs/client.log': new TextEncoder().encode(client) }));
    write('export.json', `\uFEFF  ${har}`);
    const report = await analyzeInputs([folder]);
    expect(report.files.map((file) => `${path.relative(folder, file.path)} ${file.kind}`)).toEqual([
      'bundle.zip!har/network-2.har har',
      'bundle.zip!logs/client.log client',
      'export.json har',
      'network.har.gz har',
    ]);
  });

  test('JSON that is not a HAR, and a truncated HAR, say so in one line; the entries read still count', async () => {
    const truncated = harDocument('chrome', defect({ fromCache: 'disk' }));
    const report = await analyzeInputs([
      write('settings.json', '{"theme": "dark", "entries": []}'),
      write('cut.har', truncated.slice(0, Math.floor(truncated.length * 0.6))),
    ]);
    const [settings, cut] = report.files;
    expect(settings).toMatchObject({ kind: 'unknown', error: 'JSON without a "log" object: not a HAR' });
    expect(cut!.kind).toBe('har');
    expect(cut!.error).toMatch(/^the HAR ends early \(truncated after \d+ entries\)$/);
    expect(cut!.lines).toBeGreaterThan(5);
  });

  test(
    'the entry stream cuts the same entries whatever the chunk size',
    { annotation: { type: 'detail', description: 'strings hold escaped quotes and brackets' } },
    () => {
      const tricky = JSON.stringify({
        log: { version: '1.2', creator: { name: 'x "quoted" ]}', version: '1' }, entries: [{ a: '\\"}]' }, { b: [1, { c: '{' }] }, { d: 'é ✓' }] },
      });
      const whole = cut(Buffer.from(tricky), tricky.length);
      expect(whole.entries).toEqual(['{"a":"\\\\\\"}]"}', '{"b":[1,{"c":"{"}]}', '{"d":"é ✓"}']);
      expect(whole.fields).toEqual(['version "1.2"', 'creator {"name":"x \\"quoted\\" ]}","version":"1"}']);
      for (const size of [1, 2, 3, 7]) expect(cut(Buffer.from(tricky), size)).toEqual(whole);
    },
  );
});

function cut(bytes: Buffer, size: number): { entries: string[]; fields: string[]; error: string | undefined } {
  const entries: string[] = [];
  const fields: string[] = [];
  const stream = new EntryStream({ entry: (json) => entries.push(json), field: (key, json) => fields.push(`${key} ${json}`) });
  for (let at = 0; at < bytes.length; at += size) stream.push(bytes.subarray(at, at + size));
  return { entries, fields, error: stream.end() };
}
