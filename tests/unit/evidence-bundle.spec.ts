import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { buildEvidenceBundle, EvidenceLeakError, type BundleInput } from '../../src/evidence/bundle.ts';
import { verdictOf } from '../../src/diagnose/checks.ts';
import { tokensSeenIn } from '../../src/evidence/seen-tokens.ts';
import { plantCanaries } from '../../src/redaction/canaries.ts';

function bundleInput(root: string, detail: string): BundleInput {
  const rawDir = path.join(root, 'raw');
  mkdirSync(path.join(rawDir, 'logs', 'ids'), { recursive: true });
  writeFileSync(path.join(rawDir, 'logs', 'ids', 'ids.log'), '2026-11-26 16:00:00.000 UTC(+0000) [IdSEndPoints-1] INFO com.cisco.ccbu.ids X.java:1 - hello\n');
  const checks = [{ id: 'sso-sign-in' as const, status: 'pass' as const, detail }];
  return {
    rawDir,
    outputRoot: path.join(root, 'evidence'),
    context: { runId: 'run-1', target: 'mock', profile: 'affected', versions: {}, hosts: [], browser: 'test', lifetimes: { accessS: 3600, refreshS: 36000 } },
    checks,
    verdict: verdictOf(checks),
    events: [],
    marks: [],
    secrets: plantCanaries().secrets,
  };
}

test.describe('evidence bundle', () => {
  let root: string;
  test.beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'bundle-test-'));
  });
  test.afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('a clean run is written as a folder and a zip', async () => {
    const bundle = await buildEvidenceBundle(bundleInput(root, 'signed in'));
    expect(existsSync(path.join(bundle.folder, 'summary.md'))).toBe(true);
    expect(existsSync(bundle.zip)).toBe(true);
  });

  test(
    'a planted secret that slips past redaction stops the bundle: nothing is written',
    { annotation: { type: 'detail', description: 'planted here into the summary' } },
    async () => {
      const input = bundleInput(root, 'x');
      const leaked = input.secrets.find((secret) => secret.label === 'refresh-token')!.value;
      input.checks = [{ id: 'sso-sign-in', status: 'pass', detail: `oops ${leaked}` }];
      const error = await buildEvidenceBundle(input).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EvidenceLeakError);
      expect((error as EvidenceLeakError).message).toContain('summary.md: refresh-token');
      expect((error as EvidenceLeakError).message).not.toContain(leaked);
      expect(existsSync(path.join(root, 'evidence'))).toBe(false);
    },
  );

  test(
    'a secret in the run’s other reports: no bundle, that report deleted, the rest kept',
    { annotation: { type: 'detail', description: 'the secret: base64 inside the HTML report’s zip' } },
    async () => {
      const input = bundleInput(root, 'signed in');
      const leaked = input.secrets.find((secret) => secret.label === 'cookie')!.value;
      const reports = path.join(root, 'diagnose');
      mkdirSync(reports);
      const embedded = Buffer.from(zipSync({ 'report.json': new TextEncoder().encode(`{"cookie":"${leaked}"}`) })).toString('base64');
      writeFileSync(path.join(reports, 'index.html'), `<script>window.playwrightReportBase64 = "data:application/zip;base64,${embedded}";</script>`);
      writeFileSync(path.join(reports, 'results.json'), '{"ok":true}');
      const error = await buildEvidenceBundle({ ...input, runReports: reports }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EvidenceLeakError);
      expect(existsSync(path.join(root, 'evidence', 'run-1'))).toBe(false);
      expect(existsSync(path.join(reports, 'index.html'))).toBe(false);
      expect(existsSync(path.join(reports, 'results.json'))).toBe(true);
      expect(readdirSync(root).filter((name) => name.startsWith('.evidence-assembling-'))).toEqual([]);
    },
  );

  test(
    'against a lab: the server logs are to be collected from the lab, refresh lifetime unknown',
    { annotation: { type: 'detail', description: 'both said in the summary' } },
    async () => {
      const input = bundleInput(root, 'signed in');
      input.context = { ...input.context, target: 'lab', profile: 'lab', lifetimes: { accessS: 300 }, serverLogs: 'Collect the IdS log from the lab.' };
      const bundle = await buildEvidenceBundle(input);
      const summary = readFileSync(path.join(bundle.folder, 'summary.md'), 'utf8');
      expect(summary).toContain('Collect the IdS log from the lab.');
      expect(summary).toContain('access 300 s, refresh unknown (not visible from the browser)');
    },
  );

  test(
    'the tokens the browser saw are found in the raw evidence for the leak scan',
    { annotation: { type: 'detail', description: 'token shapes anywhere (archives included), opaque values under token names in HARs' } },
    async () => {
      const { accessToken, refreshToken } = plantCanaries();
      const rawDir = path.join(root, 'raw');
      mkdirSync(path.join(rawDir, 'trace'), { recursive: true });
      const opaqueAccess = 'opaque-access-0123456789abcdef';
      const opaqueRefresh = 'opaque-refresh/0123456789abcdef';
      const entries = [
        { response: { content: { text: JSON.stringify({ access_token: accessToken }) } } },
        {
          response: {
            content: {
              text: Buffer.from(JSON.stringify({ data: { accessToken: opaqueAccess, token_type: 'Bearer' } })).toString('base64'),
              encoding: 'base64',
            },
          },
        },
        {
          request: {
            postData: {
              params: [
                { name: 'refresh-token', value: encodeURIComponent(opaqueRefresh) },
                { name: 'token', value: 'short' },
              ],
            },
          },
        },
      ];
      writeFileSync(path.join(rawDir, 'network-1.har'), JSON.stringify({ log: { entries } }));
      writeFileSync(path.join(rawDir, 'trace', 'trace-1.zip'), zipSync({ 'trace.network': new TextEncoder().encode(`token=${refreshToken}.`) }));
      expect((await tokensSeenIn(rawDir)).map((secret) => secret.value).sort()).toEqual(
        [accessToken, refreshToken, opaqueAccess, opaqueRefresh, encodeURIComponent(opaqueRefresh)].sort(),
      );
    },
  );
});
