/**
 * The analyzer's inputs: files, folders (recursively), gzip files and zip archives (nested ones
 * too), in any mix, streamed chunk by chunk into one sink per log file. Compression is
 * recognised by its magic bytes, not by the file name. Nothing is read whole into memory.
 */
import { createReadStream, type Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Gunzip, Unzip, UnzipInflate, type UnzipFile } from 'fflate';

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

/** Bytes per read: large enough to read ahead, while the splitter decodes them in smaller slices. */
const CHUNK_BYTES = 1 << 19;
/** Archives inside archives are opened this deep (an evidence bundle holding a trace zip). */
const MAX_ARCHIVE_DEPTH = 3;

/** Every file under the given paths, in a stable order; throws InputError for a path that does not exist. */
export async function listInputs(paths: readonly string[]): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  const visited = new Set<string>();
  for (const given of paths) {
    const info = await stat(given).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(error.code === 'ENOENT' ? `no such file or folder: ${given}` : `cannot read ${given}: ${error.message}`);
    });
    if (info.isDirectory()) await walk(given, sources, visited);
    else await addFile(given, sources, visited);
  }
  return sources;
}

function fileSource(file: string): InputSource {
  return { path: file, open: () => createReadStream(file, { highWaterMark: CHUNK_BYTES }) };
}

/** `Agent2_2026-11-26T16-20-00.log` or `Agent2_2026-11-26T16-20-00_C5E373.log` (client logs as uploaded) → `Agent2`. */
export function userFromFileName(file: string): string | undefined {
  const name = path.basename(file.slice(file.lastIndexOf('!') + 1));
  const user = /^([^_\s]+)_\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}/.exec(name)?.[1];
  return user === 'unknown' ? undefined : user;
}

/** Streams one source into sinks: itself, or each file inside it when it is an archive. Never throws. */
export async function readSource(source: InputSource, sinkFor: SinkFactory): Promise<void> {
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
  if (isGzip(head)) await readGzip(source.path, chunks, sinkFor);
  else if (isZip(head)) await readZip(source.path, chunks, sinkFor);
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

async function readGzip(file: string, chunks: Readable, sinkFor: SinkFactory): Promise<void> {
  const sink = sinkFor(file);
  try {
    await pipeline(chunks, createGunzip({ chunkSize: 1 << 16 }), async (inflated: AsyncIterable<Buffer>) => {
      for await (const chunk of inflated) sink.push(chunk);
    });
    sink.end();
  } catch (error) {
    sink.end(`gzip: ${describe(error)}`);
  }
}

async function readZip(file: string, chunks: Readable, sinkFor: SinkFactory): Promise<void> {
  const archive = new ArchiveReader(file, sinkFor, 1);
  try {
    for await (const chunk of chunks) archive.push(chunk as Buffer, false);
    archive.push(new Uint8Array(0), true);
  } catch (error) {
    archive.abort(describe(error));
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

  constructor(
    private readonly file: string,
    private readonly sinkFor: SinkFactory,
    private readonly depth: number,
  ) {
    this.unzip.register(UnzipInflate);
    this.unzip.onfile = (entry) => this.entry(entry);
  }

  push(chunk: Uint8Array, final: boolean): void {
    this.unzip.push(chunk, final);
  }

  /** Ends the entries being read with the error; with none open, reports it against the archive itself. */
  abort(error: string): void {
    if (this.open.size === 0) this.sinkFor(this.file).end(`zip: ${error}`);
    for (const reader of this.open) reader.abort(`zip: ${error}`);
    this.open.clear();
  }

  private entry(entry: UnzipFile): void {
    const name = `${this.file}!${entry.name}`;
    if (entry.name.endsWith('/')) {
      entry.ondata = () => undefined;
      entry.start();
      return;
    }
    const reader = new RoutedEntry(name, this.sinkFor, this.depth);
    this.open.add(reader);
    entry.ondata = (error, data, final) => {
      if (error) {
        reader.abort(error.message);
        this.open.delete(reader);
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
    if (isZip(head) && this.depth < MAX_ARCHIVE_DEPTH) return new ArchiveReader(this.name, this.sinkFor, this.depth + 1);
    if (isGzip(head)) return new GunzipEntry(this.sinkFor(this.name));
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

/** A gzip file inside a zip: inflated in step with the archive (fflate's streaming `Gunzip`). */
class GunzipEntry implements EntryReader {
  private readonly gunzip: Gunzip;
  private readonly plain: PlainEntry;

  constructor(sink: FileSink) {
    this.plain = new PlainEntry(sink);
    this.gunzip = new Gunzip((data, final) => this.plain.push(data, final));
  }

  push(chunk: Uint8Array, final: boolean): void {
    try {
      this.gunzip.push(chunk, final);
    } catch (error) {
      this.plain.abort(`gzip: ${describe(error)}`);
    }
  }

  abort(error: string): void {
    this.plain.abort(error);
  }
}

/** A file given twice (by itself and inside a folder given too, or through a link) is read once. */
async function addFile(file: string, sources: InputSource[], visited: Set<string>): Promise<void> {
  const real = await realpath(file).catch(() => file);
  if (visited.has(real)) return;
  visited.add(real);
  sources.push(fileSource(file));
}

async function walk(folder: string, sources: InputSource[], visited: Set<string>): Promise<void> {
  const real = await realpath(folder);
  if (visited.has(real)) return;
  visited.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot list ${folder}: ${describe(error)}`);
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await walk(full, sources, visited);
    else if (entry.isFile()) await addFile(full, sources, visited);
    else if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      if (target?.isDirectory()) await walk(full, sources, visited);
      else if (target?.isFile()) await addFile(full, sources, visited);
    }
  }
}

function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'the file disappeared before it could be read (ENOENT)';
  return error instanceof Error ? error.message : String(error);
}
