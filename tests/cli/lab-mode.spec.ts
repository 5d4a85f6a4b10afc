import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { MOCK_AGENTS } from '../../mock/agents.ts';
import type { LabProfile } from '../../src/lab/lab-profile.ts';
import { findTokenShapedStrings } from '../../src/redaction/token-shape.ts';
import { runEntryPoint } from './run-entry-point.ts';

interface RunningLab {
  finesse: string;
  ids: string;
  idp: string;
  hostMap: Record<string, string>;
  spki: string[];
}

const PASSWORD = 'Lab-Mode-Pass-1';

/** `npm run lab -- --json` as its own process: the harness sees only its public URLs, as with a real lab. */
async function startLabProcess(env: Record<string, string>): Promise<{ child: ChildProcess; lab: RunningLab }> {
  const child = spawn('npx', ['tsx', 'scripts/lab.ts', '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`npm run lab exited with ${code} before it was ready`)));
  });
  return { child, lab: JSON.parse(firstLine) as RunningLab };
}

test.describe('lab mode against the mock started as a separate process', () => {
  let labProcess: Awaited<ReturnType<typeof startLabProcess>>;
  let scratch: string;
  test.beforeAll(async () => {
    labProcess = await startLabProcess({ MOCK_AGENT_PASSWORD: PASSWORD, IDP_KIND: 'entra', ACCESS_TOKEN_TTL_S: '90' });
  });
  test.afterAll(() => {
    labProcess.child.kill('SIGTERM');
  });
  test.beforeEach(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'lab-mode-'));
  });
  test.afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  const labEnv = (lab: RunningLab, extra: Record<string, string> = {}) => ({
    TARGET: 'lab',
    FINESSE_URL: lab.finesse,
    IDS_URL: lab.ids,
    IDP_KIND: 'entra',
    AGENT_USERNAME: 'agent007',
    AGENT_PASSWORD: PASSWORD,
    AGENT_EXTENSION: MOCK_AGENTS.find((agent) => agent.id === 'agent007')!.extension,
    LAB_ALLOWED_HOSTS: Object.keys(lab.hostMap).join(','),
    HOST_MAP: Object.entries(lab.hostMap).map(([host, ip]) => `${host}=${ip}`).join(','),
    LAB_CERT_TRUST: 'pin',
    OUTPUT_DIR: path.join(scratch, 'reports'),
    ...extra,
  });

  test('signs in through the Entra form with the certificate pinned at start; disruptive scenarios are skipped', async () => {
    const { lab } = labProcess;
    const result = await runEntryPoint(
      ['npx', 'playwright', 'test', '--project=browser', '--workers=1', 'tests/browser/sso-login.spec.ts', 'tests/browser/recovery.spec.ts'],
      labEnv(lab, { LAB_CERT_SPKI: lab.spki.join(',') }),
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const finesse = new URL(lab.finesse);
    expect(result.stdout).toContain(`[lab] Certificate of ${finesse.host}: subject`);
    expect(result.stdout).toContain(`SPKI sha256 ${lab.spki[0]}`);
    expect(result.stdout).toMatch(/1 passed/);
    expect(result.stdout).toMatch(/1 skipped/);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  test('npm run survey in lab mode, real time on a 90 s token: token location, token response, refresh shape and version; no secret in the profile', async () => {
    const out = path.join(scratch, 'lab-profile.json');
    const started = Date.now();
    const result = await runEntryPoint(['npx', 'tsx', 'scripts/survey.ts', '--out', out], labEnv(labProcess.lab));
    expect(result.code, result.stderr).toBe(0);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as LabProfile;
    expect(profile).toMatchObject({
      finesseVersion: '12.6(2)',
      tokenLocation: { kind: 'sessionStorage', name: 'finesse.sso.token' },
      tokenResponse: { method: 'GET', path: '/desktop/sso/token', expiresInS: 90, headers: { 'cache-control': expect.stringMatching(/max-age=/) } },
      refreshRequest: { method: 'POST', path: '/desktop/sso/token', parameters: ['token', 'refresh-token'] },
    });
    expect(result.stderr).toContain('waiting for the first refresh (at most 210 s, real time)');
    expect(result.stderr).toMatch(/\[lab\] waiting in real time: \d+ s of at most 210 s/);
    // The refresh is due at 75 % of 90 s: the survey waited for it in real time.
    expect(Date.now() - started).toBeGreaterThan(67_500);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(findTokenShapedStrings(text)).toEqual([]);
  });

  test('a lab whose certificate is not the pinned one is refused before the browser starts', async () => {
    const result = await runEntryPoint(
      ['npx', 'playwright', 'test', '--project=browser', '--workers=1', 'tests/browser/sso-login.spec.ts'],
      labEnv(labProcess.lab, { LAB_CERT_SPKI: `${'Q'.repeat(43)}=` }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/presents a certificate whose SPKI hash .* is not in LAB_CERT_SPKI/);
  });
});
