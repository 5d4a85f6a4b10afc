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

/** Archives inside archives (and base64 inside those) are opened this deep, no deeper: a bomb is a hit. */
const MAX_DEPTH = 8;

/**
 * Base64 of a zip (`UEsDB…`, `UEsFB…`) or a gzip stream (`H4sI…`) embedded in text: the
 * Playwright HTML report carries its results this way (`data:application/zip;base64,UEsDB…`).
 */
const EMBEDDED_ARCHIVE = /(?:UEs[DF]B|H4sI)[A-Za-z0-9+/_-]{16,}={0,2}/g;

function visitEmbeddedArchives(location: ArtifactLocation, bytes: Uint8Array, visitor: ArtifactVisitor, depth: number): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  for (const match of text.matchAll(EMBEDDED_ARCHIVE)) {
    const decoded = new Uint8Array(Buffer.from(match[0], match[0].includes('-') || match[0].includes('_') ? 'base64url' : 'base64'));
    if (isZip(decoded) || isGzip(decoded)) visitBytes(inside(location, `(base64 at ${match.index})`), decoded, visitor, depth + 1);
  }
}

/** Visits the bytes, then (recursively) every entry of a zip, the content of a gzip stream and base64-embedded archives. */
function visitBytes(location: ArtifactLocation, bytes: Uint8Array, visitor: ArtifactVisitor, depth = 0): void {
  if (depth > MAX_DEPTH) {
    visitor.unreadable(location, `archives nested deeper than ${MAX_DEPTH} levels`);
    return;
  }
  visitor.bytes(location, bytes);
  if (!isZip(bytes) && !isGzip(bytes)) visitEmbeddedArchives(location, bytes, visitor, depth);
  if (isZip(bytes)) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes);
    } catch (error) {
      visitor.unreadable(location, `zip: ${String(error)}`);
      return;
    }
    for (const [name, entry] of Object.entries(entries)) visitBytes(inside(location, name), entry, visitor, depth + 1);
  } else if (isGzip(bytes)) {
    let content: Uint8Array;
    try {
      content = gunzipSync(bytes);
    } catch (error) {
      visitor.unreadable(location, `gzip: ${String(error)}`);
      return;
    }
    visitBytes(inside(location, '(gunzipped)'), content, visitor, depth + 1);
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
