import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { buildEvidenceBundle, EvidenceLeakError, type BundleInput } from '../../src/evidence/bundle.ts';
import { verdictOf } from '../../src/diagnose/checks.ts';
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

  test('a planted secret that slips past redaction (here into the summary) stops the bundle: nothing is written', async () => {
    const input = bundleInput(root, 'x');
    const leaked = input.secrets.find((secret) => secret.label === 'refresh-token')!.value;
    input.checks = [{ id: 'sso-sign-in', status: 'pass', detail: `oops ${leaked}` }];
    const error = await buildEvidenceBundle(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EvidenceLeakError);
    expect((error as EvidenceLeakError).message).toContain('summary.md: refresh-token');
    expect((error as EvidenceLeakError).message).not.toContain(leaked);
    expect(existsSync(path.join(root, 'evidence'))).toBe(false);
  });
});
