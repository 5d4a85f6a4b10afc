/** What receives an entry of an archive (or a decompressed file): the entry's bytes, then its end or the error that stopped it. */
import type { FileSink } from './file-sink.ts';

/** A sink that learns from an entry's first bytes whether the entry is itself compressed. */
export interface EntryReader {
  push(chunk: Uint8Array, final: boolean): void;
  abort(error: string): void;
}

export class PlainEntry implements EntryReader {
  private ended = false;

  constructor(private readonly sink: FileSink) {}

  push(chunk: Uint8Array, final: boolean): void {
    if (this.ended) return;
    if (chunk.length > 0) this.sink.push(chunk);
    if (final) this.end();
  }

  abort(error: string): void {
    this.end(error);
  }

  private end(error?: string): void {
    if (this.ended) return;
    this.ended = true;
    this.sink.end(error);
  }
}

/** An entry not read, ended at once with the reason; whatever else arrives for it is dropped. */
export class RefusedEntry implements EntryReader {
  constructor(sink: FileSink, reason: string) {
    sink.end(reason);
  }

  push(): void {}

  abort(): void {}
}
