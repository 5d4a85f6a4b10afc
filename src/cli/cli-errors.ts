import { EXIT_USAGE } from './load-config-or-exit.ts';
import { InputFileError } from '../text/bounded-file.ts';
import { escapeControl } from '../text/escape-control.ts';

/** A usage or input error: one line for the user and exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Makes an entry point safe to hand to a user: whatever escapes it ends as one line on stderr
 * (exit 2 for usage and input errors, named by `isUsageError`, else 1), never a stack trace; a
 * closed stdout (`analyze | head`) ends it quietly. HARNESS_DEBUG=1 shows the stack for a developer.
 */
export function guardEntryPoint(command: string, isUsageError: (error: unknown) => boolean = (error) => error instanceof UsageError): void {
  const fail = (error: unknown) => {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    const usage = error instanceof UsageError || error instanceof InputFileError || isUsageError(error);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${command}: ${escapeControl(message, { keepNewlines: true })}${usage ? '' : ' (an unexpected error; run again with HARNESS_DEBUG=1 for its origin)'}\n`,
    );
    if (process.env.HARNESS_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exit(usage ? EXIT_USAGE : 1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    fail(error);
  });
}
