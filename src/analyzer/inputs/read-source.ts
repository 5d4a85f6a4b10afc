/**
 * Streams one input into one sink per log file: a plain file, a gzip file, a tar or a zip archive
 * (nested ones too), in any mix, chunk by chunk. Compression is recognised by its magic bytes, not
 * by the file name. Nothing is read whole into memory.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { decodingSinkFor } from '../text-encoding.ts';
import { describeReadError } from './describe-error.ts';
import { PlainEntry, type EntryReader } from './entry-reader.ts';
import type { FileSink, SinkFactory } from './file-sink.ts';
import { isGzip, isTar, isZip } from './file-kind.ts';
import type { InputSource } from './list-inputs.ts';
import { BoundReached, Expansion, ReadBudget } from './read-limits.ts';
import { TarReader } from './tar-reader.ts';
import { ArchiveReader } from './zip-reader.ts';

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
    sinkFor(source.path).end(describeReadError(error));
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
    sink.end(describeReadError(error));
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
    (target ?? new PlainEntry(sinkFor(file))).abort(error instanceof BoundReached ? error.message : `gzip: ${describeReadError(error)}`);
  }
}

/** A zip or tar archive at the top level, fed to its reader chunk by chunk. */
async function readArchive(archive: EntryReader, chunks: Readable): Promise<void> {
  try {
    for await (const chunk of chunks) archive.push(chunk as Buffer, false);
    archive.push(new Uint8Array(0), true);
  } catch (error) {
    archive.abort(describeReadError(error));
  }
}
