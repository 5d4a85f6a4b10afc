import { expect, test } from '@playwright/test';
import { loadConfig } from '../../src/config/load.ts';
import { diagnosePlan } from '../../src/diagnose/plan.ts';
import { LAB_ENV } from './fixtures/lab-env.ts';

const LAB = { ...LAB_ENV, LAB_ALLOWED_HOSTS: 'finesse.example.com,adfs.example.com' };
const MOCK_FACTS = { hosts: ['finesse.lab.test'], profile: 'affected' };
const planFor = (env: Record<string, string>) => diagnosePlan(loadConfig({ env, envFile: '/nonexistent/.env' }), MOCK_FACTS);

test.describe('diagnose --dry-run plan', () => {
  test('against a lab without ALLOW_DISRUPTIVE the disruptive scenarios are skipped with the reason', () => {
    const plan = planFor(LAB);
    expect(plan).toMatch(/sso-sign-in .*: runs$/m);
    expect(plan).toMatch(/healthy-refresh .*: runs$/m);
    expect(plan).toMatch(/forced-sign-out .*: skipped: disruptive, set ALLOW_DISRUPTIVE=true to run it$/m);
    expect(plan).toContain('Hosts:         finesse.example.com, adfs.example.com; every other host refused');
    expect(plan).not.toContain(LAB.AGENT_PASSWORD);
  });

  test('with ALLOW_DISRUPTIVE they run, and pinning names the endpoints it will connect to', () => {
    const plan = planFor({ ...LAB, ALLOW_DISRUPTIVE: 'true', LAB_CERT_TRUST: 'pin' });
    expect(plan).toMatch(/forced-sign-out .*: runs \(disruptive: signs the agent out\)$/m);
    expect(plan).toContain('Certificates:  pinned at start from finesse.example.com:8445, adfs.example.com:443');
  });
});
