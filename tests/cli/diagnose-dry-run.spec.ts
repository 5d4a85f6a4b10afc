import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runEntryPoint } from './run-entry-point.ts';

test('npm run diagnose -- --dry-run prints the plan for a lab and touches nothing', async () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dry-run-'));
  const outputDir = path.join(scratch, 'reports');
  try {
    // A lab that does not exist: a dry run that tried to reach it, or to start anything, would fail or write output.
    const result = await runEntryPoint(['npx', 'tsx', 'scripts/diagnose.ts', '--dry-run'], {
      TARGET: 'lab',
      FINESSE_URL: 'https://finesse.invalid:8445/desktop',
      AGENT_USERNAME: 'agent1',
      AGENT_PASSWORD: 'Dry-Run-Pass-1',
      AGENT_EXTENSION: '1001',
      LAB_ALLOWED_HOSTS: 'finesse.invalid,adfs.invalid',
      LAB_CERT_TRUST: 'pin',
      OUTPUT_DIR: outputDir,
    }, 60_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Diagnosis plan (dry run: nothing was started or contacted)');
    expect(result.stdout).toMatch(/cache-clear-recovers .*skipped: disruptive/);
    expect(result.stdout).not.toContain('Dry-Run-Pass-1');
    expect(existsSync(outputDir)).toBe(false);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
