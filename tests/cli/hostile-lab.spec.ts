/**
 * Nothing secret leaves the harness, whatever the lab sends: the embedded mock started as its own process
 * with `hostile=true` carries secrets where real Finesse, IdS and IdP deployments do and under names no
 * redaction list has (XMPP over BOSH with SASL PLAIN and a sid, a custom auth header, a gadget's `st=`,
 * page tickets, a WebSocket ticket, another vendor's SSO cookie, an Okta Identity Engine JSON sign-in). A lab-mode diagnosis against it still
 * writes its bundle, and none of those values, the password or any token the lab issued is left under
 * reports/ or in the zip in any encoding the scanner knows.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CONTROL_SECRET_HEADER } from '../../mock/control.ts';
import { walkArtifacts } from '../../src/redaction/artifact-walk.ts';
import { scanForSecrets, type NamedSecret } from '../../src/redaction/index.ts';
import type { DiagnoseDocument } from './diagnose-document.ts';
import { LAB_PASSWORD, SHORT_TIMINGS, labEnv, startLabProcess, type RunningLab } from './lab-process.ts';
import { leaksUnder } from './leaks-under.ts';
import { entryPoint, runEntryPoint } from './run-entry-point.ts';

/** Asks the running lab's control surface (mock only) for something it knows. */
async function askLab<T>(lab: RunningLab, route: string): Promise<T> {
  const response = await fetch(`${lab.control}${route}`, { headers: { [CONTROL_SECRET_HEADER]: lab.controlSecret } });
  return (await response.json()) as T;
}

/** The files (zip entries included) under `folder` whose bytes contain `text`: proof the carriers were recorded at all. */
async function filesMentioning(folder: string, text: string): Promise<string[]> {
  const files: string[] = [];
  await walkArtifacts([folder], {
    bytes(location, bytes) {
      if (Buffer.from(bytes).includes(text)) files.push(`${path.relative(folder, location.file)}${location.entry ? `!${location.entry}` : ''}`);
    },
    unreadable() {},
  });
  return files;
}

test.describe('a hostile lab: npm run survey, then npm run diagnose', () => {
  test.describe.configure({ timeout: 10 * 60_000 });

  test('the bundle is written and no secret of the hostile lab survives in any encoding', async () => {
    const { child, lab } = await startLabProcess({ hostile: 'true', idpKind: 'okta-identity-engine', ...SHORT_TIMINGS });
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'hostile-lab-'));
    const reports = path.join(scratch, 'reports');
    try {
      const env = labEnv(lab, reports, 'agent007', { ALLOW_DISRUPTIVE: 'true', IDP_KIND: 'okta' });
      const survey = await runEntryPoint(entryPoint('survey'), env);
      expect(survey.code, survey.stderr.slice(-3000)).toBe(0);
      const diagnose = await runEntryPoint([...entryPoint('diagnose'), '--json'], env);
      expect(diagnose.code, diagnose.stderr.slice(-3000)).toBe(0);
      const document = JSON.parse(diagnose.stdout) as DiagnoseDocument;
      expect(document).toMatchObject({ target: 'lab', reproduced: true, recovered: true });
      expect(existsSync(document.evidence)).toBe(true);

      const requests = await askLab<Record<string, number>>(lab, '/requests');
      await test.step('the desktop really carried the secrets over HTTPS', () => {
        for (const route of ['GET /desktop/assets/hostile.js', 'POST /http-bind/', 'GET /gadgets/ifr', 'POST /gadgets/makeRequest'])
          expect(requests[`finesse ${route}`], route).toBeGreaterThan(0);
        expect(requests['idp POST /idp/idx/challenge/answer'], 'the Identity Engine JSON sign-in').toBeGreaterThan(0);
        // Session creation, SASL PLAIN and at least one poll with the sid, in each of the runs' desktops.
        expect(requests['finesse POST /http-bind/']).toBeGreaterThanOrEqual(3);
      });

      await test.step('the evidence recorded the carriers (redacted), so the scan below searched them', async () => {
        const bundle = path.relative(reports, document.evidence);
        for (const carrier of ['/http-bind/', '/gadgets/makeRequest', '/idp/idx/challenge/answer'])
          expect(
            (await filesMentioning(reports, carrier)).some((file) => file.startsWith(`${bundle}!`)),
            carrier,
          ).toBe(true);
      });

      const { hostile, issuedTokens } = await askLab<{ hostile: NamedSecret[]; issuedTokens: string[] }>(lab, '/secrets');
      expect(issuedTokens.length).toBeGreaterThan(0);
      const secrets: NamedSecret[] = [
        ...hostile,
        { label: 'password', value: LAB_PASSWORD },
        ...issuedTokens.map((value, index) => ({ label: `issued token ${index + 1}`, value })),
      ];
      const found = await scanForSecrets([reports], secrets);
      expect(
        found.map(
          (hit) =>
            `${path.relative(reports, hit.file)}${hit.entry ? `!${hit.entry}` : ''}: ${hit.kind === 'secret' ? `${hit.label} (${hit.encoding})` : hit.reason}`,
        ),
      ).toEqual([]);
      expect(await leaksUnder(reports)).toEqual([]);
      const printed = survey.stdout + survey.stderr + diagnose.stdout + diagnose.stderr;
      for (const secret of secrets) expect(printed, secret.label).not.toContain(secret.value);
    } finally {
      child.kill('SIGTERM');
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
