/** Where the analyzer's input readers hand one log file's bytes. */
/** Receives one log file's bytes; `end` reports the error that stopped reading early, if any. */
export interface FileSink {
  push(chunk: Uint8Array): void;
  end(error?: string): void;
}

export type SinkFactory = (path: string) => FileSink;
