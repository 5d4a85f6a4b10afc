/**
 * npm run analyze -- <files or folders…> [--json] [--markdown <out.md>] [--clock-skew <seconds>]
 * Reads Finesse client, webservices and IdS logs (plain, .gz, .zip, folders) and names every known
 * SSO failure with its evidence. Exit 0 when the analysis ran (with or without findings),
 * 2 on usage errors: no path, a path that does not exist, nothing readable.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeInputs, DEFAULT_CLOCK_SKEW_THRESHOLD_S } from '../src/analyzer/analyze.ts';
import { InputError } from '../src/analyzer/inputs.ts';
import { renderMarkdown } from '../src/analyzer/render-markdown.ts';
import { renderText } from '../src/analyzer/render-text.ts';
import { EXIT_USAGE } from '../src/cli/load-config-or-exit.ts';
import { ReportRedactor } from '../src/redaction/index.ts';

const USAGE = `Usage: npm run analyze -- <files or folders…> [--json] [--markdown <out.md>] [--clock-skew <seconds>]

  <files or folders…>   Finesse client, webservices and IdS logs: plain, .gz or .zip, folders read recursively
  --json                print the analysis as JSON instead of the text summary
  --markdown <out.md>   also write the analysis as markdown (for a case note)
  --clock-skew <s>      browser/server time difference reported as clock skew (default ${DEFAULT_CLOCK_SKEW_THRESHOLD_S})
  --help                this text

Exit codes: 0 the analysis ran (findings or not), 2 usage error (no path, no such path, nothing readable).`;

function usageError(message: string): never {
  process.stderr.write(`analyze: ${message}\n\n${USAGE}\n`);
  process.exit(EXIT_USAGE);
}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { json: { type: 'boolean' }, markdown: { type: 'string' }, 'clock-skew': { type: 'string' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
}

const { values, positionals } = parseCommandLine();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length === 0) usageError('give at least one log file or folder');
const skew = values['clock-skew'] === undefined ? DEFAULT_CLOCK_SKEW_THRESHOLD_S : Number(values['clock-skew']);
if (!Number.isFinite(skew) || skew <= 0) usageError(`--clock-skew: expected a number of seconds above 0, got ${JSON.stringify(values['clock-skew'])}`);

let report: Awaited<ReturnType<typeof analyzeInputs>>;
try {
  report = await analyzeInputs(positionals, { clockSkewThresholdS: skew });
} catch (error) {
  if (error instanceof InputError) usageError(error.message);
  throw error;
}
if (report.files.length === 0) usageError(`nothing to read: no files in ${positionals.join(', ')}`);
if (report.files.every((file) => file.kind === 'unreadable')) {
  usageError(`nothing readable:\n${report.files.map((file) => `  ${file.path}: ${file.error ?? 'unreadable'}`).join('\n')}`);
}

// What the logs carried (passwords, cookies, tokens) is redacted in every output, as in a bundle.
const redactor = new ReportRedactor();
process.stdout.write(values.json ? `${JSON.stringify(redactor.value(report), null, 2)}\n` : redactor.text(renderText(report)));
if (values.markdown !== undefined) {
  mkdirSync(path.dirname(path.resolve(values.markdown)), { recursive: true });
  writeFileSync(values.markdown, redactor.text(renderMarkdown(report)));
  process.stderr.write(`Markdown written: ${values.markdown}\n`);
}
