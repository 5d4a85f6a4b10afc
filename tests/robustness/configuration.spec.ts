import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runCli } from './run-cli.ts';
import { STACK_FRAME } from './user-process.ts';

/** `diagnose --dry-run` in a folder of its own: reads that folder's .env, prints the plan, starts nothing. */
let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'robust-config-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dryRun = (env: Record<string, string> = {}) => runCli('diagnose', ['--dry-run'], { cwd: dir, env });
const LAB = { TARGET: 'lab', AGENT_USERNAME: 'agent007', AGENT_PASSWORD: 'Robust-Pass-1', AGENT_EXTENSION: '1007', LAB_ALLOWED_HOSTS: 'finesse.example.test' };

test('a password in FINESSE_URL is refused without echoing it, in the error and in no plan', () => {
  const { code, stdout, stderr } = dryRun({ ...LAB, FINESSE_URL: 'https://agent007:Url-Secret-9@finesse.example.test/desktop' });
  expect(code).toBe(2);
  expect(stderr).toContain('FINESSE_URL: holds a user name or password (user:password@host); remove it');
  expect(stdout + stderr).not.toContain('Url-Secret-9');
  expect(stdout).toBe('');
});

test('an unknown variable like TARGT=lab is warned about with the name meant', () => {
  const { code, stderr } = dryRun({ TARGT: 'lab' });
  expect(code).toBe(0);
  expect(stderr).toContain('Configuration warning: environment: TARGT is not a variable of the harness and is ignored; did you mean TARGET?');
});

test('an unknown name in .env is warned about with a suggestion', () => {
  writeFileSync(path.join(dir, '.env'), 'MOCK_PROFLE=fixed\n');
  const { code, stderr } = dryRun();
  expect(code).toBe(0);
  expect(stderr).toContain('.env: MOCK_PROFLE is not a variable of the harness and is ignored; did you mean MOCK_PROFILE?');
});

test('a UTF-16 .env (Notepad, PowerShell) is read', () => {
  writeFileSync(path.join(dir, '.env'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('MOCK_PROFILE=fixed\r\n', 'utf16le')]));
  const { code, stdout } = dryRun();
  expect(code).toBe(0);
  expect(stdout).toContain('profile fixed');
});

test('a .env that is a folder is one clear problem and exit 2', () => {
  mkdirSync(path.join(dir, '.env'));
  const { code, stderr } = dryRun();
  expect(code).toBe(2);
  expect(stderr).toContain(`.env: ${path.join(dir, '.env')} is a folder; expected a file of NAME=value lines`);
  expect(stderr).not.toMatch(STACK_FRAME);
});

test('an unquoted # in a password is warned about, without the password', () => {
  writeFileSync(path.join(dir, '.env'), 'MOCK_AGENT_PASSWORD=Hash#Secret-7\n');
  const { code, stderr } = dryRun();
  expect(code).toBe(0);
  expect(stderr).toContain(
    ".env: MOCK_AGENT_PASSWORD holds an unquoted # and is cut there (dotenv reads the rest as a comment); quote the value: MOCK_AGENT_PASSWORD='…'",
  );
  expect(stderr).not.toContain('Secret-7');
});

test('a refresh lifetime shorter than the access lifetime is refused', () => {
  const { code, stderr } = dryRun({ ACCESS_TOKEN_TTL_S: '3600', REFRESH_TOKEN_TTL_S: '600' });
  expect(code).toBe(2);
  expect(stderr).toContain('REFRESH_TOKEN_TTL_S: 600 is shorter than ACCESS_TOKEN_TTL_S (3600)');
});

test('an OUTPUT_DIR that is a file is refused; the file is untouched', () => {
  writeFileSync(path.join(dir, 'reports'), 'not a folder');
  const { code, stderr } = dryRun({ OUTPUT_DIR: path.join(dir, 'reports') });
  expect(code).toBe(2);
  expect(stderr).toContain('OUTPUT_DIR: ');
  expect(stderr).toContain('is a file, not a folder');
  expect(readdirSync(dir)).toEqual(['reports']);
});
