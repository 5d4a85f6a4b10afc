/**
 * `npm run analyze` as functions: the command line read into options, then the analysis run and
 * printed. Usage and input errors are thrown as UsageError (the entry point prints them and exits 2).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/cli-errors.ts';
import { checkOutputFile, writeFileReplacing } from '../cli/output-file.ts';
import { ReportRedactor } from '../redaction/index.ts';
import { escapeControl } from '../text/escape-control.ts';
import { analyzeInputs, DEFAULT_CLOCK_SKEW_THRESHOLD_S } from './analyze.ts';
import { InputError } from './inputs/list-inputs.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './inputs/read-limits.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderText } from './render-text.ts';
import { parseZoneOffset } from './timestamps.ts';
import type { FileReport } from './types.ts';

export const ANALYZE_USAGE = `Usage: npm run analyze -- <files or folders…> [--json] [--markdown <out.md> [--force]] [--clock-skew <seconds>] [--zone <zone>] [bounds]

  <files or folders…>   Finesse client, webservices and IdS logs: plain, .gz or .zip, folders read recursively
  --json                print the analysis as JSON instead of the text summary
  --markdown <out.md>   also write the analysis as markdown (for a case note); never one of the inputs
  --force               let --markdown replace an existing file
  --clock-skew <s>      browser/server time difference reported as clock skew (default ${DEFAULT_CLOCK_SKEW_THRESHOLD_S})
  --zone <zone>         zone of timestamps that name none: UTC, Z or an offset such as -05:00 (default UTC);
                        the files that have such timestamps are named in a warning
  --help                this text

Bounds on compressed inputs (a file past one is reported and read up to there; the rest goes on):
  --max-depth <n>         archives inside archives opened this deep (default ${DEFAULT_READ_LIMITS.maxDepth})
  --max-entry-bytes <n>   bytes one archived or gzip file may expand to (default ${DEFAULT_READ_LIMITS.maxEntryBytes})
  --max-total-bytes <n>   bytes all compressed inputs together may expand to (default ${DEFAULT_READ_LIMITS.maxTotalBytes})
  --max-ratio <n>         expanded/compressed size of one archive past 64 MiB (default ${DEFAULT_READ_LIMITS.maxRatio})

Exit codes: 0 the analysis ran (findings or not), 2 usage or input error (no path, no such path, nothing readable, no log).`;

export interface AnalyzeCommand {
  help: boolean;
  paths: string[];
  json: boolean;
  /** The --markdown file, already judged writable. */
  markdownFile: string | undefined;
  /** --markdown as given, for the message that it was written. */
  markdownGiven: string | undefined;
  clockSkewThresholdS: number;
  assumedOffsetMin: number;
  /** Whether --zone was given (the zone warning says where the zone came from). */
  zoneGiven: boolean;
  limits: ReadLimits;
}

/** Where the command writes: the report on `out`, warnings on `err`. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const OPTIONS = {
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
} as const;

/**
 * `--zone -05:00` as an engineer types it: parseArgs takes a value that starts with a dash for another option, so an
 * offset after --zone (up to a `--` that ends the options) is joined to it as `--zone=-05:00`.
 */
function joinZoneOffsets(argv: readonly string[]): string[] {
  const args: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const next = argv[index + 1];
    if (arg === '--') return [...args, ...argv.slice(index)];
    if (arg === '--zone' && next !== undefined && /^-\d/.test(next)) {
      args.push(`--zone=${next}`);
      index += 1;
    } else args.push(arg);
  }
  return args;
}

/** The command line read and judged; the --markdown output is judged here, before an analysis that can take minutes. */
export function parseAnalyzeCommand(argv: string[]): AnalyzeCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: joinZoneOffsets(argv), allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const defaults = { help: false, paths: positionals, json: false, markdownFile: undefined, markdownGiven: undefined, zoneGiven: false };
  if (values.help) return { ...defaults, help: true, clockSkewThresholdS: DEFAULT_CLOCK_SKEW_THRESHOLD_S, assumedOffsetMin: 0, limits: DEFAULT_READ_LIMITS };
  if (positionals.length === 0) throw new UsageError('give at least one log file or folder');
  const skew = values['clock-skew'] === undefined ? DEFAULT_CLOCK_SKEW_THRESHOLD_S : Number(values['clock-skew']);
  if (!Number.isFinite(skew) || skew <= 0)
    throw new UsageError(`--clock-skew: expected a number of seconds above 0, got ${JSON.stringify(values['clock-skew'])}`);
  const assumedOffsetMin = values.zone === undefined ? 0 : parseZoneOffset(values.zone);
  // No IANA names: a fixed offset read across a DST change would shift half the log.
  if (assumedOffsetMin === undefined) throw new UsageError(`--zone: expected UTC, Z or an offset such as -05:00 or +0530, got ${JSON.stringify(values.zone)}`);
  /** A whole number option of at least 1, or its default. */
  const whole = (name: 'max-depth' | 'max-entry-bytes' | 'max-total-bytes' | 'max-ratio', fallback: number): number => {
    const given = values[name];
    if (given === undefined) return fallback;
    const value = Number(given);
    if (!/^\d+$/.test(given.trim()) || !Number.isSafeInteger(value) || value < 1)
      throw new UsageError(`--${name}: expected a whole number from 1, got ${JSON.stringify(given)}`);
    return value;
  };
  const limits: ReadLimits = {
    maxDepth: whole('max-depth', DEFAULT_READ_LIMITS.maxDepth),
    maxEntryBytes: whole('max-entry-bytes', DEFAULT_READ_LIMITS.maxEntryBytes),
    maxTotalBytes: whole('max-total-bytes', DEFAULT_READ_LIMITS.maxTotalBytes),
    maxRatio: whole('max-ratio', DEFAULT_READ_LIMITS.maxRatio),
  };
  const markdownFile = values.markdown === undefined ? undefined : checkOutputFile('--markdown', values.markdown, { force: values.force, inputs: positionals });
  return {
    ...defaults,
    json: values.json ?? false,
    markdownFile,
    markdownGiven: values.markdown,
    clockSkewThresholdS: skew,
    assumedOffsetMin,
    zoneGiven: values.zone !== undefined,
    limits,
  };
}

/** Analyzes the inputs and prints the report; inputs that hold no readable log are a UsageError. */
export async function runAnalyzeCommand(command: AnalyzeCommand, output: CommandOutput): Promise<void> {
  let report: Awaited<ReturnType<typeof analyzeInputs>>;
  try {
    report = await analyzeInputs(command.paths, {
      clockSkewThresholdS: command.clockSkewThresholdS,
      limits: command.limits,
      assumedOffsetMin: command.assumedOffsetMin,
    });
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
  if (report.files.length === 0) throw new UsageError(`nothing to read: no files in ${command.paths.join(', ')}`);
  const listed = (files: FileReport[]) => files.map((file) => `  ${file.path}: ${file.error ?? (file.kind === 'empty' ? 'empty' : 'not a log')}`).join('\n');
  if (report.files.every((file) => file.kind === 'unreadable')) throw new UsageError(`nothing readable:\n${listed(report.files)}`);
  const notLogs = report.files.filter((file) => file.kind === 'unknown');
  // A binary or foreign file is "not a log", never "no known failure".
  if (report.files.every((file) => file.kind === 'unknown' || file.kind === 'empty' || file.kind === 'unreadable'))
    throw new UsageError(`no log among the inputs (none holds a line of a Finesse client, webservices or IdS log):\n${listed(report.files)}`);
  for (const file of notLogs) output.err(`analyze: ${escapeControl(file.path)}: not a log (no line of a Finesse client, webservices or IdS log); skipped\n`);
  const zoneless = report.files.filter((file) => file.zonelessLines !== undefined);
  if (zoneless.length > 0) {
    const named = zoneless.map((file) => `  ${file.path}: ${file.zonelessLines} entries read as ${file.assumedZone}`).join('\n');
    output.err(
      `analyze: warning: timestamps without a zone, read in ${zoneless[0]!.assumedZone}${command.zoneGiven ? ' (--zone)' : ' (the default)'}; give --zone if the logs were written in another zone:\n${escapeControl(named, { keepNewlines: true })}\n`,
    );
  }
  for (const file of report.files.filter((each) => each.error !== undefined))
    output.err(`analyze: ${escapeControl(file.path)}: ${escapeControl(file.error!)}\n`);

  // Log lines and archive entry names come from outside: printed with their control characters escaped.
  // What the logs carried (passwords, cookies, tokens) is redacted in every output, as in a bundle.
  const redactor = new ReportRedactor();
  output.out(escapeControl(command.json ? `${JSON.stringify(redactor.value(report), null, 2)}\n` : redactor.text(renderText(report)), { keepNewlines: true }));
  if (command.markdownFile !== undefined) {
    writeFileReplacing(command.markdownFile, escapeControl(redactor.text(renderMarkdown(report)), { keepNewlines: true }));
    output.err(`Markdown written: ${command.markdownGiven}\n`);
  }
}
