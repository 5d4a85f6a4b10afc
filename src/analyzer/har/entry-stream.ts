/**
 * A HAR read as a stream: the bytes of `log.entries[i]` are cut out one entry at a time and handed
 * on as text, so a HAR of any size is read within a bounded memory (one entry at a time, never the
 * document). A small byte-level JSON scanner of our own: it only tracks nesting, strings and the
 * keys of the two outer levels, and leaves each entry's parsing to `JSON.parse`. No library: the
 * streaming JSON parsers on npm either build the whole tree or emit a callback per token, which is
 * slower than cutting entries out and parsing each natively.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** An entry larger than this (a huge embedded body) is skipped and counted, not held. */
export const MAX_ENTRY_BYTES = 32 * 2 ** 20;
/** Keys of the outer levels are short (`log`, `entries`, `creator`); longer ones are not ours. */
const MAX_KEY_BYTES = 32;
/** `log.<key>` values kept as text besides the entries (small objects). */
const LOG_FIELDS: ReadonlySet<string> = new Set(['version', 'creator', 'browser']);
/** Nesting deeper than this is not a HAR a browser wrote. */
const MAX_DEPTH = 512;

export interface EntryStreamSink {
  /** One entry of `log.entries`, as JSON text, with its index. */
  entry(json: string, index: number): void;
  /** `log.version`, `log.creator`, `log.browser`, as JSON text. */
  field(key: string, json: string): void;
}

export class EntryStream {
  /** 1 for an object, 0 for an array, per open container. */
  private readonly containers = new Uint8Array(MAX_DEPTH);
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** In an object, before its next key's colon: the next string is a key. */
  private expectKey = false;
  /** The key whose value is read at depth 1 (in the root object) and at depth 2 (in `log`). */
  private rootKey = '';
  private logKey = '';
  private keyBytes: number[] | undefined;
  /** Depth of the entries array's elements while inside `log.entries`, else -1. */
  private entriesDepth = -1;
  private capture: { parts: Uint8Array[]; bytes: number; depth: number; kind: 'entry' | 'field'; key: string; oversized: boolean } | undefined;
  private captureStart = -1;
  private index = 0;
  private sawLog = false;
  private sawEntries = false;
  private bytesRead = 0;
  /** Entries skipped for their size. */
  skipped = 0;
  private failure: string | undefined;

  constructor(private readonly sink: EntryStreamSink) {}

  get entries(): number {
    return this.index;
  }

  /** Why the stream is not a readable HAR, once known (the rest of it is then ignored). */
  get error(): string | undefined {
    return this.failure;
  }

  push(chunk: Uint8Array): void {
    if (this.failure !== undefined) return;
    const n = chunk.length;
    this.captureStart = this.capture === undefined ? -1 : 0;
    const bom = this.bytesRead === 0 && n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    // Where the next quote and backslash are: string contents (most of a HAR) are skipped by native search.
    let nextQuote = -1;
    let nextBackslash = -1;
    for (let i = bom ? 3 : 0; i < n; i += 1) {
      if (this.inString && !this.escaped && this.keyBytes === undefined) {
        if (nextQuote < i) nextQuote = indexIn(chunk, QUOTE, i);
        if (nextBackslash < i) nextBackslash = indexIn(chunk, BACKSLASH, i);
        i = Math.min(nextQuote, nextBackslash);
        if (i >= n) break;
      }
      const c = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.endString(chunk, i);
        else if (this.keyBytes !== undefined && this.keyBytes.length <= MAX_KEY_BYTES) this.keyBytes.push(c);
        continue;
      }
      if (c === QUOTE) {
        this.startValue(i);
        this.inString = true;
        if (this.expectKey && this.depth <= 2) this.keyBytes = [];
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        this.startValue(i);
        if (this.depth >= MAX_DEPTH) return this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
        if (this.depth === 0 && c !== OPEN_OBJECT) return this.fail('the document is not a JSON object');
        this.containers[this.depth] = c === OPEN_OBJECT ? 1 : 0;
        this.depth += 1;
        this.expectKey = c === OPEN_OBJECT;
        if (c === OPEN_ARRAY && this.depth === 3 && this.rootKey === 'log' && this.logKey === 'entries') {
          this.entriesDepth = 3;
          this.sawEntries = true;
        }
        if (c === OPEN_OBJECT && this.depth === 2 && this.rootKey === 'log') this.sawLog = true;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.depth === 0) return this.fail('unbalanced brackets');
        this.depth -= 1;
        if (this.depth === 2 && this.entriesDepth === 3) this.entriesDepth = -1;
        this.expectKey = false;
        this.endValue(chunk, i + 1);
      } else if (c === COMMA) {
        this.expectKey = this.depth > 0 && this.containers[this.depth - 1] === 1;
      } else if (c === COLON) {
        this.expectKey = false;
      } else if (this.depth === 0 && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
        // Numbers, true, false and null are skipped byte by byte: no entry or field we keep is one.
        return this.fail('the document is not a JSON object');
      }
    }
    if (this.capture !== undefined) this.keep(chunk.subarray(this.captureStart, n));
    this.bytesRead += n;
  }

  /** Ends the stream; returns the error when it was no HAR or ended early. */
  end(): string | undefined {
    if (this.failure !== undefined) return this.failure;
    if (this.bytesRead === 0) return 'the file is empty';
    if (!this.sawLog) return 'JSON without a "log" object: not a HAR';
    if (!this.sawEntries) return 'no "log.entries" array: not a HAR';
    if (this.depth > 0 || this.inString) return `the HAR ends early (truncated after ${this.index} entries)`;
    return undefined;
  }

  private fail(reason: string): void {
    this.failure = reason;
    this.capture = undefined;
  }

  private endString(chunk: Uint8Array, i: number): void {
    this.inString = false;
    if (this.keyBytes !== undefined) {
      const key = this.keyBytes.length > MAX_KEY_BYTES ? '' : String.fromCharCode(...this.keyBytes);
      this.keyBytes = undefined;
      if (this.depth === 1) this.rootKey = key;
      else if (this.depth === 2) this.logKey = key;
      return;
    }
    // A string value at the capture's own depth is the whole captured value (log.version).
    this.endValue(chunk, i + 1);
  }

  /** A value begins at `chunk[i]`: starts capturing it when it is an entry or a wanted `log` field. */
  private startValue(i: number): void {
    if (this.capture !== undefined || this.expectKey) return;
    if (this.entriesDepth === 3 && this.depth === 3) {
      this.capture = { parts: [], bytes: 0, depth: 3, kind: 'entry', key: '', oversized: false };
      this.captureStart = i;
    } else if (this.depth === 2 && this.rootKey === 'log' && LOG_FIELDS.has(this.logKey)) {
      this.capture = { parts: [], bytes: 0, depth: 2, kind: 'field', key: this.logKey, oversized: false };
      this.captureStart = i;
    }
  }

  /** Ends the captured value at `chunk[end)` once the nesting is back at its depth. */
  private endValue(chunk: Uint8Array, end: number): void {
    const capture = this.capture;
    if (capture === undefined || this.depth !== capture.depth) return;
    // Most entries lie within one chunk: decoded in place, not copied.
    const text = capture.parts.length === 0 && capture.bytes === 0 ? decoder.decode(chunk.subarray(this.captureStart, end)) : undefined;
    if (text === undefined) this.keep(chunk.subarray(this.captureStart, end));
    this.capture = undefined;
    if (capture.kind === 'field') {
      this.sink.field(capture.key, text ?? decode(capture.parts, capture.bytes));
      return;
    }
    const index = this.index;
    this.index += 1;
    if (capture.oversized) this.skipped += 1;
    else this.sink.entry(text ?? decode(capture.parts, capture.bytes), index);
  }

  private keep(bytes: Uint8Array): void {
    const capture = this.capture;
    if (capture === undefined || bytes.length === 0) return;
    capture.bytes += bytes.length;
    if (capture.bytes > MAX_ENTRY_BYTES) {
      capture.oversized = true;
      capture.parts = [];
      return;
    }
    // Copied: the reader reuses its chunks.
    capture.parts.push(Uint8Array.prototype.slice.call(bytes));
  }
}

const decoder = new TextDecoder();

/** The index of `byte` in `chunk` from `from`, or the chunk's length. */
function indexIn(chunk: Uint8Array, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? chunk.length : at;
}

function decode(parts: Uint8Array[], bytes: number): string {
  if (parts.length === 1) return decoder.decode(parts[0]);
  const whole = new Uint8Array(bytes);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return decoder.decode(whole);
}
