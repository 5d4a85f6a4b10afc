import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { decodeText } from '../text/sniff-encoding.ts';

/** A .env is a few dozen lines; anything far larger is not one. */
const MAX_ENV_FILE_BYTES = 1024 * 1024;

export interface EnvFile {
  values: Record<string, string>;
  /** Lines that parse but probably do not mean what was written. */
  warnings: string[];
}

/**
 * Reads a dotenv file written by any editor (UTF-8 with or without a mark, UTF-16 from Notepad or
 * PowerShell). Returns `undefined` when there is none; `problem` when it is there but cannot be a
 * .env (a folder, a FIFO, too large, unreadable), in one line that says what to do.
 */
export function readEnvFile(file: string): EnvFile | { problem: string } | undefined {
  const name = path.basename(file);
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') return { problem: `${name}: ${file} is a folder; expected a file of NAME=value lines (or remove the folder)` };
    return { problem: `${name}: ${file} cannot be read (${code}); fix its permissions or remove it` };
  }
  try {
    const info = fstatSync(descriptor);
    if (info.isDirectory()) return { problem: `${name}: ${file} is a folder; expected a file of NAME=value lines (or remove the folder)` };
    if (!info.isFile()) return { problem: `${name}: ${file} is not a regular file; expected a file of NAME=value lines` };
    if (info.size > MAX_ENV_FILE_BYTES)
      return { problem: `${name}: ${file} is ${info.size} bytes, not a .env (at most ${MAX_ENV_FILE_BYTES}); expected a file of NAME=value lines` };
    const bytes = Buffer.alloc(info.size);
    const read = info.size === 0 ? 0 : readSync(descriptor, bytes, 0, info.size, 0);
    const { text } = decodeText(bytes.subarray(0, read));
    if (text.includes('\0')) return { problem: `${name}: ${file} holds binary data, not NAME=value lines; save it as UTF-8 text` };
    return { values: parseDotenv(text), warnings: hashWarnings(text, name) };
  } catch (error) {
    return { problem: `${name}: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  } finally {
    closeSync(descriptor);
  }
}

/**
 * dotenv reads an unquoted `#` as the start of a comment: `AGENT_PASSWORD=abc#123` gives `abc`.
 * Said without echoing the value (it may be a password).
 */
function hashWarnings(text: string, file: string): string[] {
  const warnings: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, variable, value] = match as unknown as [string, string, string];
    if (/^["'`]/.test(value)) continue;
    const hash = value.indexOf('#');
    // `NAME=value # note` is a comment by intent; `NAME=ab#cd` is a value cut short.
    if (hash > 0 && !/\s/.test(value[hash - 1]!))
      warnings.push(`${file}: ${variable} holds an unquoted # and is cut there (dotenv reads the rest as a comment); quote the value: ${variable}='…'`);
  }
  return warnings;
}
