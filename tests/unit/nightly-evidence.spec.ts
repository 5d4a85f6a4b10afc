import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { writeTestEvidence } from '../../src/nightly/test-evidence.ts';
import type { TestOutcome } from '../../src/reports/playwright-results.ts';
import { scratchFolder } from '../scratch-folder.ts';

const PASSWORD = 'nightly-canary-password-7f3e';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudDAwMSIsInJ0IjoiYWJjIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
const base64 = (text: string) => Buffer.from(text).toString('base64');

function failedTest(): TestOutcome {
  return {
    id: 'browser › recovery.spec.ts › recovery › restarting alone',
    title: 'restarting alone',
    file: 'recovery.spec.ts',
    project: 'browser',
    tags: ['@recovery', '@disruptive'],
    status: 'unexpected',
    runs: [
      {
        status: 'failed',
        duration: 1234,
        errors: [{ message: `expected the banner; request carried Authorization: Bearer ${TOKEN}` }],
        attachments: [
          { name: 'Allure Metadata (metadata)', contentType: 'application/vnd.allure.message+json', body: base64('{"labels":[]}') },
          { name: 'webservices.log', contentType: 'text/plain', body: base64(`POST /desktop/sso/token Authorization: Bearer ${TOKEN}\n`) },
          { name: 'form.json', contentType: 'application/json', body: base64(JSON.stringify({ username: 'agent001', password: PASSWORD })) },
        ],
      },
    ],
  };
}

test.describe('nightly evidence bundles', () => {
  const work = scratchFolder('nightly-evidence-spec-');

  test(
    "a failed test's attachments and errors are bundled redacted",
    { annotation: { type: 'detail', description: 'no token, no password, no Allure bookkeeping' } },
    async () => {
      const result = await writeTestEvidence([failedTest()], work(), [{ label: 'agent-password', value: PASSWORD }]);
      expect(result.withheld).toEqual([]);
      expect(result.written).toHaveLength(1);
      const entries = unzipSync(new Uint8Array(readFileSync(result.written[0]!)));
      const names = Object.keys(entries).map((name) => name.split('/').slice(1).join('/'));
      expect(names.sort()).toEqual(['attachments/01-webservices.log', 'attachments/02-form.json', 'redaction-report.json', 'test.json']);
      const everything = Object.values(entries)
        .map((bytes) => strFromU8(bytes))
        .join('\n');
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain(PASSWORD);
      const testJson = JSON.parse(strFromU8(Object.entries(entries).find(([name]) => name.endsWith('/test.json'))![1])) as {
        status: string;
        runs: { errors: string[] }[];
      };
      expect(testJson.status).toBe('unexpected');
      expect(testJson.runs[0]!.errors[0]).toContain('expected the banner');
    },
  );

  test('a passing test that is not disruptive gets no bundle', async () => {
    const result = await writeTestEvidence([{ ...failedTest(), status: 'expected', tags: ['@smoke'] }], work(), []);
    expect(result).toEqual({ written: [], withheld: [] });
  });
});
