/**
 * npm run sanitize -- <file|folder|zip> [--out <path>] [--force]
 * A redacted copy of a HAR (Chrome, Edge or Firefox DevTools), a Playwright trace, a log folder or
 * a zip of them, for sharing. Exit 0 written, 1 refused (a secret would remain: nothing written),
 * 2 usage error.
 */
import { parseArgs } from 'node:util';
import { defaultOutputFor, sanitize, SanitizeRefusedError, SanitizeUsageError } from '../src/redaction/sanitize.ts';
import { EXIT_USAGE } from '../src/cli/load-config-or-exit.ts';

const USAGE = `Usage: npm run sanitize -- <file|folder|zip> [--out <path>] [--force]

  <file|folder|zip>  a HAR, a Playwright trace, a log file or folder, or a zip of them
  --out <path>       where the sanitized copy goes (default: <name>.sanitized<.ext> next to the input)
  --force            replace an existing output
  --help             this text

Exit codes: 0 the sanitized copy was written, 1 refused (a secret would remain; nothing written), 2 usage error.`;

function usageError(message: string): never {
  process.stderr.write(`sanitize: ${message}\n\n${USAGE}\n`);
  process.exit(EXIT_USAGE);
}

function parseCommandLine() {
  try {
    return parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } } });
  } catch (error) {
    return usageError((error as Error).message);
  }
}

const { values, positionals } = parseCommandLine();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length !== 1) usageError('give exactly one file, folder or zip');
const input = positionals[0]!;
try {
  const result = await sanitize(input, values.out ?? defaultOutputFor(input), { force: values.force ?? false });
  const counts = Object.entries(result.replacements).sort(([a], [b]) => a.localeCompare(b));
  process.stdout.write(`Sanitized copy: ${result.output}\nReplaced (per label): ${counts.length === 0 ? 'nothing' : ''}\n`);
  for (const [label, count] of counts) process.stdout.write(`  ${label.padEnd(24)} ${count}\n`);
  if (result.withheld.length > 0)
    process.stdout.write(`Left out (could not be sanitized safely):\n${result.withheld.map((part) => `  ${part.file}: ${part.reason}`).join('\n')}\n`);
} catch (error) {
  if (error instanceof SanitizeUsageError) usageError(error.message);
  if (error instanceof SanitizeRefusedError) {
    process.stderr.write(`sanitize: ${error.message}\n`);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') usageError(`${input} does not exist`);
  throw error;
}
