/**
 * Text files arrive in the encoding their platform wrote: UTF-8 (with or without a byte-order
 * mark) and, from Windows tools and editors, UTF-16 in either byte order, with or without a mark.
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Bytes looked at before deciding (a log line's timestamp is 20 to 30 characters). */
export const SNIFF_BYTES = 256;

/** The encoding of a file's first bytes and the length of its byte-order mark. */
export function sniffEncoding(head: Uint8Array): { encoding: Encoding; bomBytes: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  // Without a mark: text in UTF-16 has a zero in (nearly) every other byte, always on the same side.
  const pairs = Math.floor(Math.min(head.length, SNIFF_BYTES) / 2);
  if (pairs < 4) return { encoding: 'utf-8', bomBytes: 0 };
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros += 1;
    if (head[i + 1] === 0) oddZeros += 1;
  }
  if (oddZeros >= pairs * 0.7 && evenZeros <= pairs * 0.05) return { encoding: 'utf-16le', bomBytes: 0 };
  if (evenZeros >= pairs * 0.7 && oddZeros <= pairs * 0.05) return { encoding: 'utf-16be', bomBytes: 0 };
  return { encoding: 'utf-8', bomBytes: 0 };
}

/** A whole file's bytes as text, in the encoding they were written in. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const { encoding, bomBytes } = sniffEncoding(bytes);
  return { text: new TextDecoder(encoding).decode(bytes.subarray(bomBytes)), encoding };
}
