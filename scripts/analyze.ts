/**
 * npm run analyze -- <files or folders…> [--json] [--markdown <out.md> [--force]] [--clock-skew <seconds>] [--zone <zone>] [bounds]
 * Reads Finesse client, webservices and IdS logs (plain, .gz, .zip, folders; UTF-8 or UTF-16) and
 * names every known SSO failure with its evidence. Exit 0 when the analysis ran (with or without
 * findings), 2 on usage and input errors: no path, a path that does not exist, nothing readable,
 * no log among the inputs, an output that would replace a file without --force.
 */
import { ANALYZE_USAGE, parseAnalyzeCommand, runAnalyzeCommand } from '../src/analyzer/analyze-command.ts';
import { InputError } from '../src/analyzer/inputs/list-inputs.ts';
import { guardEntryPoint, UsageError } from '../src/cli/cli-errors.ts';
import { EXIT_USAGE } from '../src/cli/load-config-or-exit.ts';
import { escapeControl } from '../src/text/escape-control.ts';

guardEntryPoint('analyze', (error) => error instanceof InputError);

try {
  const command = parseAnalyzeCommand(process.argv.slice(2));
  if (command.help) process.stdout.write(`${ANALYZE_USAGE}\n`);
  else await runAnalyzeCommand(command, { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  // One line saying what is wrong (a list of files after it where several are); the options on --help.
  process.stderr.write(
    `analyze: ${escapeControl(error.message, { keepNewlines: true })}\nUsage: npm run analyze -- <files or folders…> [options]; npm run analyze -- --help for the options\n`,
  );
  process.exitCode = EXIT_USAGE;
}
