import { accessSync, constants, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './cli-errors.ts';

/**
 * Checks, before any work, that `out` may be written: not a folder, not one of the inputs (by
 * real path), not an existing file unless `force`, in a folder that exists and is writable.
 * Throws UsageError naming what to do instead.
 */
export function checkOutputFile(option: string, out: string, { force, inputs = [] }: { force: boolean; inputs?: readonly string[] }): string {
  const resolved = path.resolve(out);
  const real = realOrSelf(resolved);
  for (const input of inputs) {
    const inputReal = realOrSelf(path.resolve(input));
    if (real === inputReal || real.startsWith(`${inputReal}${path.sep}`))
      throw new UsageError(`${option}: ${out} is an input (${input}); write the output elsewhere`);
  }
  const info = statSync(resolved, { throwIfNoEntry: false });
  if (info?.isDirectory()) throw new UsageError(`${option}: ${out} is a folder; give a file name`);
  if (info && !force) throw new UsageError(`${option}: ${out} exists; add --force to replace it, or give another name`);
  if (info && !info.isFile()) throw new UsageError(`${option}: ${out} is not a regular file; give another name`);
  // A folder still to be created is fine (it is made at write time) when the nearest existing one is writable.
  let folder = path.dirname(resolved);
  while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  if (!statSync(folder).isDirectory()) throw new UsageError(`${option}: ${folder} is a file, not a folder; give another path`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(`${option}: the folder ${folder} is not writable; give a path you may write to`);
  }
  return resolved;
}

/** Writes through a temporary file next to `file` and renames it into place: a failure leaves the old file whole. */
export function writeFileReplacing(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
  } finally {
    if (existsSync(temporary)) rmSync(temporary, { force: true });
  }
}

function realOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
