import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { runCli } from './run-cli.ts';
import { STACK_FRAME } from './user-process.ts';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'robust-json-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const USAGE = 'Usage: npm run compare --';

test.describe('compare: JSON inputs checked before they are parsed', () => {
  test('/dev/zero is refused at once (not read until memory runs out), exit 2', () => {
    writeFileSync(path.join(dir, 'run.json'), '{}');
    const { code, stderr } = runCli('compare', ['/dev/zero', path.join(dir, 'run.json')]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('compare: /dev/zero: not a regular file (a device, FIFO or socket); expected a diagnosis');
    expect(stderr).toContain(USAGE);
  });

  for (const [name, document, message] of [
    ['null', 'null', 'not a diagnosis (expected the JSON'],
    ['checks of the wrong type', '{"checks":[1],"reproduced":true,"recovered":false}', 'not a diagnosis: checks[0] is not a check'],
    ['versions of the wrong type', '{"checks":[],"reproduced":true,"recovered":false,"versions":"1.0"}', 'not a diagnosis: versions is not an object'],
    ['findings of the wrong type', '{"checks":[],"reproduced":true,"recovered":false,"findings":[null]}', 'not a diagnosis: findings[0] is not a finding'],
    ['malformed JSON', '{"checks":', 'not JSON'],
  ] as const) {
    test(`a run of ${name} is one line and exit 2, no stack trace`, () => {
      writeFileSync(path.join(dir, 'run.json'), document);
      const { code, stdout, stderr } = runCli('compare', [path.join(dir, 'run.json'), path.join(dir, 'run.json')]);
      expect(code).toBe(2);
      expect(stderr.split('\n')[0]).toContain(message);
      expect(stderr).not.toMatch(STACK_FRAME);
      expect(stdout).toBe('');
    });
  }

  test('a bundle whose verdict.json declares more than the JSON bound is refused before inflating it', () => {
    const zip = zipSync({ 'run/verdict.json': new Uint8Array(20 * 1024 * 1024).fill(0x20) });
    writeFileSync(path.join(dir, 'bundle.zip'), zip);
    const { code, stderr } = runCli('compare', [path.join(dir, 'bundle.zip'), path.join(dir, 'bundle.zip')]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(/bundle\.zip: run\/verdict\.json expands to 20971520 bytes, more than the \d+ a verdict can be; not read/);
    expect(readdirSync(dir)).toEqual(['bundle.zip']);
  });
});

test.describe('lab-mode diagnose: lab-profile.json checked before it is used', () => {
  const labEnv = (outputDir: string) => ({
    TARGET: 'lab',
    FINESSE_URL: 'https://finesse.example.test:8445/desktop',
    AGENT_USERNAME: 'agent007',
    AGENT_PASSWORD: 'Robust-Pass-1',
    AGENT_EXTENSION: '1007',
    LAB_ALLOWED_HOSTS: 'finesse.example.test',
    OUTPUT_DIR: outputDir,
  });

  for (const [name, content] of [
    ['malformed', '{"tokenResponse": '],
    ['null', 'null'],
  ] as const) {
    test(`a ${name} lab-profile.json is one line naming the file and exit 2; the file is kept`, () => {
      const reports = path.join(dir, 'reports');
      mkdirSync(reports);
      writeFileSync(path.join(reports, 'lab-profile.json'), content);
      const { code, stderr } = runCli('diagnose', [], { env: labEnv(reports) });
      expect(code).toBe(2);
      expect(stderr.split('\n')[0]).toContain(`TARGET=lab: ${path.join(reports, 'lab-profile.json')}: not`);
      expect(stderr.split('\n')[0]).toContain('run npm run survey again or fix the file');
      expect(stderr).not.toMatch(STACK_FRAME);
      expect(readdirSync(reports)).toEqual(['lab-profile.json']);
    });
  }
});

test('survey --diff on malformed JSON is one line and exit 2; the current profile is kept', () => {
  const reports = path.join(dir, 'reports');
  mkdirSync(reports);
  writeFileSync(path.join(reports, 'lab-profile.json'), '{"finesseVersion":"12.6(2)"}');
  writeFileSync(path.join(dir, 'old.json'), '{"finesseVersion": 12.');
  const { code, stderr } = runCli('survey', ['--diff', path.join(dir, 'old.json')], { env: { OUTPUT_DIR: reports } });
  expect(code).toBe(2);
  expect(stderr.split('\n')[0]).toContain(`--diff: ${path.join(dir, 'old.json')}: not valid JSON`);
  expect(stderr).not.toMatch(STACK_FRAME);
  expect(readdirSync(reports)).toEqual(['lab-profile.json']);
});

test(
  'a failed survey keeps the profile lab-mode diagnose needs, byte for byte',
  { annotation: { type: 'detail', description: 'failed: the lab does not answer' } },
  () => {
    const reports = path.join(dir, 'reports');
    mkdirSync(reports);
    const profile = '{"finesseVersion":"12.6(2)","learned":"before the upgrade"}\n';
    writeFileSync(path.join(reports, 'lab-profile.json'), profile);
    // A lab on loopback port 9 (discard): nothing listens, the sign-in cannot start.
    const lab = {
      TARGET: 'lab',
      FINESSE_URL: 'https://finesse.lab.test:9',
      IDS_URL: 'https://ids.lab.test:9',
      IDP_KIND: 'adfs',
      AGENT_USERNAME: 'agent007',
      AGENT_PASSWORD: 'survey-robustness-pw',
      AGENT_EXTENSION: '1007',
    };
    const hosts = { LAB_ALLOWED_HOSTS: 'finesse.lab.test,ids.lab.test', HOST_MAP: 'finesse.lab.test=127.0.0.1,ids.lab.test=127.0.0.1', OUTPUT_DIR: reports };
    const { code, stderr } = runCli('survey', [], { env: { ...lab, ...hosts }, timeoutMs: 120_000 });
    expect(code).not.toBe(0);
    expect(stderr).toContain(`${path.join(reports, 'lab-profile.json')} is kept as it was`);
    expect(readFileSync(path.join(reports, 'lab-profile.json'), 'utf8')).toBe(profile);
    expect(readdirSync(reports).filter((name) => name.endsWith('.json'))).toEqual(['lab-profile.json']);
  },
);
