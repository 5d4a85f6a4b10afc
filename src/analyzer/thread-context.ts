import { detach } from './detach.ts';
import type { LineRef } from './events.ts';

/** Webservices lines logged just before a failed refresh on the same thread belong to it. */
const CONTEXT_WINDOW_MS = 2_000;
const MAX_CONTEXT_LINES = 8;
const MAX_CONTEXT_THREADS = 512;

/** The recent lines of each server thread, bounded, handed to the failure that follows them on that thread. */
export class ThreadContext {
  private readonly byThread = new Map<string, LineRef[]>();

  add(thread: string, lines: LineRef[]): void {
    const at = lines[0]!.at;
    const recent = (this.byThread.get(thread) ?? []).filter((line) => at - line.at <= CONTEXT_WINDOW_MS);
    recent.push(...lines);
    this.byThread.delete(thread);
    if (this.byThread.size >= MAX_CONTEXT_THREADS) this.byThread.delete(this.byThread.keys().next().value!);
    this.byThread.set(detach(thread), recent.slice(-MAX_CONTEXT_LINES));
  }

  take(thread: string, at: number): LineRef[] {
    const context = this.byThread.get(thread) ?? [];
    this.byThread.delete(thread);
    return context.filter((line) => at - line.at <= CONTEXT_WINDOW_MS && line.at <= at);
  }
}
