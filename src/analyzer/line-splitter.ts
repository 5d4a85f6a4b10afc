import { StringDecoder } from 'node:string_decoder';

/**
 * Longest line handed on, in characters. A longer line (a megabyte of XML, a file with no line
 * breaks) is cut here and the rest skipped up to the next line break, so memory stays bounded
 * whatever the input.
 */
export const MAX_LINE_CHARS = 1 << 20;

/** Bytes decoded into one string at a time. */
const DECODE_BYTES = 1 << 16;

/**
 * Receives each line as bounds into a larger string (`text.slice(start, end)` is the line, without
 * its line break): lines are not copied out of the decoded chunk unless a reader keeps them.
 */
export type LineHandler = (text: string, start: number, end: number) => void;

/**
 * Turns byte chunks into lines (LF or CRLF), decoding UTF-8 across chunk boundaries. Lines are
 * handed on synchronously, in order; a final line without a line break is handed on at `end`.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The start of a line whose end has not arrived yet. */
  private pending = '';
  /** Set while skipping the rest of an over-long line. */
  private skipping = false;

  constructor(private readonly onLine: LineHandler) {}

  push(chunk: Uint8Array): void {
    // Decoded in small slices: V8 collects strings this size cheaply, and megabyte strings late.
    for (let offset = 0; offset < chunk.length; offset += DECODE_BYTES) this.split(this.decoder.write(chunk.subarray(offset, offset + DECODE_BYTES)));
  }

  end(): void {
    this.split(this.decoder.end());
    if (this.pending.length > 0 && !this.skipping) this.emit(this.pending, 0, this.pending.length);
    this.pending = '';
    this.skipping = false;
  }

  private split(text: string): void {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      if (this.skipping) this.skipping = false;
      else if (this.pending.length > 0) {
        const line = this.pending + text.slice(start, newline);
        this.pending = '';
        this.emit(line, 0, line.length);
      } else this.emit(text, start, newline);
      start = newline + 1;
    }
    if (start >= text.length || this.skipping) return;
    const rest = this.pending + text.slice(start);
    if (rest.length < MAX_LINE_CHARS) {
      this.pending = rest;
      return;
    }
    this.emit(rest, 0, MAX_LINE_CHARS);
    this.pending = '';
    this.skipping = true;
  }

  private emit(text: string, start: number, end: number): void {
    let last = end - start > MAX_LINE_CHARS ? start + MAX_LINE_CHARS : end;
    if (last > start && text.charCodeAt(last - 1) === 13) last -= 1;
    this.onLine(text, start, last);
  }
}
