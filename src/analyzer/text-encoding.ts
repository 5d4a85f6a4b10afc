/**
 * Logs arrive in the encoding their platform wrote: UTF-8 (with or without a byte-order mark) and,
 * from Windows tools and editors, UTF-16 in either byte order, with or without a mark. Every file
 * is handed on as UTF-8 without a mark, so the line readers see one encoding.
 */
import { SNIFF_BYTES, sniffEncoding } from '../text/sniff-encoding.ts';
import type { FileSink, SinkFactory } from './inputs/file-sink.ts';

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
