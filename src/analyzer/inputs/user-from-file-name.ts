/** The agent a client log belongs to, from the name the desktop gives its uploaded logs. */
import path from 'node:path';

/** `Agent2_2026-11-26T16-20-00.log` or `Agent2_2026-11-26T16-20-00_C5E373.log` (client logs as uploaded) → `Agent2`. */
export function userFromFileName(file: string): string | undefined {
  const name = path.basename(file.slice(file.lastIndexOf('!') + 1));
  const user = /^([^_\s]+)_\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}/.exec(name)?.[1];
  return user === 'unknown' ? undefined : user;
}
