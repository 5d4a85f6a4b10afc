/** Gzip files found inside archives, inflated as the archive streams in. */
import { Gunzip } from 'fflate';
import { describeReadError } from './describe-error.ts';
import { PlainEntry, type EntryReader } from './entry-reader.ts';
import type { FileSink } from './file-sink.ts';
import { Expansion, INFLATE_SLICE_BYTES, type ReadBudget } from './read-limits.ts';

/** A gzip file inside a zip: inflated in step with the archive (fflate's streaming `Gunzip`), in slices and bounded. */
export class GunzipEntry implements EntryReader {
  private readonly gunzip: Gunzip;
  private readonly plain: PlainEntry;
  private readonly expansion: Expansion;
  private expanded = 0;
  private stopped = false;

  constructor(sink: FileSink, budget: ReadBudget) {
    this.plain = new PlainEntry(sink);
    this.expansion = new Expansion(budget);
    this.gunzip = new Gunzip((data, final) => {
      if (this.stopped) return;
      this.expanded += data.length;
      const bound = this.expansion.expandedOut(data.length, this.expanded);
      if (bound === undefined) return this.plain.push(data, final);
      this.stopped = true;
      this.plain.abort(bound);
    });
  }

  push(chunk: Uint8Array, final: boolean): void {
    try {
      for (let offset = 0; offset < chunk.length && !this.stopped; offset += INFLATE_SLICE_BYTES) {
        const slice = chunk.subarray(offset, offset + INFLATE_SLICE_BYTES);
        this.expansion.compressedIn(slice.length);
        this.gunzip.push(slice, final && offset + INFLATE_SLICE_BYTES >= chunk.length);
      }
      if (chunk.length === 0 && !this.stopped) this.gunzip.push(chunk, final);
    } catch (error) {
      this.plain.abort(`gzip: ${describeReadError(error)}`);
    }
  }

  abort(error: string): void {
    this.plain.abort(error);
  }
}
