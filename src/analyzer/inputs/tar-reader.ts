/** Tar archives (the .tgz the Finesse CLI's `file get activelog … compress` downloads, INFERRED), read as a stream. */
import { escapeControl } from '../../text/escape-control.ts';
import { RefusedEntry, type EntryReader } from './entry-reader.ts';
import type { SinkFactory } from './file-sink.ts';
import type { ReadBudget } from './read-limits.ts';
import { RoutedEntry } from './zip-reader.ts';

const TAR_BLOCK = 512;
/** GNU long names and pax headers above this size are not believed (a real one is a path). */
const TAR_META_MAX_BYTES = 64 * 1024;

interface TarEntry {
  /** What receives the entry's bytes: a routed log, a long name or pax header being collected, or nothing (skipped). */
  reader: EntryReader | undefined;
  meta: 'long-name' | 'pax' | undefined;
  metaChunks: Uint8Array[];
  remaining: number;
  name: string;
}

/**
 * A tar archive read as a stream, in step with its source: 512-byte headers (POSIX ustar, GNU long
 * names, pax `path`), each regular file routed on its first bytes like a zip entry (a log, a gzip
 * file, a zip). An entry declared larger than --max-entry-bytes is not read. A header whose
 * checksum fails ends the archive: what follows cannot be trusted to be where it claims.
 */
export class TarReader implements EntryReader {
  private readonly header = new Uint8Array(TAR_BLOCK);
  private headerFill = 0;
  private entry: TarEntry | undefined;
  private padding = 0;
  private longName: string | undefined;
  private ended = false;
  private opened = 0;

  constructor(
    private readonly file: string,
    private readonly sinkFor: SinkFactory,
    private readonly depth: number,
    private readonly budget: ReadBudget,
  ) {}

  push(chunk: Uint8Array, final: boolean): void {
    let offset = 0;
    while (offset < chunk.length && !this.ended) {
      const left = chunk.length - offset;
      if (this.entry) {
        const taken = Math.min(left, this.entry.remaining);
        this.entryData(chunk.subarray(offset, offset + taken));
        offset += taken;
      } else if (this.padding > 0) {
        const skipped = Math.min(left, this.padding);
        this.padding -= skipped;
        offset += skipped;
      } else {
        const taken = Math.min(left, TAR_BLOCK - this.headerFill);
        this.header.set(chunk.subarray(offset, offset + taken), this.headerFill);
        this.headerFill += taken;
        offset += taken;
        if (this.headerFill === TAR_BLOCK) {
          this.headerFill = 0;
          this.headerRead();
        }
      }
    }
    if (final && !this.ended) {
      if (this.entry) this.abort(`the archive ends inside ${this.entry.name}`);
      else if (this.opened === 0) this.sinkFor(this.file).end('tar: the archive holds no file');
      this.ended = true;
    }
  }

  abort(error: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.entry?.reader) this.entry.reader.abort(`tar: ${error}`);
    else if (this.opened === 0) this.sinkFor(this.file).end(`tar: ${error}`);
    this.entry = undefined;
  }

  private entryData(data: Uint8Array): void {
    const entry = this.entry!;
    entry.remaining -= data.length;
    const last = entry.remaining === 0;
    if (entry.meta) entry.metaChunks.push(data.slice());
    entry.reader?.push(data, last);
    if (!last) return;
    this.entry = undefined;
    if (entry.meta === 'long-name') this.longName = text(Buffer.concat(entry.metaChunks)).replace(/\0.*$/s, '');
    if (entry.meta === 'pax') this.longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text(Buffer.concat(entry.metaChunks)))?.[1] ?? this.longName;
  }

  private headerRead(): void {
    const block = this.header;
    if (block.every((byte) => byte === 0)) {
      // The end-of-archive marker: what follows is padding.
      this.ended = true;
      if (this.opened === 0) this.sinkFor(this.file).end('tar: the archive holds no file');
      return;
    }
    if (!checksumHolds(block)) return this.abort('a header fails its checksum; the archive is damaged or not a tar');
    const size = tarSize(block);
    const type = String.fromCharCode(block[156]!);
    this.padding = (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
    const entry: TarEntry = { reader: undefined, meta: undefined, metaChunks: [], remaining: size, name: '' };
    if (type === 'L' && size <= TAR_META_MAX_BYTES) entry.meta = 'long-name';
    else if (type === 'x' && size <= TAR_META_MAX_BYTES) entry.meta = 'pax';
    else if (type === '0' || type === '\0' || type === '7') {
      const prefix = field(block, 345, 155);
      entry.name = `${this.file}!${escapeControl(this.longName ?? (prefix ? `${prefix}/${field(block, 0, 100)}` : field(block, 0, 100)))}`;
      this.longName = undefined;
      this.opened += 1;
      const { maxEntryBytes } = this.budget.limits;
      entry.reader =
        size > maxEntryBytes
          ? new RefusedEntry(this.sinkFor(entry.name), `declares ${size} bytes, beyond ${maxEntryBytes} (--max-entry-bytes); not read`)
          : new RoutedEntry(entry.name, this.sinkFor, this.depth, this.budget);
      if (size === 0) entry.reader.push(new Uint8Array(0), true);
    } else if (type !== 'g') this.longName = undefined;
    if (size > 0) this.entry = entry;
  }
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

/** A NUL-terminated header field. */
function field(block: Uint8Array, offset: number, length: number): string {
  const bytes = block.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return text(end === -1 ? bytes : bytes.subarray(0, end));
}

/** Octal, or base-256 (GNU, high bit set) for sizes past 8 GiB. */
function tarSize(block: Uint8Array): number {
  if ((block[124]! & 0x80) !== 0) return block.subarray(125, 136).reduce((value, byte) => value * 256 + byte, 0);
  return Number.parseInt(field(block, 124, 12).trim() || '0', 8) || 0;
}

/** The header's bytes summed with its checksum field read as spaces. */
function checksumHolds(block: Uint8Array): boolean {
  let sum = 0;
  for (let index = 0; index < TAR_BLOCK; index += 1) sum += index >= 148 && index < 156 ? 0x20 : block[index]!;
  return Number.parseInt(field(block, 148, 8).trim(), 8) === sum;
}
