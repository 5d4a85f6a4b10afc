import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** An input file that is not what it should be (missing, a FIFO, too large, not JSON): an input error, exit 2 at the entry point. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

/** JSON files the harness reads (verdicts, lab profiles) are kilobytes; this leaves a wide margin. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Reads a JSON input with its size checked before parsing: only a regular file (a FIFO or device
 * is refused without blocking), at most `maxBytes`. Any problem is an InputFileError naming the file.
 */
export function readJsonFile(file: string, what: string, maxBytes = MAX_JSON_BYTES): unknown {
  const text = readTextFile(file, what, maxBytes);
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    throw new InputFileError(`${file}: not valid JSON (${(error as Error).message}); expected ${what}`);
  }
}

/** A regular file's text, refused when it is something else or larger than `maxBytes`. */
export function readTextFile(file: string, what: string, maxBytes: number, encoding: BufferEncoding = 'utf8'): string {
  let descriptor: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer must not hang; a regular file ignores the flag.
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? (error as Error).message})`}; expected ${what}`,
    );
  }
  try {
    const info = fstatSync(descriptor);
    if (info.isDirectory()) throw new InputFileError(`${file}: is a folder; expected ${what}`);
    if (!info.isFile()) throw new InputFileError(`${file}: not a regular file (a device, FIFO or socket); expected ${what}`);
    if (info.size > maxBytes) throw new InputFileError(`${file}: ${info.size} bytes, more than the ${maxBytes} a ${what} can be; not read`);
    const buffer = Buffer.alloc(info.size);
    let read = 0;
    while (read < info.size) {
      const count = readSync(descriptor, buffer, read, info.size - read, read);
      if (count === 0) break;
      read += count;
    }
    return buffer.subarray(0, read).toString(encoding);
  } finally {
    closeSync(descriptor);
  }
}
