import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';
import { isGzip, isZip } from './file-kind.ts';

/** Where a byte sequence lives: a file, and the chain of archive entries inside it (`a.zip!b.zip!c`). */
export interface ArtifactLocation {
  file: string;
  entry?: string;
}

export interface ArtifactVisitor {
  bytes(location: ArtifactLocation, bytes: Uint8Array): void;
  /** An archive that could not be opened: its content could not be searched. */
  unreadable(location: ArtifactLocation, reason: string): void;
}

function inside(location: ArtifactLocation, name: string): ArtifactLocation {
  return { file: location.file, entry: location.entry === undefined ? name : `${location.entry}!${name}` };
}

/** Visits the bytes, then (recursively) every entry of a zip and the content of a gzip stream. */
function visitBytes(location: ArtifactLocation, bytes: Uint8Array, visitor: ArtifactVisitor): void {
  visitor.bytes(location, bytes);
  if (isZip(bytes)) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes);
    } catch (error) {
      visitor.unreadable(location, `zip: ${String(error)}`);
      return;
    }
    for (const [name, entry] of Object.entries(entries)) visitBytes(inside(location, name), entry, visitor);
  } else if (isGzip(bytes)) {
    let content: Uint8Array;
    try {
      content = gunzipSync(bytes);
    } catch (error) {
      visitor.unreadable(location, `gzip: ${String(error)}`);
      return;
    }
    visitBytes(inside(location, '(gunzipped)'), content, visitor);
  }
}

/** Every byte of the given files and folders (recursively), archives unpacked. */
export async function walkArtifacts(paths: readonly string[], visitor: ArtifactVisitor): Promise<void> {
  for (const given of paths) {
    const info = await stat(given);
    if (info.isDirectory()) {
      const names = (await readdir(given)).sort();
      await walkArtifacts(
        names.map((name) => path.join(given, name)),
        visitor,
      );
    } else if (info.isFile()) {
      visitBytes({ file: given }, await readFile(given), visitor);
    }
  }
}
