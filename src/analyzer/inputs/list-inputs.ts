/**
 * The files the analyzer reads: files and folders (recursively, links followed once), listed in a
 * stable order and opened only when read. Only regular files are opened (a FIFO or device would block).
 */
import { closeSync, constants, createReadStream, fstatSync, openSync, type Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { escapeControl } from '../../text/escape-control.ts';
import { describeReadError } from './describe-error.ts';

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

/** Every file under the given paths, in a stable order; throws InputError for a path that does not exist. */
export async function listInputs(paths: readonly string[]): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  const visited = new Set<string>();
  for (const given of paths) {
    const info = await stat(given).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(
        error.code === 'ENOENT' ? `no such file or folder: ${escapeControl(given)}` : `cannot read ${escapeControl(given)}: ${error.message}`,
      );
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
    sources.push(
      refusedSource(folder, `a folder that cannot be listed (${(error as NodeJS.ErrnoException).code ?? describeReadError(error)}); its files were not read`),
    );
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
