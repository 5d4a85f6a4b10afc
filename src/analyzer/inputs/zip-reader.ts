/** Zip archives, read as a stream, with each entry routed on its first bytes (a log, a gzip file, another zip). */
import { Inflate, Unzip, type UnzipDecoder, type UnzipFile } from 'fflate';
import { escapeControl } from '../../text/escape-control.ts';
import { describeReadError } from './describe-error.ts';
import { PlainEntry, RefusedEntry, type EntryReader } from './entry-reader.ts';
import type { SinkFactory } from './file-sink.ts';
import { isGzip, isZip } from './file-kind.ts';
import { GunzipEntry } from './gunzip-entry.ts';
import { Expansion, INFLATE_SLICE_BYTES, type ReadBudget } from './read-limits.ts';

/** fflate's inflater for zip entries, which stops inflating once the entry is terminated (a bound reached). */
class StoppableInflate implements UnzipDecoder {
  static readonly compression = 8;
  ondata: UnzipDecoder['ondata'] = () => undefined;
  private readonly inflate = new Inflate((data, final) => this.ondata(null, data, final));
  private stopped = false;

  push(data: Uint8Array, final: boolean): void {
    if (!this.stopped) this.inflate.push(data, final);
  }

  terminate(): void {
    this.stopped = true;
  }
}

/**
 * A zip archive read as a stream (fflate's `Unzip`, which works from the local headers and so
 * needs no seeking). Each entry is routed on its first bytes: a log, a gzip file or another zip.
 */
export class ArchiveReader implements EntryReader {
  private readonly unzip = new Unzip();
  private readonly open = new Set<EntryReader>();
  private readonly expansion: Expansion;

  constructor(
    private readonly file: string,
    private readonly sinkFor: SinkFactory,
    private readonly depth: number,
    private readonly budget: ReadBudget,
  ) {
    this.expansion = new Expansion(budget);
    this.unzip.register(StoppableInflate);
    this.unzip.onfile = (entry) => this.entry(entry);
  }

  push(chunk: Uint8Array, final: boolean): void {
    // In slices: what one push inflates to is held at once.
    for (let offset = 0; offset < chunk.length; offset += INFLATE_SLICE_BYTES) {
      const slice = chunk.subarray(offset, offset + INFLATE_SLICE_BYTES);
      this.expansion.compressedIn(slice.length);
      this.unzip.push(slice, final && offset + INFLATE_SLICE_BYTES >= chunk.length);
    }
    if (chunk.length === 0) this.unzip.push(chunk, final);
  }

  /** Ends the entries being read with the error; with none open, reports it against the archive itself. */
  abort(error: string): void {
    if (this.open.size === 0) this.sinkFor(this.file).end(`zip: ${error}`);
    for (const reader of this.open) reader.abort(`zip: ${error}`);
    this.open.clear();
  }

  private entry(entry: UnzipFile): void {
    // A crafted entry name must not forge report lines.
    const name = `${this.file}!${escapeControl(entry.name)}`;
    if (entry.name.endsWith('/')) {
      entry.ondata = () => undefined;
      entry.start();
      return;
    }
    const reader = new RoutedEntry(name, this.sinkFor, this.depth, this.budget);
    this.open.add(reader);
    let entryBytes = 0;
    let stopped = false;
    entry.ondata = (error, data, final) => {
      if (stopped) return;
      if (error) {
        reader.abort(error.message);
        this.open.delete(reader);
        return;
      }
      entryBytes += data.length;
      const bound = this.expansion.expandedOut(data.length, entryBytes);
      if (bound !== undefined) {
        stopped = true;
        reader.abort(bound);
        this.open.delete(reader);
        entry.terminate();
        return;
      }
      reader.push(data, final);
      if (final) this.open.delete(reader);
    };
    try {
      entry.start();
    } catch (error) {
      reader.abort(describeReadError(error));
      this.open.delete(reader);
    }
  }
}

/** An entry of an archive, read as what its first bytes say it is; archives nested too deep are not opened. */
export class RoutedEntry implements EntryReader {
  private target: EntryReader | undefined;

  constructor(
    private readonly name: string,
    private readonly sinkFor: SinkFactory,
    private readonly depth: number,
    private readonly budget: ReadBudget,
  ) {}

  push(chunk: Uint8Array, final: boolean): void {
    if (this.target === undefined) {
      if (chunk.length === 0 && !final) return;
      this.target = this.route(chunk);
    }
    try {
      this.target.push(chunk, final);
    } catch (error) {
      this.abort(describeReadError(error));
    }
  }

  abort(error: string): void {
    (this.target ?? this.route(new Uint8Array(0))).abort(error);
  }

  private route(head: Uint8Array): EntryReader {
    if (isZip(head)) {
      if (this.depth < this.budget.limits.maxDepth) return new ArchiveReader(this.name, this.sinkFor, this.depth + 1, this.budget);
      return new RefusedEntry(this.sinkFor(this.name), `an archive nested deeper than ${this.budget.limits.maxDepth} levels (--max-depth); not opened`);
    }
    if (isGzip(head)) return new GunzipEntry(this.sinkFor(this.name), this.budget);
    return new PlainEntry(this.sinkFor(this.name));
  }
}
