import path from 'node:path';
import { expect, test } from '@playwright/test';
import { analyzeInputs } from '../../src/analyzer/analyze.ts';
import { renderMarkdown } from '../../src/analyzer/render-markdown.ts';
import { renderText } from '../../src/analyzer/render-text.ts';

const LOGS = path.join(import.meta.dirname, 'fixtures/logs');
/** Any JWE/JWS longer than a masked head: a token that should not be printed. */
const TOKEN = /eyJ[A-Za-z0-9_-]{13,}/;

test.describe('analyzer renderings', () => {
  test(
    'the text summary: files, each user’s timeline, then the findings in full',
    { annotation: { type: 'detail', description: 'each finding with cause, workaround, reference and evidence' } },
    async () => {
      const text = renderText(await analyzeInputs([path.join(LOGS, 'seed')]));
      expect(text).toContain(`Files (3) in ${path.join(LOGS, 'seed')}/:`);
      expect(text).toMatch(/ {2}ids {9}7 lines +ids\.log {2}2017-03-25T09:51:47\.780Z … 2017-03-25T10:15:27\.507Z/);
      expect(text).toContain('  Agent2: 2 × token pair, 1 × refresh failed, 1 × IdS refused, 1 × banner, 1 × forced sign-out; client session C5E373');
      expect(text).toContain('    2017-03-25T09:51:47.780Z  token pair        refresh token 20625085… with access token b9a9dac1…  [ids.log:2]');
      expect(text).toContain('1. [HIGH] refresh-token-mismatch (stale-access-token): Refresh refused: access token not paired with the refresh token');
      expect(text).toContain('   Workaround: Clear the browser cache and restart the browser, then sign in again.');
      expect(text).toContain('   Reference:  Cisco TAC 212067: Troubleshoot Finesse SSO Agents Logged Off After 10 Minutes');
      expect(text).toContain(
        '     webservices.log:5  com.cisco.ccbu.common.ids.client.IdsRestClientException: 401 : {"error":"Invalid Token","error_description":"Invalid Token"}',
      );
      expect(text.indexOf('Users (1)')).toBeLessThan(text.indexOf('Findings (2)'));
      expect(text).not.toMatch(TOKEN);
    },
  );

  test('no finding is said plainly', async () => {
    const text = renderText(await analyzeInputs([path.join(LOGS, 'healthy-day')]));
    expect(text).toContain('Findings: none. No known failure signature in these logs.');
  });

  test('long runs of routine events fold in the timeline', async () => {
    const text = renderText(await analyzeInputs([path.join(LOGS, 'healthy-day')]));
    expect(text).toContain('    … 16 routine events (8 × token pair, 8 × refresh) from 2026-03-02T09:30:00.000Z to 2026-03-02T14:45:00.200Z');
  });

  test(
    'the markdown case note: findings first as tables, then users and files, no token',
    { annotation: { type: 'detail', description: 'findings as tables with evidence blocks' } },
    async () => {
      const markdown = renderMarkdown(await analyzeInputs([path.join(LOGS, 'seed')]));
      expect(markdown.startsWith('# Finesse SSO log analysis\n')).toBe(true);
      expect(markdown).toContain('### 1. `refresh-token-mismatch` (stale-access-token): Refresh refused: access token not paired with the refresh token');
      expect(markdown).toContain(
        "| Workaround | Clear the browser cache and restart the browser, then sign in again. If the problem persists, restart the agent's computer. |",
      );
      expect(markdown).toContain('| Caused by | `refresh-token-mismatch` |');
      expect(markdown).toContain('```text\nids.log:1  2017-03-25 04:51:47.780 CDT(-0500)');
      expect(markdown.indexOf('## Findings')).toBeLessThan(markdown.indexOf('## Users'));
      expect(markdown.indexOf('## Users')).toBeLessThan(markdown.indexOf('## Files'));
      expect(markdown).not.toMatch(TOKEN);
    },
  );

  test('pipes in log text do not break markdown tables', async () => {
    const report = await analyzeInputs([path.join(LOGS, 'ids-reason-unknown')]);
    report.findings[0]!.summary = 'a | b';
    expect(renderMarkdown(report)).toContain('| What | a \\| b |');
  });
});
