/**
 * The server's clock along a HAR. Entries carry the browser's start time; responses carry the
 * server's `Date`. A response that cannot have come from a cache ties the two clocks together at
 * its moment; any entry's server time is read from the nearest such tie. This keeps a HAR right
 * when the agent's computer clock is off, and when a lab moves the servers' clock ahead of the
 * browser's (the harness's lab time), and it gives the `Date` age of a cached response.
 */
import type { Exchange } from './exchange.ts';

/** Ties kept per HAR; beyond, every other one is dropped (the clocks do not drift that fast). */
const MAX_TIES = 1 << 16;

export class ServerClock {
  private browser: number[] = [];
  private server: number[] = [];
  private stride = 1;
  private seen = 0;

  /** Offers an exchange as a tie; kept when its response surely came from the server. */
  offer(exchange: Exchange): void {
    if (exchange.date === undefined || !surelyFromServer(exchange)) return;
    this.seen += 1;
    if (this.seen % this.stride !== 0) return;
    this.browser.push(exchange.startedAt);
    this.server.push(exchange.date);
    if (this.browser.length >= MAX_TIES) {
      this.browser = this.browser.filter((_, i) => i % 2 === 0);
      this.server = this.server.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  /** Whether any tie was seen: without one, server times are the browser's. */
  get tied(): boolean {
    return this.browser.length > 0;
  }

  /** The server's time at the browser moment `at` (UTC ms). */
  serverTime(at: number): number {
    const i = this.nearest(at);
    return i < 0 ? at : this.server[i]! + (at - this.browser[i]!);
  }

  private nearest(at: number): number {
    // Ties arrive in entry order, which exporters keep in start order; a binary search finds the neighbours.
    let low = 0;
    let high = this.browser.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.browser[middle]! < at) low = middle + 1;
      else high = middle;
    }
    if (low >= this.browser.length) return this.browser.length - 1;
    if (low > 0 && at - this.browser[low - 1]! <= this.browser[low]! - at) return low - 1;
    return low;
  }
}

/**
 * A response no cache can have served: not a GET, a redirect, `no-store`, or one the exporter
 * says crossed the network. (A GET 200 without markers may be a cache hit: not a tie.)
 */
function surelyFromServer(exchange: Exchange): boolean {
  if (exchange.fromCache !== undefined || exchange.cacheEntry || exchange.status === 0 || exchange.status === 304) return false;
  if (exchange.method !== 'GET' && exchange.method !== 'HEAD') return true;
  if (exchange.status >= 300 && exchange.status < 400) return true;
  if (/no-store/i.test(exchange.responseHeaders.get('cache-control') ?? '')) return true;
  return exchange.transferSize !== undefined && exchange.transferSize > 0;
}
