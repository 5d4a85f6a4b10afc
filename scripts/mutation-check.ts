/**
 * npm run mutation: proves the defect scenarios can fail. It turns the mock IdS's mismatch check
 * off (MOCK_MISMATCH_CHECK=false) and runs the @mismatch and @recovery scenarios: every one of them
 * must fail. Exit 0 when they all failed, 1 when any passed without the check (a test that cannot fail).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';

loadConfigOrExit();
const work = mkdtempSync(path.join(os.tmpdir(), 'mutation-'));
const report = path.join(work, 'report.json');
process.stderr.write('[mutation] running @mismatch and @recovery with the IdS mismatch check turned off ...\n');
spawnSync('npx', ['playwright', 'test', '--project', 'browser', '--grep', '@mismatch|@recovery', '--reporter', 'json'], {
  env: { ...process.env, MOCK_MISMATCH_CHECK: 'false', PLAYWRIGHT_JSON_OUTPUT_NAME: report },
  stdio: ['ignore', 'ignore', 'inherit'],
});

interface JsonSuite {
  title?: string;
  suites?: JsonSuite[];
  specs?: { title: string; tests: { results: { status: string }[] }[] }[];
}
const results: { title: string; status: string }[] = [];
const collect = (suite: JsonSuite, path: string[]) => {
  for (const spec of suite.specs ?? []) results.push({ title: [...path, spec.title].join(' › '), status: spec.tests[0]?.results.at(-1)?.status ?? 'missing' });
  for (const child of suite.suites ?? []) collect(child, child.title && !child.title.endsWith('.ts') ? [...path, child.title] : path);
};
collect(JSON.parse(readFileSync(report, 'utf8')) as JsonSuite, []);
rmSync(work, { recursive: true, force: true });

const survivors = results.filter((result) => result.status === 'passed');
for (const result of results) process.stdout.write(`${result.status === 'passed' ? 'SURVIVED' : 'killed  '}  ${result.title}\n`);
process.stdout.write(`\n${results.length - survivors.length} of ${results.length} scenarios failed without the mismatch check${survivors.length > 0 ? `; ${survivors.length} cannot fail` : ', as they must'}.\n`);
process.exit(results.length > 0 && survivors.length === 0 ? 0 : 1);
