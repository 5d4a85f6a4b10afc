/**
 * npm run bench: every benchmark of the project in one run, one table, and reports/bench.json.
 * Suites live in scripts/bench/<area>.ts and export a default BenchSuite.
 * `npm run bench -- <area> ...` runs only the named suites.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchSuite, Metric } from '../src/bench/metric.ts';
import { loadConfigOrExit } from '../src/cli/load-config-or-exit.ts';

const config = loadConfigOrExit();
const suitesDir = path.join(import.meta.dirname, 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(suitesDir).filter((file) => file.endsWith('.ts')).sort();
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;

const metrics: Metric[] = [];
const failures: string[] = [];
for (const file of files) {
  const area = path.basename(file, '.ts');
  if (wanted.length > 0 && !wanted.includes(area)) continue;
  process.stderr.write(`[bench] ${area} ...\n`);
  try {
    const suite = (await import(pathToFileURL(path.join(suitesDir, file)).href) as { default: BenchSuite }).default;
    metrics.push(...(await suite()));
  } catch (error) {
    failures.push(`${area}: ${(error as Error).stack ?? String(error)}`);
  }
}

const rows = metrics.map((metric) => [metric.name, String(metric.median), metric.unit, metric.target ?? '', metric.ok === undefined ? '' : metric.ok ? 'ok' : 'MISSED', metric.runs ? String(metric.runs) : '']);
const header = ['metric', 'median', 'unit', 'target', 'result', 'runs'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
process.stdout.write(`Machine: ${machine}\n\n${line(header)}\n${line(widths.map((width) => '-'.repeat(width)))}\n${rows.map(line).join('\n')}\n`);

mkdirSync(config.outputDir, { recursive: true });
const out = path.join(config.outputDir, 'bench.json');
writeFileSync(out, `${JSON.stringify({ machine, date: new Date().toISOString(), metrics }, null, 2)}\n`);
process.stdout.write(`\nWritten: ${out}\n`);
for (const failure of failures) process.stderr.write(`[bench] suite failed: ${failure}\n`);
process.exit(failures.length > 0 ? 1 : 0);
