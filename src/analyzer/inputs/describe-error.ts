/** A read failure as a sentence for the report. */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'the file disappeared before it could be read (ENOENT)';
  return error instanceof Error ? error.message : String(error);
}
