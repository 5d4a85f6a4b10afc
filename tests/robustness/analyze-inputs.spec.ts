import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { canRunAs, NOBODY, runCli } from './run-cli.ts';
import { STACK_FRAME } from './user-process.ts';

const SEED = path.join(process.cwd(), 'tests/unit/fixtures/logs/seed');
const SEED_FINDING = '1. [HIGH] refresh-token-mismatch (stale-access-token)';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'robust-analyze-'));
});
test.afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

const seed = (file: string) => readFileSync(path.join(SEED, file));
const analyze = (...args: string[]) => runCli('analyze', args);
const filesIn = (folder: string) => readdirSync(folder).sort();

function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(STACK_FRAME);
}

test.describe('analyze: bounded archives', () => {
  test('an archive nested deeper than --max-depth is reported, not opened; the seed beside it is analyzed', () => {
    let nested: Uint8Array = zipSync({ 'client.log': seed('client.log') });
    for (let level = 0; level < 3; level += 1) nested = zipSync({ [`level${level}.zip`]: nested });
    writeFileSync(path.join(dir, 'deep.zip'), nested);
    const { code, stdout, stderr } = analyze(dir, SEED);
    expect(code).toBe(0);
    expect(stderr).toMatch(/deep\.zip!level2\.zip!level1\.zip!level0\.zip: an archive nested deeper than 3 levels \(--max-depth\); not opened/);
    expect(stdout).toContain(SEED_FINDING);
    expect(filesIn(dir)).toEqual(['deep.zip']);
  });

  test('an entry past --max-entry-bytes is read up to there and reported; the next entry is read whole', () => {
    writeFileSync(path.join(dir, 'bundle.zip'), zipSync({ 'a-big.log': new Uint8Array(4 * 1024 * 1024).fill(0x41), 'client.log': seed('client.log') }));
    const { code, stdout, stderr } = analyze(path.join(dir, 'bundle.zip'), '--max-entry-bytes', String(1024 * 1024), path.join(SEED, 'ids.log'));
    expect(code).toBe(0);
    expect(stderr).toContain('bundle.zip!a-big.log: expands beyond 1048576 bytes (--max-entry-bytes); read up to there');
    expect(stdout).toContain(SEED_FINDING);
  });

  test('a gzip bomb stops at the expansion ratio, reported per file, never fatal', () => {
    writeFileSync(path.join(dir, 'bomb.log.gz'), gzipSync(Buffer.alloc(80 * 1024 * 1024)));
    const { code, stdout, stderr } = analyze(path.join(dir, 'bomb.log.gz'), SEED);
    expect(code).toBe(0);
    expect(stderr).toContain('bomb.log.gz: expands more than 200 times its compressed size (--max-ratio), as a zip bomb does; read up to there');
    expect(stdout).toContain(SEED_FINDING);
  });

  test('--max-total-bytes bounds all compressed inputs together', () => {
    writeFileSync(path.join(dir, 'one.gz'), gzipSync(seed('client.log')));
    writeFileSync(path.join(dir, 'two.gz'), gzipSync(Buffer.concat([seed('ids.log'), seed('ids.log')])));
    const { code, stderr } = analyze(dir, '--max-total-bytes', String(seed('client.log').length + 10));
    expect(code).toBe(0);
    expect(stderr).toContain('two.gz: the inputs together expand beyond');
  });

  test('a bound that is not a whole number is a usage error, exit 2, one line', () => {
    const { code, stdout, stderr } = analyze(SEED, '--max-ratio', 'lots');
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('analyze: --max-ratio: expected a whole number from 1, got "lots"');
    expect(stdout).toBe('');
  });
});

test.describe('analyze: only regular files', () => {
  test('/dev/zero is refused at once, exit 2, never read', () => {
    const { code, stderr } = analyze('/dev/zero');
    expect(code).toBe(2);
    expect(stderr).toContain('/dev/zero: not a regular file (a device, FIFO or socket); not read');
    expectNoStack(stderr);
  });

  test('a FIFO without a writer, given or in a folder, is refused without blocking; the rest is analyzed', () => {
    for (const file of readdirSync(SEED)) copyFileSync(path.join(SEED, file), path.join(dir, file));
    execFileSync('mkfifo', [path.join(dir, 'pipe.log')]);
    const { code, stdout, stderr } = runCli('analyze', [dir], { timeoutMs: 30_000 });
    expect(code).toBe(0);
    expect(stderr).toContain(`${path.join(dir, 'pipe.log')}: not a regular file (a device, FIFO or socket); not read`);
    expect(stdout).toContain(SEED_FINDING);
  });

  test('an unreadable sub-folder is reported; the other files are analyzed', () => {
    // Root reads every folder: as root, the analyzer runs as nobody.
    const user = process.getuid?.() === 0 ? NOBODY : undefined;
    test.skip(user !== undefined && !canRunAs(user, path.join(process.cwd(), 'scripts/analyze.ts')), 'nobody cannot run the project here');
    chmodSync(dir, 0o755);
    mkdirSync(path.join(dir, 'locked'));
    for (const file of readdirSync(SEED)) copyFileSync(path.join(SEED, file), path.join(dir, file));
    chmodSync(path.join(dir, 'locked'), 0);
    const { code, stdout, stderr } = runCli('analyze', [dir], { user });
    expect(code).toBe(0);
    expect(stderr).toContain('locked: a folder that cannot be listed (EACCES)');
    expect(stdout).toContain(SEED_FINDING);
  });
});

test.describe('analyze: decoding', () => {
  const utf16 = (text: Buffer, order: 'le' | 'be', bom: boolean) => {
    const le = Buffer.from(text.toString('utf8'), 'utf16le');
    const bytes = order === 'le' ? le : Buffer.from(le).swap16();
    return Buffer.concat([bom ? Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), bytes]);
  };

  for (const [order, bom] of [
    ['le', true],
    ['be', true],
    ['le', false],
    ['be', false],
  ] as const) {
    test(`UTF-16 ${order.toUpperCase()} ${bom ? 'with' : 'without'} a BOM gives the seed's findings`, () => {
      for (const file of readdirSync(SEED)) writeFileSync(path.join(dir, file), utf16(seed(file), order, bom));
      const { code, stdout } = analyze(dir);
      expect(code).toBe(0);
      expect(stdout).toContain(SEED_FINDING);
      expect(stdout).toMatch(/client +2 lines/);
    });
  }

  test('a UTF-8 BOM does not cost the first line', () => {
    writeFileSync(path.join(dir, 'client.log'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), seed('client.log')]));
    const { code, stdout } = analyze(path.join(dir, 'client.log'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/client +2 lines +client\.log/);
  });

  test('a binary file is "not a log", never "no known failure"; exit 2 when nothing is a log', () => {
    writeFileSync(path.join(dir, 'photo.jpg'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const { code, stdout, stderr } = analyze(path.join(dir, 'photo.jpg'));
    expect(code).toBe(2);
    expect(stderr).toContain('no log among the inputs');
    expect(stderr).toContain('photo.jpg: not a log');
    expect(stdout).not.toContain('Findings: none');
  });
});

test.describe('analyze: timestamps without a zone', () => {
  /** The seed as a customer's tooling might reformat it: every timestamp stripped of its zone (the seed's is -05:00). */
  const writeZonelessSeed = () => {
    for (const file of readdirSync(SEED)) {
      const text = seed(file)
        .toString('utf8')
        .replace(/(\d\d:\d\d:\d\d\.\d{3}) (?:[A-Z]{3}\(-0500\)|-05:00|-0500)(?=: | \[)/g, '$1');
      expect(text).not.toMatch(/-0500\) \[|-05:00: |-0500: /);
      writeFileSync(path.join(dir, file), text);
    }
  };
  const findingTimes = (stdout: string) =>
    (JSON.parse(stdout) as { findings: { signature: string; first: string; last: string }[] }).findings.map(({ signature, first, last }) => ({
      signature,
      first,
      last,
    }));

  test("--zone -05:00 gives the seed's findings at the seed's times and a warning naming every file", () => {
    writeZonelessSeed();
    const { code, stdout, stderr } = analyze(dir, '--zone', '-05:00', '--json');
    expect(code).toBe(0);
    const expected = findingTimes(analyze(SEED, '--json').stdout);
    expect(expected.length).toBeGreaterThan(0);
    expect(findingTimes(stdout)).toEqual(expected);
    expect(stderr).toContain('timestamps without a zone, read in UTC-05:00 (--zone)');
    for (const file of readdirSync(SEED))
      expect(stderr).toMatch(new RegExp(`${path.join(dir, file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ entries read as UTC-05:00`));
    expectNoStack(stderr);
  });

  test('without --zone such times are read as UTC, and the warning says it is the default', () => {
    writeZonelessSeed();
    const { code, stdout, stderr } = analyze(dir, '--json');
    expect(code).toBe(0);
    const seedFirst = findingTimes(analyze(SEED, '--json').stdout)[0]!;
    const first = findingTimes(stdout)[0]!;
    expect(first.signature).toBe(seedFirst.signature);
    expect(Date.parse(seedFirst.first) - Date.parse(first.first)).toBe(5 * 3_600_000);
    expect(stderr).toContain('timestamps without a zone, read in UTC (the default); give --zone');
  });

  test('logs whose times carry a zone draw no zone warning', () => {
    const { code, stderr } = analyze(SEED);
    expect(code).toBe(0);
    expect(stderr).not.toContain('without a zone');
  });

  test('a --zone that is not UTC or an offset is a usage error, exit 2, one line', () => {
    const { code, stdout, stderr } = analyze(SEED, '--zone', 'Mars/Olympus');
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('analyze: --zone: expected UTC, Z or an offset such as -05:00 or +0530, got "Mars/Olympus"');
    expect(stdout).toBe('');
    expectNoStack(stderr);
  });
});

test.describe('analyze: output', () => {
  test('--markdown over an existing file needs --force; with it the file is replaced', () => {
    const note = path.join(dir, 'note.md');
    writeFileSync(note, 'my case notes');
    const refused = analyze(SEED, '--markdown', note);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toBe(`analyze: --markdown: ${note} exists; add --force to replace it, or give another name`);
    expect(readFileSync(note, 'utf8')).toBe('my case notes');
    const forced = analyze(SEED, '--markdown', note, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(note, 'utf8')).toContain('refresh-token-mismatch');
    expect(filesIn(dir)).toEqual(['note.md']);
  });

  test('--markdown onto an input is refused even with --force; the log is untouched', () => {
    copyFileSync(path.join(SEED, 'client.log'), path.join(dir, 'client.log'));
    const { code, stderr } = analyze(dir, '--markdown', path.join(dir, 'client.log'), '--force');
    expect(code).toBe(2);
    expect(stderr).toContain('is an input');
    expect(readFileSync(path.join(dir, 'client.log'))).toEqual(seed('client.log'));
  });

  test('--markdown to a folder is refused before the analysis, exit 2, no stack trace', () => {
    const { code, stdout, stderr } = analyze(SEED, '--markdown', dir);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`analyze: --markdown: ${dir} is a folder; give a file name`);
    expect(stdout).toBe('');
    expectNoStack(stderr);
  });

  test('analyze | head ends quietly: no EPIPE error, no stack trace', async () => {
    const child = spawn('sh', ['-c', `node --import tsx scripts/analyze.ts ${SEED} ${SEED} --json | head -c 10`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  test('control characters in zip entry names and log lines are printed escaped', () => {
    const forged = 'x.log\n1. [HIGH] forged-finding\u001b[2J';
    writeFileSync(path.join(dir, 'bundle.zip'), zipSync({ [forged]: Buffer.concat([seed('client.log'), Buffer.from('\u001b]0;pwned\u0007 trailing\n')]) }));
    const { code, stdout, stderr } = analyze(path.join(dir, 'bundle.zip'));
    expect(code).toBe(0);
    expect(stdout).toContain('x.log\\n1. [HIGH] forged-finding\\x1b[2J');
    // eslint-disable-next-line no-control-regex
    expect(stdout + stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(stdout).not.toMatch(/^1\. \[HIGH\] forged-finding/m);
  });
});
