/**
 * Logs arrive in the encoding their platform wrote: UTF-8 (with or without a byte-order mark) and,
 * from Windows tools and editors, UTF-16 in either byte order, with or without a mark. Every file
 * is handed on as UTF-8 without a mark, so the line readers see one encoding.
 */
import type { FileSink, SinkFactory } from './inputs.ts';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Bytes looked at before deciding (a log line's timestamp is 20 to 30 characters). */
const SNIFF_BYTES = 256;

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

/** Wraps a sink so that its bytes arrive as UTF-8 without a byte-order mark, whatever they were written in. */
export function decodingSink(sink: FileSink): FileSink {
  let head: Uint8Array | undefined = new Uint8Array(0);
  let decoder: TextDecoder | undefined;
  const forward = (chunk: Uint8Array) => {
    if (chunk.length === 0) return;
    if (decoder === undefined) sink.push(chunk);
    else sink.push(Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
  };
  const decide = () => {
    const bytes = head!;
    head = undefined;
    const { encoding, bomBytes } = sniffEncoding(bytes);
    if (encoding !== 'utf-8') decoder = new TextDecoder(encoding);
    forward(bytes.subarray(bomBytes));
  };
  return {
    push(chunk) {
      if (head === undefined) return forward(chunk);
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      if (head.length >= SNIFF_BYTES) decide();
    },
    end(error) {
      if (head !== undefined) decide();
      if (decoder !== undefined) {
        const rest = decoder.decode();
        if (rest.length > 0) sink.push(Buffer.from(rest, 'utf8'));
      }
      sink.end(error);
    },
  };
}

export function decodingSinkFor(sinkFor: SinkFactory): SinkFactory {
  return (name) => decodingSink(sinkFor(name));
}
