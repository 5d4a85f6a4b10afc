/**
 * The analyzer's inputs: files, folders (recursively), gzip files, tar archives (the .tgz the
 * Finesse CLI's `file get activelog … compress` downloads, INFERRED) and zip archives (nested ones
 * too), in any mix, streamed chunk by chunk into one sink per log file. Compression is recognised by its magic bytes, not by the file name. Nothing is read whole into memory, and
 * what an archive may expand to is bounded (`ReadLimits`): a bound reached ends that file with a
 * message, never the analysis. Only regular files are opened (a FIFO or device would block).
 */
import { closeSync, constants, createReadStream, fstatSync, openSync, type Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Gunzip, Inflate, Unzip, type UnzipDecoder, type UnzipFile } from 'fflate';
import { escapeControl } from '../text/escape-control.ts';
import { decodingSinkFor } from './text-encoding.ts';

/** Receives one log file's bytes; `end` reports the error that stopped reading early, if any. */
export interface FileSink {
  push(chunk: Uint8Array): void;
  end(error?: string): void;
}

export type SinkFactory = (path: string) => FileSink;

/** A file found by `listInputs`, opened only when it is read. */
export interface InputSource {
  path: string;
  open(): Readable;
}

/** A path given to the analyzer that does not exist or cannot be listed: a usage error. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** How far compressed inputs may expand; each is an option of `npm run analyze`. */
export interface ReadLimits {
  /** Archives inside archives are opened this deep (an evidence bundle holding a trace zip is 2). */
  maxDepth: number;
  /** Bytes one file inside an archive (or one gzip file) may expand to. */
  maxEntryBytes: number;
  /** Bytes all compressed inputs together may expand to. */
  maxTotalBytes: number;
  /** Expanded to compressed bytes of one archive or gzip file; judged past `RATIO_FLOOR_BYTES`. */
  maxRatio: number;
}

const GIB = 1024 ** 3;
/** Generous for real Finesse logs (gigabytes, compressed 5 to 50 times); a zip bomb expands about 1000 times. */
export const DEFAULT_READ_LIMITS: ReadLimits = { maxDepth: 3, maxEntryBytes: 8 * GIB, maxTotalBytes: 32 * GIB, maxRatio: 200 };
/** Below this many expanded bytes an archive's ratio is not judged: small repetitive files compress arbitrarily well. */
const RATIO_FLOOR_BYTES = 64 * 1024 * 1024;

/** The bounds and the bytes expanded so far, shared by every input of one analysis. */
export class ReadBudget {
  expanded = 0;
  constructor(readonly limits: ReadLimits = DEFAULT_READ_LIMITS) {}
}

/** Bytes per read: large enough to read ahead, while the splitter decodes them in smaller slices. */
const CHUNK_BYTES = 1 << 19;
/** Compressed bytes handed to an inflater at once: deflate expands at most ~1032 times, so one slice yields at most ~16 MB. */
const INFLATE_SLICE_BYTES = 1 << 14;

/** Every file under the given paths, in a stable order; throws InputError for a path that does not exist. */
export async function listInputs(paths: readonly string[]): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  const visited = new Set<string>();
  for (const given of paths) {
    const info = await stat(given).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(error.code === 'ENOENT' ? `no such file or folder: ${escapeControl(given)}` : `cannot read ${escapeControl(given)}: ${error.message}`);
    });
    if (info.isDirectory()) await walk(given, sources, visited);
    else if (info.isFile()) await addFile(given, sources, visited);
    else sources.push(refusedSource(given, NOT_REGULAR));
  }
  return sources;
}

const NOT_REGULAR = 'not a regular file (a device, FIFO or socket); not read';

/** Opened without blocking (a FIFO swapped in after listing) and refused unless it is a regular file. */
function fileSource(file: string): InputSource {
  return {
    path: file,
    open: () => {
      const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
      if (!fstatSync(fd).isFile()) {
        closeSync(fd);
        throw new Error(NOT_REGULAR);
      }
      return createReadStream(file, { fd, highWaterMark: CHUNK_BYTES });
    },
  };
}

/** A path reported with the reason it is not read (the rest of the analysis goes on). */
function refusedSource(file: string, reason: string): InputSource {
  return {
    path: file,
    open: () => {
      throw new Error(reason);
    },
  };
}

/** `Agent2_2026-11-26T16-20-00.log` or `Agent2_2026-11-26T16-20-00_C5E373.log` (client logs as uploaded) → `Agent2`. */
export function userFromFileName(file: string): string | undefined {
  const name = path.basename(file.slice(file.lastIndexOf('!') + 1));
  const user = /^([^_\s]+)_\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}/.exec(name)?.[1];
  return user === 'unknown' ? undefined : user;
}

/** Streams one source into sinks: itself, or each file inside it when it is an archive. Never throws. */
export async function readSource(source: InputSource, rawSinkFor: SinkFactory, budget = new ReadBudget()): Promise<void> {
  const sinkFor = decodingSinkFor(rawSinkFor);
  let stream: Readable;
  let first: IteratorResult<Buffer>;
  let rest: AsyncIterator<Buffer>;
  try {
    stream = source.open();
    rest = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    first = await rest.next();
  } catch (error) {
    sinkFor(source.path).end(describe(error));
    return;
  }
  const head = first.done ? Buffer.alloc(0) : first.value;
  const chunks = Readable.from(resume(head, rest), { objectMode: false });
  if (isGzip(head)) await readGzip(source.path, chunks, sinkFor, budget);
  else if (isZip(head)) await readArchive(new ArchiveReader(source.path, sinkFor, 1, budget), chunks);
  else if (isTar(head)) await readArchive(new TarReader(source.path, sinkFor, 1, budget), chunks);
  else await readPlain(chunks, sinkFor(source.path));
  stream.destroy();
}

async function* resume(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function readPlain(chunks: Readable, sink: FileSink): Promise<void> {
  try {
    for await (const chunk of chunks) sink.push(chunk as Buffer);
    sink.end();
  } catch (error) {
    sink.end(describe(error));
  }
}

/** A bound reached: ends the file it concerns with its message. */
class BoundReached extends Error {}

/**
 * One archive or gzip file: its compressed bytes in, its expanded bytes out, judged against the
 * bounds per entry, per container (ratio) and over the whole analysis.
 */
class Expansion {
  private compressed = 0;
  private expanded = 0;

  constructor(private readonly budget: ReadBudget) {}

  compressedIn(bytes: number): void {
    this.compressed += bytes;
  }

  /** Counts `bytes` more of an entry that has expanded to `entryBytes`; the bound it passes, if any. */
  expandedOut(bytes: number, entryBytes: number): string | undefined {
    this.expanded += bytes;
    this.budget.expanded += bytes;
    const { maxEntryBytes, maxRatio, maxTotalBytes } = this.budget.limits;
    if (entryBytes > maxEntryBytes) return `expands beyond ${maxEntryBytes} bytes (--max-entry-bytes); read up to there`;
    if (this.expanded > RATIO_FLOOR_BYTES && this.expanded > maxRatio * Math.max(1, this.compressed)) {
      return `expands more than ${maxRatio} times its compressed size (--max-ratio), as a zip bomb does; read up to there`;
    }
    if (this.budget.expanded > maxTotalBytes) return `the inputs together expand beyond ${maxTotalBytes} bytes (--max-total-bytes); read up to there`;
    return undefined;
  }
}

async function readGzip(file: string, chunks: Readable, sinkFor: SinkFactory, budget: ReadBudget): Promise<void> {
  const expansion = new Expansion(budget);
  // A log, or a tar of logs (`file get activelog … compress` downloads a .tgz): known from the first bytes out.
  let target: EntryReader | undefined;
  let entryBytes = 0;
  async function* counted(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      expansion.compressedIn(chunk.length);
      yield chunk;
    }
  }
  try {
    await pipeline(counted(chunks), createGunzip({ chunkSize: 1 << 16 }), async (inflated: AsyncIterable<Buffer>) => {
      for await (const chunk of inflated) {
        target ??= isTar(chunk) ? new TarReader(file, sinkFor, 1, budget) : new PlainEntry(sinkFor(file));
        // A tar's entries are bounded one by one from their headers; a single file here.
        if (target instanceof PlainEntry) entryBytes += chunk.length;
        const bound = expansion.expandedOut(chunk.length, entryBytes);
        if (bound !== undefined) throw new BoundReached(bound);
        target.push(chunk, false);
      }
    });
    (target ?? new PlainEntry(sinkFor(file))).push(new Uint8Array(0), true);
  } catch (error) {
    (target ?? new PlainEntry(sinkFor(file))).abort(error instanceof BoundReached ? error.message : `gzip: ${describe(error)}`);
  }
}

/** A zip or tar archive at the top level, fed to its reader chunk by chunk. */
async function readArchive(archive: EntryReader, chunks: Readable): Promise<void> {
  try {
    for await (const chunk of chunks) archive.push(chunk as Buffer, false);
    archive.push(new Uint8Array(0), true);
  } catch (error) {
    archive.abort(describe(error));
  }
}

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

/** A sink that learns from an entry's first bytes whether the entry is itself compressed. */
interface EntryReader {
  push(chunk: Uint8Array, final: boolean): void;
  abort(error: string): void;
}

/**
 * A zip archive read as a stream (fflate's `Unzip`, which works from the local headers and so
 * needs no seeking). Each entry is routed on its first bytes: a log, a gzip file or another zip.
 */
class ArchiveReader implements EntryReader {
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
      reader.abort(describe(error));
      this.open.delete(reader);
    }
  }
}

class RoutedEntry implements EntryReader {
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
      this.abort(describe(error));
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

class PlainEntry implements EntryReader {
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
class RefusedEntry implements EntryReader {
  constructor(sink: FileSink, reason: string) {
    sink.end(reason);
  }

  push(): void {}

  abort(): void {}
}

/** A gzip file inside a zip: inflated in step with the archive (fflate's streaming `Gunzip`), in slices and bounded. */
class GunzipEntry implements EntryReader {
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
      this.plain.abort(`gzip: ${describe(error)}`);
    }
  }

  abort(error: string): void {
    this.plain.abort(error);
  }
}

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
class TarReader implements EntryReader {
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

/** A file given twice (by itself and inside a folder given too, or through a link) is read once. */
async function addFile(file: string, sources: InputSource[], visited: Set<string>): Promise<void> {
  const real = await realpath(file).catch(() => file);
  if (visited.has(real)) return;
  visited.add(real);
  sources.push(fileSource(file));
}

/** A folder that cannot be listed, and anything that is not a regular file, is reported; the rest is read. */
async function walk(folder: string, sources: InputSource[], visited: Set<string>): Promise<void> {
  const real = await realpath(folder).catch(() => folder);
  if (visited.has(real)) return;
  visited.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    sources.push(refusedSource(folder, `a folder that cannot be listed (${(error as NodeJS.ErrnoException).code ?? describe(error)}); its files were not read`));
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await walk(full, sources, visited);
    else if (entry.isFile()) await addFile(full, sources, visited);
    else if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      if (target?.isDirectory()) await walk(full, sources, visited);
      else if (target?.isFile()) await addFile(full, sources, visited);
      else if (target !== undefined) sources.push(refusedSource(full, NOT_REGULAR));
    } else if ((await lstat(full).catch(() => undefined)) !== undefined) sources.push(refusedSource(full, NOT_REGULAR));
  }
}

function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

/** POSIX ustar or GNU tar: `ustar` at offset 257 of the first header. */
function isTar(head: Uint8Array): boolean {
  return head.length >= 512 && Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar';
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'the file disappeared before it could be read (ENOENT)';
  return error instanceof Error ? error.message : String(error);
}
