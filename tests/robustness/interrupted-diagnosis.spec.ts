import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { scanForSecrets, scanForTokenShapes } from '../../src/redaction/index.ts';
import { leaksUnder } from '../cli/leaks-under.ts';
import { entriesStartingWith, environmentsHolding, groupAlive, killGroup, STACK_FRAME, startAsUser, until, type UserProcess } from './user-process.ts';

/**
 * Ctrl+C during `npm run diagnose`, at three moments: the terminal sends SIGINT to the whole
 * foreground job (npm, tsx, node and what they started). Afterwards nothing runs on, the private
 * folder of raw evidence is gone, and no file under reports/ or the temporary folder holds the
 * planted password, the canary cookie or an issued token, raw or encoded.
 */
test.describe.configure({ mode: 'serial', timeout: 6 * 60_000 });

let scratch: string;
let run: UserProcess | undefined;
test.beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'robust-diagnose-'));
  mkdirSync(path.join(scratch, 'tmp'));
});
test.afterEach(() => {
  killGroup(run?.child.pid);
  run = undefined;
  rmSync(scratch, { recursive: true, force: true });
});

const tmp = () => path.join(scratch, 'tmp');
const reports = () => path.join(scratch, 'reports');
const workDir = () => entriesStartingWith(tmp(), 'finesse-diagnose-').map((name) => path.join(tmp(), name))[0];

function startDiagnosis(): UserProcess {
  return startAsUser(['npm', 'run', '-s', 'diagnose'], { OUTPUT_DIR: reports(), TMPDIR: tmp() });
}

/** The planted secrets, read from the test runner's environment while it runs (the diagnosis never prints them). */
function plantedSecrets(): string[] {
  const environment = environmentsHolding(`HARNESS_DIAGNOSE_RAW_DIR=${tmp()}`).find((each) => each.MOCK_AGENT_PASSWORD);
  return environment ? [environment.MOCK_AGENT_PASSWORD!, environment.HARNESS_CANARY_COOKIE!] : [];
}

function hasFileUnder(folder: string | undefined, name: RegExp): boolean {
  if (folder === undefined) return false;
  try {
    return readdirSync(folder, { recursive: true, encoding: 'utf8' }).some((file) => name.test(file));
  } catch {
    return false;
  }
}

async function interruptAndCheck(secrets: readonly string[]): Promise<void> {
  const pgid = run!.child.pid!;
  process.kill(-pgid, 'SIGINT');
  const code = await Promise.race([run!.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 60_000))]);
  expect(code, run!.stderr()).not.toBe('hung');
  expect(code).not.toBe(0);
  expect(run!.stderr()).not.toMatch(STACK_FRAME);
  expect(run!.stderr(), 'the interruption is said once, not also as a diagnosis that broke').not.toContain('did not finish');
  await until(() => !groupAlive(pgid), 10_000, 'the test runner and its browsers to stop');
  expect(entriesStartingWith(tmp(), 'finesse-diagnose-'), 'the private folder of raw evidence').toEqual([]);
  const everywhere = [reports(), tmp()].filter((folder) => existsSync(folder));
  const hits = [
    ...(await scanForSecrets(
      everywhere,
      secrets.map((value, index) => ({ label: `planted-${index}`, value })),
    )),
    ...(await scanForTokenShapes(everywhere)),
  ];
  expect(hits.map((hit) => `${hit.file}${hit.entry ? `!${hit.entry}` : ''}: ${hit.kind}`)).toEqual([]);
  expect(await leaksUnder(scratch)).toEqual([]);
}

test('Ctrl+C right after the start leaves no raw folder, no process and no secret', async () => {
  run = startDiagnosis();
  await until(() => workDir() !== undefined, 60_000, 'the private folder');
  await interruptAndCheck(plantedSecrets());
});

test('Ctrl+C while the browser is up and tracing leaves no trace files, no process and no secret', async () => {
  run = startDiagnosis();
  await until(() => hasFileUnder(workDir(), /\.playwright-artifacts-\d+\/traces\/.+/), 120_000, 'the browser to be up and tracing');
  const secrets = plantedSecrets();
  expect(secrets, 'the planted password, read from the test runner').toHaveLength(2);
  await interruptAndCheck(secrets);
});

test('Ctrl+C while the evidence bundle is written leaves no partial bundle with a secret and no raw folder', async () => {
  run = startDiagnosis();
  let secrets: string[] = [];
  await until(
    () => {
      if (secrets.length === 0) secrets = plantedSecrets();
      return existsResult();
    },
    170_000,
    'the test run to finish and the bundle to start',
  );
  expect(secrets).toHaveLength(2);
  await interruptAndCheck(secrets);
});

function existsResult(): boolean {
  return hasFileUnder(workDir(), /^result\.json$/);
}
