import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * The three log families of a Finesse deployment, one sub-folder each, as on the real servers.
 *
 * Laid out as the Finesse CLI's `file get activelog /desktop recurs compress` delivers the
 * activelog's desktop tree (TAC 212078), so a customer's download and the mock's folder read alike:
 * `desktop/logs/clientlogs/` (Send Error Report's uploads, DocWiki "Workflows: Analyzing client
 * logs"), `desktop/logs/webservices/Desktop-webservices.<time>.log` (TAC 212078 names the files
 * `Desktop-webservices…`, rotating). INFERRED: no public source shows the tree; the
 * `webservices/` folder name, the time in the webservices file name, and the IdS log under
 * `desktop/logs/ids/` are the mock's choice.
 */
export type LogKind = 'clientlogs' | 'webservices' | 'ids';
export const LOG_STREAMS: readonly LogKind[] = ['clientlogs', 'webservices', 'ids'];
/** The activelog tree below the download's root (INFERRED, see above). */
export const ACTIVELOG_LOGS_FOLDER = path.join('desktop', 'logs');

/**
 * Append-only log files under one folder. Writes are synchronous so a line is on disk, in order,
 * before the response that caused it leaves the server: tests and the analyzer read what happened.
 */
export class LogFolder {
  private readonly handles = new Map<string, number>();

  constructor(readonly root: string) {
    for (const kind of LOG_STREAMS) mkdirSync(this.folder(kind), { recursive: true });
  }

  /** Where one kind's files are. */
  folder(kind: LogKind): string {
    return path.join(this.root, ACTIVELOG_LOGS_FOLDER, kind);
  }

  append(kind: LogKind, file: string, lines: readonly string[]): void {
    const target = path.join(this.folder(kind), file);
    let handle = this.handles.get(target);
    if (handle === undefined) {
      handle = openSync(target, 'a');
      this.handles.set(target, handle);
    }
    writeSync(handle, `${lines.join('\n')}\n`);
  }

  /** Every line of one kind, files in name order. */
  read(kind: LogKind): string[] {
    const folder = this.folder(kind);
    return readdirSync(folder)
      .sort()
      .flatMap((file) => readFileSync(path.join(folder, file), 'utf8').split('\n').filter(Boolean));
  }

  /** Empties the folder (between tests); the files start again. */
  clear(): void {
    this.close();
    for (const kind of LOG_STREAMS) {
      rmSync(this.folder(kind), { recursive: true, force: true });
      mkdirSync(this.folder(kind), { recursive: true });
    }
  }

  close(): void {
    for (const handle of this.handles.values()) closeSync(handle);
    this.handles.clear();
  }
}
