/**
 * npm run analyze -- <files or folders…> [--json] [--markdown <out.md> [--force]] [--clock-skew <seconds>] [--zone <zone>] [bounds]
 * Reads Finesse client, webservices and IdS logs (plain, .gz, .zip, folders; UTF-8 or UTF-16) and
 * names every known SSO failure with its evidence. Exit 0 when the analysis ran (with or without
 * findings), 2 on usage and input errors: no path, a path that does not exist, nothing readable,
 * no log among the inputs, an output that would replace a file without --force.
 */
import { parseArgs } from 'node:util';
import { analyzeInputs, DEFAULT_CLOCK_SKEW_THRESHOLD_S } from '../src/analyzer/analyze.ts';
import { InputError } from '../src/analyzer/inputs/list-inputs.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../src/analyzer/inputs/read-limits.ts';
import { parseZoneOffset } from '../src/analyzer/timestamps.ts';
import { renderMarkdown } from '../src/analyzer/render-markdown.ts';
import { renderText } from '../src/analyzer/render-text.ts';
import type { FileReport } from '../src/analyzer/types.ts';
import { guardEntryPoint, UsageError } from '../src/cli/cli-errors.ts';
import { EXIT_USAGE } from '../src/cli/load-config-or-exit.ts';
import { checkOutputFile, writeFileReplacing } from '../src/cli/output-file.ts';
import { ReportRedactor } from '../src/redaction/index.ts';
import { escapeControl } from '../src/text/escape-control.ts';

const USAGE = `Usage: npm run analyze -- <files or folders…> [--json] [--markdown <out.md> [--force]] [--clock-skew <seconds>] [--zone <zone>] [bounds]

  <files or folders…>   Finesse client, webservices and IdS logs: plain, .gz or .zip, folders read recursively
  --json                print the analysis as JSON instead of the text summary
  --markdown <out.md>   also write the analysis as markdown (for a case note); never one of the inputs
  --force               let --markdown replace an existing file
  --clock-skew <s>      browser/server time difference reported as clock skew (default ${DEFAULT_CLOCK_SKEW_THRESHOLD_S})
  --zone <zone>         zone of timestamps that name none: UTC, Z or an offset, --zone=-05:00 (default UTC);
                        the files that have such timestamps are named in a warning
  --help                this text

Bounds on compressed inputs (a file past one is reported and read up to there; the rest goes on):
  --max-depth <n>         archives inside archives opened this deep (default ${DEFAULT_READ_LIMITS.maxDepth})
  --max-entry-bytes <n>   bytes one archived or gzip file may expand to (default ${DEFAULT_READ_LIMITS.maxEntryBytes})
  --max-total-bytes <n>   bytes all compressed inputs together may expand to (default ${DEFAULT_READ_LIMITS.maxTotalBytes})
  --max-ratio <n>         expanded/compressed size of one archive past 64 MiB (default ${DEFAULT_READ_LIMITS.maxRatio})

Exit codes: 0 the analysis ran (findings or not), 2 usage or input error (no path, no such path, nothing readable, no log).`;

guardEntryPoint('analyze', (error) => error instanceof InputError);

/** One line saying what is wrong (a list of files after it where several are); the options on --help. */
function usageError(message: string): never {
  process.stderr.write(`analyze: ${escapeControl(message, { keepNewlines: true })}\nUsage: npm run analyze -- <files or folders…> [options]; npm run analyze -- --help for the options\n`);
  process.exit(EXIT_USAGE);
}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        markdown: { type: 'string' },
        force: { type: 'boolean', default: false },
        'clock-skew': { type: 'string' },
        zone: { type: 'string' },
        'max-depth': { type: 'string' },
        'max-entry-bytes': { type: 'string' },
        'max-total-bytes': { type: 'string' },
        'max-ratio': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
}

/** A whole number option of at least `min`, or its default. */
function whole(name: keyof typeof values, fallback: number, min: number): number {
  const given = values[name];
  if (given === undefined) return fallback;
  const value = Number(given);
  if (typeof given !== 'string' || !/^\d+$/.test(given.trim()) || !Number.isSafeInteger(value) || value < min) usageError(`--${name}: expected a whole number from ${min}, got ${JSON.stringify(given)}`);
  return value;
}

const { values, positionals } = parseCommandLine();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length === 0) usageError('give at least one log file or folder');
const skew = values['clock-skew'] === undefined ? DEFAULT_CLOCK_SKEW_THRESHOLD_S : Number(values['clock-skew']);
if (!Number.isFinite(skew) || skew <= 0) usageError(`--clock-skew: expected a number of seconds above 0, got ${JSON.stringify(values['clock-skew'])}`);
const assumedOffsetMin = values.zone === undefined ? 0 : parseZoneOffset(values.zone);
// No IANA names: a fixed offset read across a DST change would shift half the log.
if (assumedOffsetMin === undefined) usageError(`--zone: expected UTC, Z or an offset such as --zone=-05:00 or +0530, got ${JSON.stringify(values.zone)}`);
const limits: ReadLimits = {
  maxDepth: whole('max-depth', DEFAULT_READ_LIMITS.maxDepth, 1),
  maxEntryBytes: whole('max-entry-bytes', DEFAULT_READ_LIMITS.maxEntryBytes, 1),
  maxTotalBytes: whole('max-total-bytes', DEFAULT_READ_LIMITS.maxTotalBytes, 1),
  maxRatio: whole('max-ratio', DEFAULT_READ_LIMITS.maxRatio, 1),
};
// Judged before the analysis, which can take minutes: a refused output must not waste them.
let markdownFile: string | undefined;
try {
  if (values.markdown !== undefined) markdownFile = checkOutputFile('--markdown', values.markdown, { force: values.force, inputs: positionals });
} catch (error) {
  if (error instanceof UsageError) usageError(error.message);
  throw error;
}

let report: Awaited<ReturnType<typeof analyzeInputs>>;
try {
  report = await analyzeInputs(positionals, { clockSkewThresholdS: skew, limits, assumedOffsetMin });
} catch (error) {
  if (error instanceof InputError) usageError(error.message);
  throw error;
}
if (report.files.length === 0) usageError(`nothing to read: no files in ${positionals.join(', ')}`);
const listed = (files: FileReport[]) => files.map((file) => `  ${file.path}: ${file.error ?? (file.kind === 'empty' ? 'empty' : 'not a log')}`).join('\n');
if (report.files.every((file) => file.kind === 'unreadable')) usageError(`nothing readable:\n${listed(report.files)}`);
const notLogs = report.files.filter((file) => file.kind === 'unknown');
// A binary or foreign file is "not a log", never "no known failure".
if (report.files.every((file) => file.kind === 'unknown' || file.kind === 'empty' || file.kind === 'unreadable')) usageError(`no log among the inputs (none holds a line of a Finesse client, webservices or IdS log):\n${listed(report.files)}`);
for (const file of notLogs) process.stderr.write(`analyze: ${escapeControl(file.path)}: not a log (no line of a Finesse client, webservices or IdS log); skipped\n`);
const zoneless = report.files.filter((file) => file.zonelessLines !== undefined);
if (zoneless.length > 0) {
  const named = zoneless.map((file) => `  ${file.path}: ${file.zonelessLines} entries read as ${file.assumedZone}`).join('\n');
  process.stderr.write(`analyze: warning: timestamps without a zone, read in ${zoneless[0]!.assumedZone}${values.zone === undefined ? ' (the default)' : ' (--zone)'}; give --zone if the logs were written in another zone:\n${escapeControl(named, { keepNewlines: true })}\n`);
}
for (const file of report.files.filter((each) => each.error !== undefined)) process.stderr.write(`analyze: ${escapeControl(file.path)}: ${escapeControl(file.error!)}\n`);

// Log lines and archive entry names come from outside: printed with their control characters escaped.
// What the logs carried (passwords, cookies, tokens) is redacted in every output, as in a bundle.
const redactor = new ReportRedactor();
process.stdout.write(escapeControl(values.json ? `${JSON.stringify(redactor.value(report), null, 2)}\n` : redactor.text(renderText(report)), { keepNewlines: true }));
if (markdownFile !== undefined) {
  writeFileReplacing(markdownFile, escapeControl(redactor.text(renderMarkdown(report)), { keepNewlines: true }));
  process.stderr.write(`Markdown written: ${values.markdown}\n`);
}
