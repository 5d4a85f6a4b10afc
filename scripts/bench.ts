/**
 * npm run bench: every benchmark of the project in one run, one table, and reports/bench.json.
 * Suites live in scripts/bench/<area>.ts and export a default BenchSuite; they run one after the
 * other so no two measurements share the machine.
 * `npm run bench -- <area> ...` runs only the named suites (bench.json then holds only those).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchTable, describeMachine, type Machine } from '../src/bench/bench-table.ts';
import type { BenchSuite, Metric } from '../src/bench/metric.ts';
import { browserVersion } from '../src/browser/browser-version.ts';
import { describeBrowser } from '../src/browser/launch-options.ts';
import { resolveBrowserOnce } from '../src/browser/resolve.ts';
import { EXIT_USAGE, loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';

const config = loadConfigOrExit();
const suitesDir = path.join(import.meta.dirname, 'bench');
const areas = readdirSync(suitesDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => path.basename(file, '.ts'))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((area) => !areas.includes(area));
if (unknown.length > 0) {
  process.stderr.write(`No bench suite named ${unknown.join(', ')}; the suites: ${areas.join(', ')}\n`);
  process.exit(EXIT_USAGE);
}

async function describeBenchBrowser(): Promise<string> {
  const choice = resolveBrowserOnce(config.browser, config.headless);
  return describeBrowser(choice, await browserVersion(choice, config.headless)).replace(/^Browser: /, '');
}

const cpus = os.cpus();
const machine: Machine = {
  cores: cpus.length,
  cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  browser: await describeBenchBrowser(),
};

const metrics: Metric[] = [];
const failures: string[] = [];
for (const area of areas.filter((name) => wanted.length === 0 || wanted.includes(name))) {
  process.stderr.write(`[bench] ${area} ...\n`);
  try {
    const suite = ((await import(pathToFileURL(path.join(suitesDir, `${area}.ts`)).href)) as { default: BenchSuite }).default;
    metrics.push(...(await suite()));
  } catch (error) {
    failures.push(`${area}: ${(error as Error).stack ?? String(error)}`);
  }
}

process.stdout.write(`Machine: ${describeMachine(machine)}\n\n${benchTable(metrics)}\n`);
mkdirSync(config.outputDir, { recursive: true });
const out = path.join(config.outputDir, 'bench.json');
writeFileSync(out, `${JSON.stringify({ machine, date: new Date().toISOString(), suites: wanted.length > 0 ? wanted : areas, metrics }, null, 2)}\n`);
process.stdout.write(`\nWritten: ${out}\n`);
for (const failure of failures) process.stderr.write(`[bench] suite failed: ${failure}\n`);
process.exit(failures.length > 0 ? 1 : 0);
