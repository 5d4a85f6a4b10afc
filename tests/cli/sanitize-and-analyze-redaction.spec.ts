import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { scanForSecrets } from '../../src/redaction/index.ts';
import { hostileSecretList } from '../../mock/hostile/hostile-secrets.ts';
import { buildHostileHar } from '../unit/fixtures/redaction/hostile-har.ts';
import { scratchFolder } from '../scratch-folder.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function run(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = scratchFolder('sanitize-cli-');

test.describe('npm run sanitize', () => {
  test('a hostile HAR: no secret left in any encoding, entries and cache markers kept, counts printed', async () => {
    const { har, secrets } = buildHostileHar();
    const input = path.join(dir(), 'desktop.har');
    writeFileSync(input, JSON.stringify(har, null, 2));
    const { status, stdout, stderr } = run('sanitize', input, '--out', path.join(dir(), 'out', 'desktop.har'));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/Replaced \(per label\):[\s\S]*password\s+\d+/);
    const output = path.join(dir(), 'out', 'desktop.har');
    expect(await scanForSecrets([output], hostileSecretList(secrets))).toEqual([]);
    const sanitized = JSON.parse(readFileSync(output, 'utf8')) as typeof har;
    expect(sanitized.log.entries.length).toBe(har.log.entries.length);
    expect(sanitized.log.entries.map((entry) => [entry.response.status, entry._fromCache ?? null])).toEqual(
      har.log.entries.map((entry) => [entry.response.status, entry._fromCache ?? null]),
    );
    for (const value of Object.values(secrets)) expect(stdout).not.toContain(value);
  });

  test('never in place; an existing output needs --force', () => {
    const input = path.join(dir(), 'a.har');
    writeFileSync(input, JSON.stringify(buildHostileHar().har));
    writeFileSync(path.join(dir(), 'b.har'), 'old');
    expect(run('sanitize', input, '--out', input).status).toBe(2);
    const existing = run('sanitize', input, '--out', path.join(dir(), 'b.har'));
    expect(existing.status).toBe(2);
    expect(existing.stderr).toContain('give --force');
    expect(run('sanitize', input, '--out', path.join(dir(), 'b.har'), '--force').status).toBe(0);
    expect(readFileSync(path.join(dir(), 'b.har'), 'utf8')).not.toBe('old');
  });

  test(
    'a secret it cannot remove: refuses with exit 1 and writes nothing',
    { annotation: { type: 'detail', description: 'the secret: an HTML-entity copy of a learned token' } },
    () => {
      const { har } = buildHostileHar();
      const token = 'Zq81kd0PLmx2Vb7sTn4eRr';
      const entities = [...token].map((c) => `&#${c.charCodeAt(0)};`).join('');
      har.log.entries[0]!.request.headers.push({ name: 'X-Auth-Token', value: token });
      har.log.entries[1]!.response.content.text += `<p>${entities}</p>`;
      const input = path.join(dir(), 'planted.har');
      writeFileSync(input, JSON.stringify(har));
      const { status, stderr } = run('sanitize', input, '--out', path.join(dir(), 'out', 'planted.har'));
      expect(status).toBe(1);
      expect(stderr).toContain('refused');
      expect(stderr).not.toContain(token);
      expect(existsSync(path.join(dir(), 'out', 'planted.har'))).toBe(false);
      expect(readdirSync(path.join(dir(), 'out'))).toEqual([]);
    },
  );

  test('a log folder is copied sanitized, file by file', async () => {
    mkdirSync(path.join(dir(), 'logs'));
    writeFileSync(path.join(dir(), 'logs', 'app.log'), 'login password=Hunter2-secret ok\nsession JSESSIONID=8f2e77a1c93b4d20b5a1e6f0 set\n');
    const { status } = run('sanitize', path.join(dir(), 'logs'));
    expect(status).toBe(0);
    const out = readFileSync(path.join(dir(), 'logs.sanitized', 'app.log'), 'utf8');
    // A bare name=value keeps URL syntax: the replacement is percent-encoded there.
    expect(decodeURIComponent(out)).toMatch(/^login password=\[password\] ok\nsession JSESSIONID=\[[a-z-]+ #[0-9a-f]{4}\] set\n$/);
    expect(await scanForSecrets([path.join(dir(), 'logs.sanitized')], ['Hunter2-secret', '8f2e77a1c93b4d20b5a1e6f0'])).toEqual([]);
  });
});

test.describe('npm run analyze redacts what it prints', () => {
  test(
    'passwords, Basic credentials, cookies and tokens from the logs appear in no output',
    { annotation: { type: 'detail', description: 'outputs: text, --json and --markdown' } },
    () => {
      const secrets = [
        'Hunter2-secret',
        Buffer.from('agent001:Basic-Pass-99').toString('base64'),
        'c00k1e-8f2e77a1c93b4d20',
        'opaque-access-0123456789abcd',
        'opaque-refresh-0123456789abcd',
      ];
      // Lines in the Finesse webservices log format, carrying what customer logs carry.
      const line = (n: number, level: string, message: string) =>
        `2026-11-26 10:00:0${n}.000 CST(-0600) [http-apr-8445-exec-2] ${level} c.c.c.common.ids.client.util.Utils Utils.java:52${n} - ${message}`;
      const log = [
        line(1, 'INFO', `login request password=${secrets[0]}`),
        line(2, 'INFO', `Authorization: Basic ${secrets[1]}`),
        line(3, 'INFO', `Cookie: JSESSIONID=${secrets[2]}`),
        line(4, 'ERROR', `Error refreshing access token with request: <grant_type=refresh_token&access_token=${secrets[3]}&refresh_token=${secrets[4]}>`),
        line(5, 'WARN', 'https://ids.lab.test:8553/ids/v1/oauth/access_token threw error {"error":"Invalid Token","error_description":"Invalid Token"}'),
        line(6, 'INFO', `token="${secrets[3]}" refresh-token=${secrets[4]}`),
      ].join('\n');
      writeFileSync(path.join(dir(), 'webservices.log'), `${log}\n`);
      const note = path.join(dir(), 'out.md');
      const text = run('analyze', path.join(dir(), 'webservices.log'));
      const json = run('analyze', path.join(dir(), 'webservices.log'), '--json', '--markdown', note);
      expect(text.status).toBe(0);
      expect(json.status).toBe(0);
      const outputs = [text.stdout, text.stderr, json.stdout, json.stderr, readFileSync(note, 'utf8')];
      for (const output of outputs) for (const secret of secrets) expect(output).not.toContain(secret);
    },
  );
});
