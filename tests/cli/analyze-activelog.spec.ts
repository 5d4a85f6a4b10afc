import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { ACTIVELOG_LOGS_FOLDER } from '../../mock/logs/log-folder.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEED = path.join(ROOT, 'tests/unit/fixtures/logs/seed');

/**
 * The seed's logs (TAC 212067) laid out as `file get activelog /desktop recurs compress` gives
 * them (TAC 212078; the tree below `desktop/` is INFERRED, as in the mock's log folder):
 * `Desktop-webservices…` files, a client log named by Send Error Report's agent id and time, the
 * IdS log, and Tomcat's catalina.out, which holds none of the signatures.
 */
function activelogDownload(root: string): void {
  const logs = path.join(root, ACTIVELOG_LOGS_FOLDER);
  const place = (from: string, to: string) => {
    mkdirSync(path.dirname(path.join(logs, to)), { recursive: true });
    cpSync(path.join(SEED, from), path.join(logs, to));
  };
  place('webservices.log', 'webservices/Desktop-webservices.2017-03-25T04-40-00.log');
  place('client.log', 'clientlogs/Agent2_2017-03-25T05-28-40.log');
  place('ids.log', 'ids/ids.log');
  mkdirSync(path.join(root, 'desktop/finesse/logs'), { recursive: true });
  writeFileSync(
    path.join(root, 'desktop/finesse/logs/catalina.out'),
    'Mar 25, 2017 4:40:00 AM org.apache.catalina.startup.Catalina start\nINFO: Server startup in 41234 ms\n',
  );
}

function analyze(input: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', input, '--json'], { cwd: ROOT, encoding: 'utf8' });
  // Tomcat's own log is passed over, said once; nothing else goes to stderr.
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/catalina\.out: not a log .*; skipped$/)]);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as {
    files: { path: string; kind: string }[];
    findings: { signature: string; subCause?: string; user: string | null; provenance: string }[];
  };
}

function filesUnder(folder: string): Record<string, Uint8Array> {
  const entries: Record<string, Uint8Array> = {};
  const visit = (relative: string) => {
    const full = path.join(folder, relative);
    if (statSync(full).isDirectory()) for (const name of readdirSync(full)) visit(path.join(relative, name));
    else entries[relative] = new Uint8Array(readFileSync(full));
  };
  for (const name of readdirSync(folder)) visit(name);
  return entries;
}

let dir: string;
let download: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'activelog-'));
  download = path.join(dir, 'download');
  activelogDownload(download);
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

test.describe('npm run analyze on a file get activelog /desktop recurs compress download', () => {
  const expectSeedDefect = (report: ReturnType<typeof analyze>) => {
    expect(report.findings[0]).toMatchObject({ signature: 'refresh-token-mismatch', subCause: 'stale-access-token', user: 'Agent2', provenance: 'seed' });
    // Entry names inside an archive are redacted in the output; the kinds say each file was read.
    expect(report.files.map((file) => file.kind).sort()).toEqual(['client', 'ids', 'unknown', 'webservices']);
  };

  test('the unpacked folder: the seed defect found, each file read as its kind', () => {
    expectSeedDefect(analyze(download));
  });

  test('the .tgz as the CLI compresses it (GNU tar, gzip): the seed defect found inside', () => {
    const archive = path.join(dir, 'activelog-desktop.tgz');
    const tar = spawnSync('tar', ['-czf', archive, '-C', download, 'desktop'], { encoding: 'utf8' });
    expect(tar.status, tar.stderr).toBe(0);
    expectSeedDefect(analyze(archive));
  });

  test('the same tree zipped: the seed defect found inside', () => {
    const archive = path.join(dir, 'activelog-desktop.zip');
    writeFileSync(archive, zipSync(filesUnder(download)));
    expectSeedDefect(analyze(archive));
  });
});
