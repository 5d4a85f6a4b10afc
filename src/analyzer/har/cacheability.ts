/**
 * Whether a response's caching headers let a browser keep it in its HTTP cache (RFC 9111): the
 * token response must not be stored, or a later sign-in can be handed an earlier one's tokens.
 */
import type { Exchange } from './exchange.ts';

export interface Cacheability {
  storable: boolean;
  /** The headers that decided, as sent (`Cache-Control: private, max-age=3600`). */
  headers: string;
}

/** Statuses a cache may store without explicit freshness (RFC 9110 15.1: heuristically cacheable). */
const HEURISTIC_STATUSES: ReadonlySet<number> = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);

export function cacheability(exchange: Exchange): Cacheability {
  const cacheControl = exchange.responseHeaders.get('cache-control');
  const expires = exchange.responseHeaders.get('expires');
  const pragma = exchange.responseHeaders.get('pragma');
  const lastModified = exchange.responseHeaders.get('last-modified');
  const shown = [
    cacheControl !== undefined ? `Cache-Control: ${cacheControl}` : 'no Cache-Control',
    ...(expires !== undefined ? [`Expires: ${expires}`] : []),
    ...(pragma !== undefined ? [`Pragma: ${pragma}`] : []),
    ...(lastModified !== undefined ? [`Last-Modified: ${lastModified}`] : []),
  ].join(', ');
  const directives = new Map<string, string>();
  for (const part of (cacheControl ?? '').split(',')) {
    const [name, value] = part.trim().split('=');
    if (name) directives.set(name.toLowerCase(), (value ?? '').replace(/"/g, ''));
  }
  if (directives.has('no-store')) return { storable: false, headers: shown };
  // no-cache stores but revalidates before every use: a stale answer is not reused without the server.
  if (directives.has('no-cache') || (cacheControl === undefined && /no-cache/i.test(pragma ?? ''))) return { storable: false, headers: shown };
  const maxAge = Number(directives.get('max-age') ?? Number.NaN);
  if (Number.isFinite(maxAge)) return { storable: maxAge > 0, headers: shown };
  if (expires !== undefined) {
    const at = Date.parse(expires);
    const date = exchange.date ?? exchange.startedAt;
    return { storable: Number.isFinite(at) && at > date, headers: shown };
  }
  // Without freshness information a browser may still reuse it for a while when it has Last-Modified.
  return { storable: lastModified !== undefined && HEURISTIC_STATUSES.has(exchange.status), headers: shown };
}
