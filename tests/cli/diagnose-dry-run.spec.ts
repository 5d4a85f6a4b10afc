import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runEntryPoint } from './run-entry-point.ts';

/** A lab that does not exist: a run that tried to reach it, or to start anything, would fail or write output. */
const NO_SUCH_LAB = {
  TARGET: 'lab',
  FINESSE_URL: 'https://finesse.invalid:8445/desktop',
  AGENT_USERNAME: 'agent1',
  AGENT_PASSWORD: 'Dry-Run-Pass-1',
  AGENT_EXTENSION: '1001',
  LAB_ALLOWED_HOSTS: 'finesse.invalid,adfs.invalid',
  LAB_CERT_TRUST: 'pin',
};

test('npm run diagnose -- --dry-run prints the plan for a lab and touches nothing', async () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dry-run-'));
  const outputDir = path.join(scratch, 'reports');
  try {
    const result = await runEntryPoint(['npx', 'tsx', 'scripts/diagnose.ts', '--dry-run'], { ...NO_SUCH_LAB, OUTPUT_DIR: outputDir }, 60_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Diagnosis plan (dry run: nothing was started or contacted)');
    expect(result.stdout).toMatch(/cache-clear-recovers .*skipped: disruptive/);
    expect(result.stdout).not.toContain('Dry-Run-Pass-1');
    expect(existsSync(outputDir)).toBe(false);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test(
  'npm run diagnose against a lab refuses bad usage with exit 2, before contacting anything',
  { annotation: { type: 'detail', description: "bad usage: a profile without the survey's expires_in, and --scenarios (a mock-only mode)" } },
  async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'diagnose-lab-usage-'));
    const outputDir = path.join(scratch, 'reports');
    try {
      const [unsurveyed, scenarios] = await Promise.all([
        runEntryPoint(['npx', 'tsx', 'scripts/diagnose.ts'], { ...NO_SUCH_LAB, OUTPUT_DIR: outputDir }, 60_000),
        runEntryPoint(['npx', 'tsx', 'scripts/diagnose.ts', '--scenarios', 'all'], { ...NO_SUCH_LAB, OUTPUT_DIR: outputDir }, 60_000),
      ]);
      expect(unsurveyed.code).toBe(2);
      expect(unsurveyed.stderr).toContain('holds no token lifetime (expires_in); run npm run survey first');
      expect(scenarios.code).toBe(2);
      expect(scenarios.stderr).toContain('--scenarios: the failure modes run on the embedded mock lab');
      expect(existsSync(outputDir)).toBe(false);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
);
