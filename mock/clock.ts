/**
 * The lab's one clock. Every server-side time (token issue and expiry, Date headers, log
 * timestamps) reads it. It starts at real time and only moves forward: the browser judges the
 * freshness of cached responses by its own real clock against the Date header, so a lab clock
 * set in the past would make every cached token response stale and hide the defect.
 */
export class MockClock {
  private offsetMs = 0;
  private readonly listeners: ((now: number) => void)[] = [];

  now(): number {
    return Date.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** How far the lab is ahead of real time. */
  get aheadMs(): number {
    return this.offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the lab clock only moves forward; cannot advance by ${ms} ms`);
    this.offsetMs += ms;
    const now = this.now();
    for (const listener of this.listeners) listener(now);
    return now;
  }

  /** Calls `listener` after every advance: lab-time deadlines (the end of an injected outage) are met when time moves. */
  onAdvance(listener: (now: number) => void): void {
    this.listeners.push(listener);
  }
}
