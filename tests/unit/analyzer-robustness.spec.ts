import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { analyzeInputs, analyzeSources } from '../../src/analyzer/analyze.ts';
import { InputError, listInputs } from '../../src/analyzer/inputs/list-inputs.ts';
import { MAX_LINE_CHARS } from '../../src/analyzer/line-splitter.ts';
import type { AnalysisReport } from '../../src/analyzer/types.ts';

const SEED = path.join(import.meta.dirname, 'fixtures/logs/seed');
const SEED_FILES = ['client.log', 'ids.log', 'webservices.log'];

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'analyzer-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function seedBytes(file: string): Buffer {
  return readFileSync(path.join(SEED, file));
}

function copySeed(into: string): void {
  mkdirSync(into, { recursive: true });
  for (const file of SEED_FILES) copyFileSync(path.join(SEED, file), path.join(into, file));
}

/** The seed's diagnosis, as every variant of its input must still give it. */
function expectSeedDiagnosis(report: AnalysisReport): void {
  expect(report.findings.map((finding) => [finding.signature, finding.subCause, finding.user])).toEqual([
    ['refresh-token-mismatch', 'stale-access-token', 'Agent2'],
    ['forced-logout-after-refresh-failure', undefined, 'Agent2'],
  ]);
}

/** Deterministic noise (xorshift), so a failure can be reproduced. */
function randomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

test.describe('analyzer robustness', () => {
  test(
    'random bytes are an unknown file with unparsed lines; good logs beside them still give a finding',
    { annotation: { type: 'detail', description: 'reported as an unknown file with its unparsed lines' } },
    async () => {
      copySeed(dir);
      writeFileSync(path.join(dir, 'garbage.bin'), randomBytes(300_000, 0x2545f491));
      const report = await analyzeInputs([dir]);
      const garbage = report.files.find((file) => file.path.endsWith('garbage.bin'))!;
      expect(garbage.kind).toBe('unknown');
      expect(garbage.lines).toBeGreaterThan(100);
      expect(garbage.unparsed).toBeGreaterThan(0);
      expectSeedDiagnosis(report);
    },
  );

  test('truncated lines are counted as unparsed; the whole lines around them are read', async () => {
    const lines = seedBytes('ids.log').toString('utf8').trimEnd().split('\n');
    const broken = [
      lines[0],
      '2017-03-25 05:15:06.7',
      ...lines.slice(1, 4),
      '2017-03-25 05:15:27.507 CDT(-0500) [IdSEndPoints-198] WARN com.cisco.ccbu.ids IdSRefresh',
      ...lines.slice(4),
    ];
    writeFileSync(path.join(dir, 'ids.log'), `${broken.join('\n')}\n`);
    copyFileSync(path.join(SEED, 'client.log'), path.join(dir, 'client.log'));
    copyFileSync(path.join(SEED, 'webservices.log'), path.join(dir, 'webservices.log'));
    const report = await analyzeInputs([dir]);
    expect(report.files.find((file) => file.path.endsWith('ids.log'))).toMatchObject({ kind: 'ids', lines: 9, unparsed: 2 });
    expectSeedDiagnosis(report);
  });

  test('a 1 MB line and a line longer than the limit are read without trouble; lines after them still count', async () => {
    const payload = 'x'.repeat(1_000_000);
    const huge = 'y'.repeat(MAX_LINE_CHARS * 3);
    const ws = seedBytes('webservices.log').toString('utf8');
    const entry = `2017-03-25 05:10:00.000 CDT(-0500) [http-apr-8445-exec-9] INFO c.c.c.f.api.UserResource UserResource.java:173 - body ${payload}`;
    writeFileSync(path.join(dir, 'webservices.log'), `${entry}\n${huge}\n${ws}`);
    copyFileSync(path.join(SEED, 'ids.log'), path.join(dir, 'ids.log'));
    copyFileSync(path.join(SEED, 'client.log'), path.join(dir, 'client.log'));
    const report = await analyzeInputs([dir]);
    expect(report.files.find((file) => file.path.endsWith('webservices.log'))).toMatchObject({ kind: 'webservices', lines: 7, unparsed: 0 });
    expectSeedDiagnosis(report);
  });

  test('an empty file is reported as empty', async () => {
    writeFileSync(path.join(dir, 'empty.log'), '');
    const report = await analyzeInputs([path.join(dir, 'empty.log')]);
    expect(report).toEqual({ files: [{ path: path.join(dir, 'empty.log'), kind: 'empty', lines: 0, unparsed: 0 }], users: [], findings: [] });
  });

  test('a file that vanishes between listing and reading is reported unreadable; the others are analyzed', async () => {
    copySeed(dir);
    writeFileSync(path.join(dir, 'rotated.log'), seedBytes('client.log'));
    const sources = await listInputs([dir]);
    unlinkSync(path.join(dir, 'rotated.log'));
    const report = await analyzeSources(sources);
    expect(report.files.find((file) => file.path.endsWith('rotated.log'))).toEqual({
      path: path.join(dir, 'rotated.log'),
      kind: 'unreadable',
      lines: 0,
      unparsed: 0,
      error: 'the file disappeared before it could be read (ENOENT)',
    });
    expectSeedDiagnosis(report);
  });

  test('a file that fails while it is read keeps what was read before the failure and says why it stopped', async () => {
    const ids = seedBytes('ids.log');
    const failing = {
      path: 'remote/ids.log',
      open: () =>
        Readable.from(
          (async function* () {
            yield ids;
            await Promise.resolve();
            throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
          })(),
        ),
    };
    const others = (await listInputs([SEED])).filter((source) => !source.path.endsWith('ids.log'));
    const report = await analyzeSources([failing, ...others]);
    expect(report.files.find((file) => file.path === 'remote/ids.log')).toMatchObject({ kind: 'ids', lines: 7, error: 'EIO: i/o error, read' });
    expectSeedDiagnosis(report);
  });

  test(
    'a flood of failures is bounded: the findings and lines beyond the bounds are counted',
    { annotation: { type: 'detail', description: 'findings beyond the limit, lines beyond the memory bound' } },
    async () => {
      const lines: string[] = [];
      for (let i = 0; i < 12_000; i += 1) {
        const at = new Date(Date.UTC(2026, 2, 2, 8) + i * 1000).toISOString().replace('T', ' ').slice(0, 23);
        const id = (n: number) => n.toString(16).padStart(40, '0');
        lines.push(
          `${at} UTC(+0000) [IdSEndPoints-${i}] WARN com.cisco.ccbu.ids IdSRefreshTokenRequestValidator.java:115 - refresh token id mismatch.. refresh token id in refresh token is ${id(2 * i)}; in access token is ${id(2 * i + 1)}`,
        );
      }
      writeFileSync(path.join(dir, 'ids.log'), `${lines.join('\n')}\n`);
      const report = await analyzeInputs([dir]);
      expect(report.findings).toHaveLength(100);
      expect(report.omittedFindings).toEqual({ 'refresh-token-mismatch': 9_900 });
      expect(report.eventsNotKept).toBe(2_000);
    },
  );

  test('CRLF logs read like LF logs', async () => {
    for (const file of SEED_FILES) writeFileSync(path.join(dir, file), seedBytes(file).toString('utf8').replace(/\n/g, '\r\n'));
    const report = await analyzeInputs([dir]);
    expect(report.files.every((file) => file.unparsed === 0)).toBe(true);
    expectSeedDiagnosis(report);
    expect(report.findings[0]!.evidence.every((line) => !line.text.endsWith('\r'))).toBe(true);
  });

  test('a file given twice (alone and inside its folder) is read once', async () => {
    copySeed(dir);
    const report = await analyzeInputs([dir, path.join(dir, 'ids.log')]);
    expect(report.files.map((file) => path.basename(file.path))).toEqual(['client.log', 'ids.log', 'webservices.log']);
    expectSeedDiagnosis(report);
  });

  test('a path that does not exist is a usage error', async () => {
    await expect(analyzeInputs([path.join(dir, 'nope')])).rejects.toThrow(InputError);
    await expect(analyzeInputs([path.join(dir, 'nope')])).rejects.toThrow(`no such file or folder: ${path.join(dir, 'nope')}`);
  });
});

test.describe('analyzer inputs: gzip and zip', () => {
  test('.gz files are read by their magic bytes, whatever their name', async () => {
    for (const file of SEED_FILES) writeFileSync(path.join(dir, `${file}.gz`), gzipSync(seedBytes(file)));
    writeFileSync(path.join(dir, 'ids-rotated'), gzipSync(Buffer.alloc(0)));
    const report = await analyzeInputs([dir]);
    expect(report.files.map((file) => [path.basename(file.path), file.kind])).toEqual([
      ['client.log.gz', 'client'],
      ['ids-rotated', 'empty'],
      ['ids.log.gz', 'ids'],
      ['webservices.log.gz', 'webservices'],
    ]);
    expectSeedDiagnosis(report);
  });

  test('a zip bundle, with a gzip and another zip inside, is read entry by entry', async () => {
    const inner = zipSync({ 'ids.log': seedBytes('ids.log') });
    const bundle = zipSync({
      'bundle/logs/client.log': seedBytes('client.log'),
      'bundle/logs/webservices.log.gz': gzipSync(seedBytes('webservices.log')),
      'bundle/logs/ids.zip': inner,
      'bundle/screenshot.png': randomBytes(5_000, 7),
      'bundle/empty/': new Uint8Array(0),
    });
    writeFileSync(path.join(dir, 'evidence.zip'), bundle);
    const report = await analyzeInputs([path.join(dir, 'evidence.zip')]);
    const zip = path.join(dir, 'evidence.zip');
    expect(report.files.map((file) => [file.path, file.kind])).toEqual([
      [`${zip}!bundle/logs/client.log`, 'client'],
      [`${zip}!bundle/logs/webservices.log.gz`, 'webservices'],
      [`${zip}!bundle/logs/ids.zip!ids.log`, 'ids'],
      [`${zip}!bundle/screenshot.png`, 'unknown'],
    ]);
    expectSeedDiagnosis(report);
    expect(report.findings[0]!.evidence[0]!.file).toBe(`${zip}!bundle/logs/ids.zip!ids.log`);
  });

  test('a zip written as a stream (sizes after the data) is read too', async () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, data) => {
      if (error) throw error;
      chunks.push(data);
    });
    for (const file of SEED_FILES) {
      const entry = new ZipDeflate(`logs/${file}`, { level: 6 });
      zip.add(entry);
      entry.push(seedBytes(file), true);
    }
    zip.end();
    writeFileSync(path.join(dir, 'streamed.zip'), Buffer.concat(chunks));
    expectSeedDiagnosis(await analyzeInputs([path.join(dir, 'streamed.zip')]));
  });

  test('corrupt archives are reported with their error, never thrown', async () => {
    copySeed(dir);
    writeFileSync(path.join(dir, 'cut.log.gz'), gzipSync(seedBytes('ids.log')).subarray(0, 60));
    const zip = zipSync({ 'a.log': strToU8('x\n'.repeat(10_000)) }, { level: 9 });
    writeFileSync(path.join(dir, 'cut.zip'), zip.subarray(0, 40));
    writeFileSync(path.join(dir, 'bad.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(500, 3)]));
    const report = await analyzeInputs([dir]);
    for (const name of ['cut.log.gz', 'bad.gz']) {
      expect(report.files.find((file) => file.path.endsWith(name))!.error, name).toMatch(/^gzip: /);
    }
    expect(report.files.find((file) => file.path.includes('cut.zip'))!.error).toMatch(/zip/);
    expectSeedDiagnosis(report);
  });
});
