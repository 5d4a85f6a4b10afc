import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { scratchFolder } from '../scratch-folder.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEED = path.join(import.meta.dirname, 'fixtures/logs/seed');

function analyze(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = scratchFolder('analyze-cli-');

test.describe('npm run analyze', () => {
  test('prints the text summary and exits 0 when the analysis ran', () => {
    const { status, stdout } = analyze(SEED);
    expect(status).toBe(0);
    expect(stdout).toContain('1. [HIGH] refresh-token-mismatch (stale-access-token)');
  });

  test('--json prints the report; --markdown also writes the case note', () => {
    const note = path.join(dir(), 'notes', 'case.md');
    const { status, stdout, stderr } = analyze(SEED, '--json', '--markdown', note);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { findings: { signature: string }[] };
    expect(report.findings[0]!.signature).toBe('refresh-token-mismatch');
    expect(stderr).toContain(`Markdown written: ${note}`);
    expect(readFileSync(note, 'utf8')).toContain('### 1. `refresh-token-mismatch`');
  });

  test('every finding names its signature’s provenance in text, JSON and markdown', () => {
    const text = analyze(SEED).stdout;
    expect(text).toMatch(/1\. \[HIGH\] refresh-token-mismatch[^\n]*\n(?: {3}[^\n]*\n)* {3}Provenance: seed\n/);
    const note = path.join(dir(), 'case.md');
    const report = JSON.parse(analyze(SEED, '--json', '--markdown', note).stdout) as { findings: { signature: string; provenance: string }[] };
    expect(report.findings.map((finding) => [finding.signature, finding.provenance])).toEqual([
      ['refresh-token-mismatch', 'seed'],
      ['forced-logout-after-refresh-failure', 'seed'],
    ]);
    expect(readFileSync(note, 'utf8')).toContain('| Provenance | seed |');
  });

  test('exit 2, with the reason and the usage, for no path, a missing path, an empty folder or a bad option', () => {
    const cases: [string[], string][] = [
      [[], 'analyze: give at least one log file or folder'],
      [[path.join(dir(), 'missing')], `analyze: no such file or folder: ${path.join(dir(), 'missing')}`],
      [[dir()], `analyze: nothing to read: no files in ${dir()}`],
      [[SEED, '--verbose'], "analyze: Unknown option '--verbose'"],
      [[SEED, '--clock-skew', 'soon'], 'analyze: --clock-skew: expected a number of seconds above 0, got "soon"'],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = analyze(...args);
      expect(status, args.join(' ')).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr).toContain('Usage: npm run analyze --');
      expect(stdout).toBe('');
    }
  });

  test('exit 2 when nothing given can be read', () => {
    test.skip(!existsSync('/proc/self/mem'), 'needs a file that fails on read');
    const { status, stderr } = analyze('/proc/self/mem');
    expect(status).toBe(2);
    expect(stderr).toContain('analyze: nothing readable:\n  /proc/self/mem: ');
  });
});
