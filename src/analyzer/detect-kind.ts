import type { FileSink } from './inputs/file-sink.ts';
import type { FileKind } from './types.ts';

/** A JSON document (a HAR), not a log: its first non-blank byte (after a BOM) opens an object. Logs start with a time. */
export function startsAsJsonObject(head: Uint8Array): boolean {
  let i = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i += 1;
  return i < head.length && head[i] === 0x7b;
}

/** A sink that picks, from the file's first bytes, a HAR reader or a log reader. */
export function sinkByContent(harSink: () => FileSink, logSink: () => FileSink): FileSink {
  let chosen: FileSink | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const choose = (final: boolean): FileSink | undefined => {
    if (chosen !== undefined) return chosen;
    const head = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    // Blank bytes alone do not decide yet (a HAR may start with a long indent).
    const blank =
      !startsAsJsonObject(head) &&
      head.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0xef || byte === 0xbb || byte === 0xbf);
    if (blank && !final && pendingBytes < 4096) return undefined;
    chosen = startsAsJsonObject(head) ? harSink() : logSink();
    for (const chunk of pending) chosen.push(chunk);
    pending = [];
    return chosen;
  };
  return {
    push(chunk) {
      if (chosen !== undefined) return chosen.push(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      choose(false);
    },
    end(error) {
      (choose(true) ?? logSink()).end(error);
    },
  };
}

/** The shape of a line's start: a client log line (`2017-03-25T…`), a server entry header (`2017-03-25 …`), or neither. */
export type LineShape = 'client' | 'server' | 'other';

/** Decided from the first 11 characters of the line at `start` only; the parsers confirm. */
export function lineShape(text: string, start: number, end: number): LineShape {
  if (end - start < 24) return 'other';
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return 'other';
  const first = text.charCodeAt(start);
  if (first < 48 || first > 57) return 'other';
  const separator = text.charCodeAt(start + 10);
  return separator === 84 ? 'client' : separator === 32 ? 'server' : 'other';
}

/** A line that starts like a timestamp but is not a whole entry (a truncated or mangled header). */
function looksLikeBrokenHeader(line: string): boolean {
  return line.length >= 5 && line.charCodeAt(4) === 45 && isDigits(line, 0, 4);
}

/** Whether a line can be the continuation of an entry (an exception, a stack frame, a wrapped message). */
export function isContinuationText(line: string): boolean {
  return !looksLikeBrokenHeader(line) && isText(line);
}

/** No C0 control other than tab, line and form feeds, no DEL, no replacement character (invalid UTF-8): text, not bytes. */
function isText(line: string): boolean {
  for (let i = 0; i < line.length; i += 1) {
    const code = line.charCodeAt(i);
    if ((code < 32 && (code < 9 || code > 13)) || code === 127 || code === 0xfffd) return false;
  }
  return true;
}

/**
 * Votes of a file's lines for the log kind they belong to; the file's kind is the kind of
 * (nearly) all of them. IdS and webservices headers share one shape and differ by logger and
 * source file (see `isIdsEntry`).
 */
export class KindVotes {
  private client = 0;
  private webservices = 0;
  private ids = 0;

  voteClient(): void {
    this.client += 1;
  }

  voteServer(ids: boolean): void {
    if (ids) this.ids += 1;
    else this.webservices += 1;
  }

  kind(nonBlankLines: number): FileKind {
    const total = this.client + this.webservices + this.ids;
    if (nonBlankLines === 0) return 'empty';
    if (total === 0) return 'unknown';
    // A stray line of another kind (a pasted excerpt) does not make a file mixed; a real mix does.
    const dominant = Math.max(this.client, this.webservices, this.ids);
    if (dominant < total * 0.95) return 'mixed';
    return dominant === this.client ? 'client' : dominant === this.ids ? 'ids' : 'webservices';
  }
}

function isDigits(text: string, start: number, count: number): boolean {
  for (let i = start; i < start + count; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
