/** What a file's bytes are, for choosing a redactor and for failing closed on anything else. */

const IMAGE_SIGNATURES: readonly { name: string; test: (bytes: Uint8Array) => boolean }[] = [
  { name: 'png', test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { name: 'jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { name: 'gif', test: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 },
  { name: 'webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
];

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/**
 * Raster images kept as they are: they cannot be searched for text. (Screenshots are masked
 * when taken; a token rendered as pixels is out of reach of any redactor.)
 */
export function isSafeImage(bytes: Uint8Array): boolean {
  return IMAGE_SIGNATURES.some((signature) => signature.test(bytes));
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text, or `undefined` when they are not UTF-8 text (invalid sequences, NUL bytes). */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function encodeText(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
