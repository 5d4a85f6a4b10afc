import path from 'node:path';
import { expect, test } from '@playwright/test';
import { z } from 'zod';
import { analyzeInputs } from '../../src/analyzer/analyze.ts';
import { SIGNATURES } from '../../src/analyzer/signatures.ts';

const SEED = path.join(import.meta.dirname, 'fixtures/logs/seed');
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

/** The JSON contract of `npm run analyze -- --json`, as `diagnose` and case notes rely on it. */
const REPORT = z.object({
  files: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['client', 'webservices', 'ids', 'mixed', 'unknown', 'empty', 'unreadable']),
      lines: z.number().int(),
      unparsed: z.number().int(),
    }),
  ),
  users: z.array(
    z.object({
      user: z.string(),
      sessions: z.array(z.string()),
      counts: z.record(z.string(), z.number()),
      timeline: z.array(z.object({ at: instant, event: z.string(), detail: z.string(), file: z.string(), line: z.number() })),
    }),
  ),
  findings: z.array(
    z.object({
      signature: z.enum(Object.keys(SIGNATURES) as [string, ...string[]]),
      severity: z.enum(['high', 'medium', 'low', 'info']),
      user: z.string().nullable(),
      first: instant,
      last: instant,
      evidence: z.array(z.object({ file: z.string(), line: z.number().int().positive(), text: z.string() })).min(1),
      cause: z.string().min(1),
      workaround: z.string().min(1),
      reference: z.string().min(1),
      subCause: z.string().optional(),
    }),
  ),
});

test.describe('analyzer on the TAC 212067 seed logs', () => {
  test(
    'names the stale access token of Agent2 and the documented workaround',
    { annotation: { type: 'detail', description: 'refresh token bcb2a785… with the access token of 20625085…' } },
    async () => {
      const report = await analyzeInputs([SEED]);
      expect(() => REPORT.parse(report)).not.toThrow();
      const mismatch = report.findings[0]!;
      expect(mismatch).toMatchObject({
        signature: 'refresh-token-mismatch',
        subCause: 'stale-access-token',
        severity: 'high',
        user: 'Agent2',
        first: '2017-03-25T10:15:27.507Z',
        last: '2017-03-25T10:28:38.459Z',
        reference: 'Cisco TAC 212067: Troubleshoot Finesse SSO Agents Logged Off After 10 Minutes',
      });
      expect(mismatch.summary).toMatch(
        /^Refresh token bcb2a785… \(issued 2017-03-25T10:15:06\.799Z to Agent2\) was presented with an access token of refresh token 20625085… \(issued 2017-03-25T09:51:47\.780Z to Agent2\), an earlier sign-in of the same user/,
      );
      expect(mismatch.summary).toContain('refused the refresh at 2017-03-25T10:15:27.507Z (05:15:27.507 -05:00 in the log)');
      expect(mismatch.summary).toContain(
        '; then the desktop exhausted its retries (banner) at 2017-03-25T10:18:27.610Z (05:18:27.610 -05:00 in the log) and signed the agent out at 2017-03-25T10:28:38.459Z (05:28:38.459 -05:00 in the log).',
      );
      expect(mismatch.workaround).toMatch(/^Clear the browser cache and restart the browser, then sign in again/);
      expect(mismatch.cause).toContain('cached token response');
    },
  );

  test(
    'joins the evidence of all three logs into the finding',
    { annotation: { type: 'detail', description: 'token creations, the IdS refusal, the webservices failure, the client’s banner and sign-out' } },
    async () => {
      const [mismatch] = (await analyzeInputs([SEED])).findings;
      const where = mismatch!.evidence.map((line) => `${path.basename(line.file)}:${line.line}`);
      expect(where).toEqual([
        'ids.log:1',
        'ids.log:2',
        'ids.log:3',
        'ids.log:4',
        'ids.log:5',
        'ids.log:6',
        'ids.log:7',
        'webservices.log:1',
        'webservices.log:2',
        'webservices.log:3',
        'webservices.log:4',
        'webservices.log:5',
        'client.log:1',
        'client.log:2',
      ]);
      const request = mismatch!.evidence.find((line) => line.text.includes('Error refreshing access token'))!;
      expect(request.text).toMatch(/access_token=eyJhbGciOiJI…#[0-9a-f]{4}&refresh_token=eyJhbGciOiJI…#[0-9a-f]{4}>$/);
    },
  );

  test('the forced sign-out is its own finding, joined to the mismatch that caused it', async () => {
    const report = await analyzeInputs([SEED]);
    expect(report.findings.map((finding) => finding.signature)).toEqual(['refresh-token-mismatch', 'forced-logout-after-refresh-failure']);
    expect(report.findings[1]).toMatchObject({ user: 'Agent2', causedBy: 'refresh-token-mismatch', first: '2017-03-25T10:28:38.459Z' });
    expect(report.findings[1]!.summary).toContain('10 min 11 s after the banner');
  });

  test(
    'Agent2’s timeline: token pairs, refusal, failed refresh, banner, sign-out, client log by time',
    { annotation: { type: 'detail', description: 'two token pairs by id; the client log joined by time' } },
    async () => {
      const report = await analyzeInputs([SEED]);
      expect(report.files.map((file) => [path.basename(file.path), file.kind, file.lines, file.unparsed])).toEqual([
        ['client.log', 'client', 2, 0],
        ['ids.log', 'ids', 7, 0],
        ['webservices.log', 'webservices', 5, 0],
      ]);
      expect(report.users).toHaveLength(1);
      const [agent] = report.users;
      expect(agent!.sessions).toEqual(['C5E373']);
      expect(agent!.joinedBy).toContain('joined by time to the IdS refusal at 2017-03-25T10:15:27.507Z');
      expect(agent!.timeline.map((event) => [event.at, event.event])).toEqual([
        ['2017-03-25T09:51:47.780Z', 'token-pair'],
        ['2017-03-25T10:15:06.799Z', 'token-pair'],
        ['2017-03-25T10:15:27.507Z', 'refresh-refused'],
        ['2017-03-25T10:15:27.510Z', 'refresh-failed'],
        ['2017-03-25T10:18:27.610Z', 'banner'],
        ['2017-03-25T10:28:38.459Z', 'forced-logout'],
      ]);
      expect(agent!.timeline[0]!.detail).toBe('refresh token 20625085… with access token b9a9dac1…');
    },
  );
});
