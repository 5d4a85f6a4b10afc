import { evidenceLine } from './evidence-line.ts';
import type { LineRef } from './events.ts';
import { threadOf, type ServerHeader, type ServerInterest } from './server-log.ts';

/** Continuation lines kept per entry: the exception and the top of its stack say what failed. */
const MAX_CONTINUATION = 24;

/**
 * A server log entry that matters, being assembled: its header line, then the lines without a
 * timestamp that follow it (an exception, a stack trace), until the next header closes it.
 * The header stays as read until the entry is known to be kept as evidence (most are not:
 * token creations are only indexed).
 */
export class OpenEntry {
  private readonly continuation: LineRef[] = [];

  constructor(
    readonly interest: ServerInterest,
    readonly header: ServerHeader,
    readonly file: string,
    readonly headerText: string,
    readonly lineNo: number,
  ) {}

  get thread(): string {
    return threadOf(this.headerText, this.header);
  }

  get message(): string {
    return this.headerText.slice(this.header.messageStart);
  }

  /** Whether the entry has no more room: further continuation lines are left out (and need not be copied). */
  get full(): boolean {
    return this.continuation.length >= MAX_CONTINUATION;
  }

  continueWith(text: string, lineNo: number): void {
    if (!this.full) this.continuation.push(evidenceLine(this.file, lineNo, text, this.header.at, this.header.offsetMin));
  }

  /** The entry's lines as evidence. */
  lines(): LineRef[] {
    return [evidenceLine(this.file, this.lineNo, this.headerText, this.header.at, this.header.offsetMin), ...this.continuation];
  }

  /** The whole entry as text, for the checks that look into exceptions. */
  text(): string {
    return [this.headerText, ...this.continuation.map((line) => line.text)].join('\n');
  }
}
