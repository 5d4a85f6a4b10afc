import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * The three log families of a Finesse deployment, one sub-folder each, as on the real servers,
 * plus the error reports agents upload with "Send Error Report" (whole client logs, kept apart so
 * their lines are not counted twice).
 */
export type LogKind = 'clientlogs' | 'webservices' | 'ids' | 'errorreports';
export const LOG_STREAMS: readonly LogKind[] = ['clientlogs', 'webservices', 'ids'];
const ALL_KINDS: readonly LogKind[] = [...LOG_STREAMS, 'errorreports'];

/**
 * Append-only log files under one folder. Writes are synchronous so a line is on disk, in order,
 * before the response that caused it leaves the server: tests and the analyzer read what happened.
 */
export class LogFolder {
  private readonly handles = new Map<string, number>();

  constructor(readonly root: string) {
    for (const kind of ALL_KINDS) mkdirSync(path.join(root, kind), { recursive: true });
  }

  append(kind: LogKind, file: string, lines: readonly string[]): void {
    const target = path.join(this.root, kind, file);
    let handle = this.handles.get(target);
    if (handle === undefined) {
      handle = openSync(target, 'a');
      this.handles.set(target, handle);
    }
    writeSync(handle, `${lines.join('\n')}\n`);
  }

  /** Every line of one kind, files in name order. */
  read(kind: LogKind): string[] {
    const folder = path.join(this.root, kind);
    return readdirSync(folder)
      .sort()
      .flatMap((file) => readFileSync(path.join(folder, file), 'utf8').split('\n').filter(Boolean));
  }

  /** Empties the folder (between tests); the files start again. */
  clear(): void {
    this.close();
    for (const kind of ALL_KINDS) {
      rmSync(path.join(this.root, kind), { recursive: true, force: true });
      mkdirSync(path.join(this.root, kind), { recursive: true });
    }
  }

  close(): void {
    for (const handle of this.handles.values()) closeSync(handle);
    this.handles.clear();
  }
}
