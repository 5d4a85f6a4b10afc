import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import type { DiagnoseDocument } from './diagnose-document.ts';
import { leaksUnder } from './leaks-under.ts';
import { entryPoint, runEntryPoint } from './run-entry-point.ts';
import { scratchFolder } from '../scratch-folder.ts';

test.describe('npm run diagnose', () => {
  const outputDir = scratchFolder('diagnose-test-');

  test(
    'on the affected profile: reproduced, recovered, exit 3 with --fail-on-defect, nothing leaked',
    { annotation: { type: 'detail', description: 'a complete bundle and no secret anywhere in the outputs' } },
    async () => {
      const result = await runEntryPoint([...entryPoint('diagnose'), '--json', '--fail-on-defect'], { OUTPUT_DIR: outputDir() });
      expect(result.code, result.stderr.slice(-2000)).toBe(3);
      const document = JSON.parse(result.stdout) as DiagnoseDocument;
      expect(document).toMatchObject({ target: 'mock', profile: 'affected', reproduced: true, recovered: true });
      expect(document.checks.map((check) => check.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
      expect(result.stderr).toContain('[diagnose] PASS refresh-token-mismatch');

      const zip = unzipSync(new Uint8Array(readFileSync(document.evidence)));
      const runId = path.basename(document.evidence, '.zip');
      const names = Object.keys(zip).map((name) => name.slice(runId.length + 1));
      for (const expected of [
        'summary.md',
        'summary.html',
        'timeline.svg',
        'manifest.json',
        'findings.json',
        'har/network-1.har',
        'trace/trace-1.zip',
        'logs/ids/ids.log',
      ])
        expect(names).toContain(expected);
      expect(names.some((name) => /^logs\/webservices\/Desktop-webservices\.[\dT-]+\.log$/.test(name))).toBe(true);
      expect(names.some((name) => name.startsWith('screenshots/'))).toBe(true);
      const manifest = JSON.parse(Buffer.from(zip[`${runId}/manifest.json`]!).toString()) as { files: Record<string, string> };
      for (const [file, sha256] of Object.entries(manifest.files))
        expect(createHash('sha256').update(zip[`${runId}/${file}`]!).digest('hex'), file).toBe(sha256);
      expect(Buffer.from(zip[`${runId}/summary.html`]!).toString()).toContain('<svg');
      expect(await leaksUnder(outputDir())).toEqual([]);
    },
  );

  test('on the fixed profile: not reproduced, exit 0', async () => {
    const result = await runEntryPoint([...entryPoint('diagnose'), '--json', '--profile', 'fixed'], { OUTPUT_DIR: outputDir() });
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const document = JSON.parse(result.stdout) as DiagnoseDocument;
    expect(document).toMatchObject({ profile: 'fixed', reproduced: false, recovered: true });
    expect(document.checks.find((check) => check.id === 'token-response-cached')?.status).toBe('fail');
    expect(existsSync(document.evidence)).toBe(true);
  });
});
