import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onShutdown } from './shutdown.ts';

/**
 * A temporary folder only this user can read (0700; mkdtemp makes it so), removed when the
 * process ends: normally, on an error that escapes, and on SIGINT, SIGTERM or SIGHUP (see `onShutdown`).
 */
export function privateTempDir(prefix: string): { path: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  onShutdown(remove);
  return { path: dir, remove };
}
