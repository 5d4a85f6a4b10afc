import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
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
 * How many bytes the archives of one file may expand to, all levels together: a zip or gzip bomb is a hit
 * (its content was not searched), not an exhausted heap. Zip entries are inflated into buffers of their
 * declared size (fflate), so the declared sizes are what is counted; gzip output is bounded as it is produced.
 */
export const MAX_EXPANDED_BYTES = 512 * 1024 * 1024;

export interface WalkOptions {
  /** Default MAX_EXPANDED_BYTES. */
  maxExpandedBytes?: number;
}

/** What is left of one file's expansion allowance. */
interface Budget {
  limit: number;
  left: number;
}

/**
 * Base64 of a zip (`UEsDB…`, `UEsFB…`) or a gzip stream (`H4sI…`) embedded in text: the
 * Playwright HTML report carries its results this way (`data:application/zip;base64,UEsDB…`).
 */
const EMBEDDED_ARCHIVE = /(?:UEs[DF]B|H4sI)[A-Za-z0-9+/_-]{16,}={0,2}/g;

function visitEmbeddedArchives(location: ArtifactLocation, bytes: Uint8Array, visitor: ArtifactVisitor, depth: number, budget: Budget): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  for (const match of text.matchAll(EMBEDDED_ARCHIVE)) {
    const decoded = new Uint8Array(Buffer.from(match[0], match[0].includes('-') || match[0].includes('_') ? 'base64url' : 'base64'));
    if (isZip(decoded) || isGzip(decoded)) visitBytes(inside(location, `(base64 at ${match.index})`), decoded, visitor, budget, depth + 1);
  }
}

/** Visits the bytes, then (recursively) every entry of a zip, the content of a gzip stream and base64-embedded archives. */
function visitBytes(location: ArtifactLocation, bytes: Uint8Array, visitor: ArtifactVisitor, budget: Budget, depth = 0): void {
  if (depth > MAX_DEPTH) {
    visitor.unreadable(location, `archives nested deeper than ${MAX_DEPTH} levels`);
    return;
  }
  visitor.bytes(location, bytes);
  if (!isZip(bytes) && !isGzip(bytes)) visitEmbeddedArchives(location, bytes, visitor, depth, budget);
  const beyond = `expands past the ${budget.limit} bytes searched per file`;
  if (isZip(bytes)) {
    let entries: Record<string, Uint8Array>;
    const tooLarge: string[] = [];
    try {
      entries = unzipSync(bytes, {
        filter(file) {
          if (file.originalSize > budget.left) tooLarge.push(file.name);
          else budget.left -= file.originalSize;
          return !tooLarge.includes(file.name);
        },
      });
    } catch (error) {
      visitor.unreadable(location, `zip: ${String(error)}`);
      return;
    }
    for (const name of tooLarge) visitor.unreadable(inside(location, name), `zip entry ${beyond}`);
    for (const [name, entry] of Object.entries(entries)) visitBytes(inside(location, name), entry, visitor, budget, depth + 1);
  } else if (isGzip(bytes)) {
    let content: Uint8Array;
    try {
      content = gunzipSync(bytes, { maxOutputLength: Math.max(1, budget.left) });
    } catch (error) {
      visitor.unreadable(location, (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? `gzip ${beyond}` : `gzip: ${String(error)}`);
      return;
    }
    budget.left -= content.length;
    visitBytes(inside(location, '(gunzipped)'), content, visitor, budget, depth + 1);
  }
}

/** Every byte of the given files and folders (recursively), archives unpacked. */
export async function walkArtifacts(paths: readonly string[], visitor: ArtifactVisitor, options: WalkOptions = {}): Promise<void> {
  const limit = options.maxExpandedBytes ?? MAX_EXPANDED_BYTES;
  for (const given of paths) {
    const info = await stat(given);
    if (info.isDirectory()) {
      const names = (await readdir(given)).sort();
      await walkArtifacts(
        names.map((name) => path.join(given, name)),
        visitor,
        options,
      );
    } else if (info.isFile()) {
      visitBytes({ file: given }, await readFile(given), visitor, { limit, left: limit });
    }
  }
}
