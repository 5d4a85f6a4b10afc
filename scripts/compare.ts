/**
 * npm run compare -- <runA> <runB>: what changed between two diagnoses ("before and after the
 * upgrade"). Each run is the JSON of `npm run -s diagnose -- --json`, an evidence bundle zip, or its
 * folder. Prints versions, verdict, each check, the lab-time moments, log findings and survey facts.
 *   --json   the comparison as JSON
 * Inputs are size-checked before they are parsed and must be regular files or folders.
 * Exit codes: 0 compared (differences or not), 2 usage error or an unreadable run.
 */
import { parseArgs } from 'node:util';
import { guardEntryPoint } from '../src/cli/cli-errors.ts';
import { EXIT_USAGE } from '../src/cli/load-config-or-exit.ts';
import { compareRuns, comparisonText } from '../src/compare/compare-runs.ts';
import { readRunRecord, RunRecordError } from '../src/compare/run-record.ts';
import { escapeControl } from '../src/text/escape-control.ts';

guardEntryPoint('compare', (error) => error instanceof RunRecordError);

function usage(message: string): never {
  process.stderr.write(
    `compare: ${escapeControl(message)}\nUsage: npm run compare -- <runA> <runB> [--json]   (each: diagnose --json output, an evidence bundle .zip or folder)\n`,
  );
  process.exit(EXIT_USAGE);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
} catch (error) {
  usage((error as Error).message);
}
if (parsed.positionals.length !== 2) usage(`expected two runs to compare, got ${parsed.positionals.length}`);
try {
  const [before, after] = parsed.positionals.map(readRunRecord) as [ReturnType<typeof readRunRecord>, ReturnType<typeof readRunRecord>];
  const comparison = compareRuns(before, after);
  // Names and texts in a run come from a file: printed with control characters escaped.
  process.stdout.write(escapeControl(`${parsed.values.json ? JSON.stringify(comparison, null, 2) : comparisonText(comparison)}\n`, { keepNewlines: true }));
} catch (error) {
  if (error instanceof RunRecordError) usage(error.message);
  throw error;
}
