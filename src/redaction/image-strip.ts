/**
 * Images ship only as the PNG or JPEG the harness wrote (Playwright screenshots are PNG, trace
 * screencast frames JPEG), rebuilt from the chunks that draw pixels: text chunks (`tEXt`, `zTXt`,
 * `iTXt`), EXIF, ICC profiles and JPEG comments and APPn segments can carry any text and are
 * dropped. Anything that does not parse cleanly as one of the two is not an image we wrote.
 */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Chunks that carry pixels or how to show them, and no free text. */
const PNG_KEPT_CHUNKS: ReadonlySet<string> = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'pHYs', 'bKGD']);

function stripPng(bytes: Uint8Array): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) return undefined;
    if (PNG_KEPT_CHUNKS.has(type)) kept.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') return at === bytes.length ? concat(kept) : undefined;
  }
  return undefined;
}

/**
 * JPEG: SOI, then marker segments up to the scan; APPn (JFIF, EXIF, XMP, ICC) and COM segments
 * are dropped, the tables, frame header and the entropy-coded scan kept to EOI.
 */
function stripJpeg(bytes: Uint8Array): Uint8Array | undefined {
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) return undefined;
    const isText = (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
    if (marker === 0xda) {
      const eoi = lastEoi(bytes);
      if (eoi < end) return undefined;
      kept.push(bytes.subarray(at, eoi + 2));
      return concat(kept);
    }
    if (!isText) kept.push(bytes.subarray(at, end));
    at = end;
  }
  return undefined;
}

function lastEoi(bytes: Uint8Array): number {
  for (let at = bytes.length - 2; at >= 0; at -= 1) if (bytes[at] === 0xff && bytes[at + 1] === 0xd9) return at;
  return -1;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function looksLikeImage(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((byte, index) => bytes[index] === byte) || (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff);
}

/** The image without its text and metadata, or `undefined` when it is not a well-formed PNG or JPEG. */
export function stripImage(bytes: Uint8Array): Uint8Array | undefined {
  if (PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return stripPng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return stripJpeg(bytes);
  return undefined;
}
