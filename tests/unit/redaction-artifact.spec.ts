import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { tinyPng } from './fixtures/redaction/images.ts';
import { redactArtifact, redactFolder, scanForSecrets } from '../../src/redaction/index.ts';
import { walkArtifacts } from '../../src/redaction/artifact-walk.ts';
import { buildLeakyHar } from './fixtures/redaction/leaky-har.ts';
import { text } from './fixtures/redaction/scan-bytes.ts';

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);
const PNG = new Uint8Array(tinyPng());

test.describe('fail closed: what cannot be parsed is withheld, with the reason', () => {
  const cases: [string, string, Uint8Array, string][] = [
    ['bad JSON', 'storage-state.json', encode('{"cookies": [{"name": "SID", "value": "abc"'), 'storage-state.json is not a JSON document'],
    ['a HAR without log.entries', 'network.har', encode('{"log": {}}'), 'not a HAR document (no log.entries)'],
    ['a broken zip', 'trace.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), 'trace.zip is not a readable zip archive'],
    ['a .zip that is no zip', 'bundle.zip', encode('not a zip at all'), 'bundle.zip is not a zip archive'],
    ['a .gz that is no gzip', 'ids.log.gz', encode('plain text'), 'ids.log.gz is not a gzip archive'],
    ['a corrupt gzip stream', 'ids.log.gz', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]), 'ids.log.gz is not readable gzip'],
    ['unknown binary (a video)', 'video.webm', new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x00, 0x9f, 0x42, 0x86]), 'video.webm is binary of an unknown type'],
    ['a file named as an image that is not one', 'screenshot.png', encode('Cookie: SID=abc'), 'screenshot.png is not a well-formed PNG or JPEG'],
  ];
  for (const [what, name, bytes, reason] of cases) {
    test(what, () => {
      const result = redactArtifact(name, bytes);
      expect(result.kind).toBe('withheld');
      expect(result.kind === 'withheld' && result.reason).toContain(reason);
    });
  }

  test('images are kept byte for byte', () => {
    const result = redactArtifact('screenshot.png', PNG);
    expect(result).toEqual({ kind: 'redacted', bytes: PNG, replacements: {}, withheldParts: [] });
  });

  test('a zip keeps what it can: a bad entry is withheld and listed, the others redacted', () => {
    const inner = zipSync({ 'inner.json': encode('{"refresh_token": "opaque-refresh-0123456789"}'), 'clip.webm': new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0]) });
    const result = redactArtifact('bundle.zip', zipSync({ 'notes.txt': encode('access_token=opaque-access-0123456789'), 'nested.zip': inner }));
    if (result.kind !== 'redacted') throw new Error(result.reason);
    expect(result.withheldParts).toEqual([{ part: 'nested.zip!clip.webm', reason: 'clip.webm is binary of an unknown type' }]);
    expect(result.replacements).toEqual({ 'access-token': 1, 'refresh-token': 1 });
  });
});

test.describe('storage state and other JSON', () => {
  test('cookie values and web storage values are replaced; names, domains and flags kept', () => {
    const state = {
      cookies: [
        {
          name: 'JSESSIONID',
          value: 'ABCDEF0123456789ABCDEF',
          domain: 'finesse.lab.test',
          path: '/',
          expires: -1,
          httpOnly: true,
          secure: true,
          sameSite: 'Lax',
        },
      ],
      origins: [
        {
          origin: 'https://finesse.lab.test',
          localStorage: [
            { name: 'lang', value: 'en-US' },
            { name: 'refreshToken', value: 'opaque-refresh-0123456789' },
          ],
        },
      ],
    };
    const result = redactArtifact('storage-state.json', encode(JSON.stringify(state, null, 2)));
    if (result.kind !== 'redacted') throw new Error(result.reason);
    const out = JSON.parse(text(result.bytes)) as typeof state;
    expect(out.cookies[0]).toEqual({ ...state.cookies[0], value: expect.stringMatching(/^\[cookie #[0-9a-f]{4}\]$/) as unknown });
    expect(out.origins[0]?.localStorage).toEqual([
      { name: 'lang', value: expect.stringMatching(/^\[storage #/) as unknown },
      { name: 'refreshToken', value: expect.stringMatching(/^\[refresh-token #/) as unknown },
    ]);
    expect(text(result.bytes)).toContain('\n  "cookies": ['); // formatting kept
  });
});

test.describe('redactFolder', () => {
  let root = '';
  test.beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'redact-folder-'));
  });
  test.afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('writes a redacted copy, lists what was withheld, counts per label, and never a value', async () => {
    const input = path.join(root, 'evidence');
    const output = path.join(root, 'redacted');
    const { har, shapes } = buildLeakyHar();
    const agentPassword = 'Agent-P4ss';
    // An opaque refresh token met by structure in the HAR is also caught in a log where no rule would see it.
    const refresh = shapes.find((shape) => shape.shape.startsWith('JSON token response refresh_token'))?.secret ?? '';
    await mkdir(path.join(input, 'logs'), { recursive: true });
    await writeFile(path.join(input, 'network.har'), JSON.stringify(har));
    await writeFile(path.join(input, 'logs', 'client.log'), `10:00 Header : stored ${refresh} for later\n10:01 typed ${agentPassword}\n`);
    await writeFile(path.join(input, 'screenshot.png'), PNG);
    await writeFile(path.join(input, 'video.webm'), new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0]));
    await writeFile(path.join(input, 'broken.json'), '{"token": ');
    await symlink('/etc/passwd', path.join(input, 'linked.txt'));

    const report = await redactFolder(input, output, { secrets: [{ label: 'password', value: agentPassword }] });

    expect(report.redacted.map((entry) => entry.file).sort()).toEqual([path.join('logs', 'client.log'), 'network.har', 'screenshot.png']);
    expect(report.withheld).toEqual([
      { file: 'broken.json', reason: 'broken.json is not a JSON document' },
      { file: 'linked.txt', reason: 'not a regular file (link or device)' },
      { file: 'video.webm', reason: 'video.webm is binary of an unknown type' },
    ]);
    expect(report.replacements.cookie).toBeGreaterThan(0);
    expect(report.replacements['refresh-token']).toBeGreaterThan(0);
    const log = await readFile(path.join(output, 'logs', 'client.log'), 'utf8');
    expect(log).toMatch(/^10:00 Header : stored \[refresh-token #[0-9a-f]{4}\] for later\n10:01 typed \[password\]\n$/);

    const everything = [...shapes.map(({ shape, secret }) => ({ label: shape, value: secret })), { label: 'agent password', value: agentPassword }];
    expect(await scanForSecrets([output], everything)).toEqual([]);
    const serializedReport = JSON.stringify(report);
    for (const { value } of everything) expect(serializedReport).not.toContain(value);
  });

  test('refuses to write into the folder it reads', async () => {
    await expect(redactFolder(root, path.join(root, 'out'))).rejects.toThrow('must not be inside the input folder');
  });
});

test.describe('the scan walk bounds what archives expand to', () => {
  test(
    'a zip or gzip bomb is an unreadable hit; archives within the bound are searched',
    { annotation: { type: 'detail', description: 'the bomb does not exhaust the heap' } },
    async () => {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'bomb-'));
      try {
        const zeros = (bytes: number) => new Uint8Array(bytes);
        await writeFile(path.join(folder, 'deflated.zip'), zipSync({ 'zeros.bin': zeros(4 << 20) }, { level: 9 }));
        await writeFile(path.join(folder, 'zeros.gz'), gzipSync(zeros(4 << 20)));
        // Each gzip fits alone; after the first (and the zip's own entries, counted too) the rest pass the bound: one budget per file, all levels.
        await writeFile(
          path.join(folder, 'nested.zip'),
          zipSync(Object.fromEntries(['a', 'b', 'c'].map((name) => [`${name}.gz`, [gzipSync(zeros(512 << 10)), { level: 0 }]]))),
        );
        await writeFile(path.join(folder, 'small.zip'), zipSync({ 'note.txt': encode('secret-value-1234') }));
        const found: string[] = [];
        await walkArtifacts(
          [folder],
          {
            bytes(location, bytes) {
              if (Buffer.from(bytes).includes('secret-value-1234')) found.push(`${path.basename(location.file)}!${location.entry ?? ''}`);
            },
            unreadable(location, reason) {
              found.push(`${path.basename(location.file)}${location.entry ? `!${location.entry}` : ''}: ${reason}`);
            },
          },
          { maxExpandedBytes: 1 << 20 },
        );
        expect(found).toEqual([
          'deflated.zip!zeros.bin: zip entry expands past the 1048576 bytes searched per file',
          'nested.zip!b.gz: gzip expands past the 1048576 bytes searched per file',
          'nested.zip!c.gz: gzip expands past the 1048576 bytes searched per file',
          'small.zip!note.txt',
          'zeros.gz: gzip expands past the 1048576 bytes searched per file',
        ]);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
});
