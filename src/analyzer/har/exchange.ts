/**
 * One HAR entry reduced to what the analyzer reads: method, URL, status, times, the headers that
 * say how the response may be cached and when it was made, where the browser took it from, and
 * the bodies of the few exchanges that matter (bounded). Chrome and Edge (`_fromCache`,
 * `_transferSize`, `_resourceType`), Firefox and Playwright (`recordHar`) all write HAR 1.2; the
 * differences are in the optional and underscore fields, read here when present.
 */

/** Where the browser took a response from, as the exporter marked it. */
export type CacheMarker = 'disk' | 'memory';

export interface Exchange {
  index: number;
  method: string;
  url: URL;
  status: number;
  /** `startedDateTime`, the browser's clock, UTC ms. */
  startedAt: number;
  /** The response's `Date` header (the server's clock when it made the response), UTC ms. */
  date?: number;
  /** Chrome/Edge `_fromCache`. */
  fromCache?: CacheMarker;
  /** Chrome/Edge `_transferSize`, Firefox `_transferSize` where it writes one: 0 for a cache hit. */
  transferSize?: number;
  /** HAR 1.2 `cache.beforeRequest`/`afterRequest` present: the exporter saw a cache entry. */
  cacheEntry: boolean;
  /** Response headers by lower-case name (the last of repeated ones). */
  responseHeaders: ReadonlyMap<string, string>;
  requestHeaders: ReadonlyMap<string, string>;
  /** `_resourceType` (Chrome) or inferred from the request's Accept: a page load. */
  document: boolean;
  requestBody?: string;
  responseBody?: string;
  /** `response._error` (Chrome) or status 0: no answer. */
  error?: string;
}

interface RawHeader {
  name?: unknown;
  value?: unknown;
}

interface RawEntry {
  startedDateTime?: unknown;
  _fromCache?: unknown;
  _resourceType?: unknown;
  cache?: { beforeRequest?: unknown; afterRequest?: unknown };
  request?: { method?: unknown; url?: unknown; headers?: unknown; postData?: { text?: unknown } };
  response?: {
    status?: unknown;
    headers?: unknown;
    content?: { text?: unknown; encoding?: unknown; mimeType?: unknown };
    _transferSize?: unknown;
    _error?: unknown;
  };
}

/** Bodies longer than this are not kept (token and log bodies are small; a page is not needed). */
const MAX_BODY_CHARS = 64 * 1024;

/** The entry as an exchange, or a reason it is not one. */
export function readExchange(json: string, index: number): Exchange | string {
  let raw: RawEntry;
  try {
    raw = JSON.parse(json) as RawEntry;
  } catch (error) {
    return `entries[${index}] is not valid JSON (${(error as Error).message})`;
  }
  if (typeof raw !== 'object' || raw === null || typeof raw.request !== 'object' || raw.request === null) return `entries[${index}] has no request`;
  const request = raw.request;
  const response = raw.response ?? {};
  let url: URL;
  try {
    url = new URL(String(request.url));
  } catch {
    return `entries[${index}] has no valid URL`;
  }
  const startedAt = Date.parse(String(raw.startedDateTime));
  if (!Number.isFinite(startedAt)) return `entries[${index}] has no valid startedDateTime`;
  const responseHeaders = headerMap(response.headers);
  const requestHeaders = headerMap(request.headers);
  const date = Date.parse(responseHeaders.get('date') ?? '');
  const status = typeof response.status === 'number' ? response.status : 0;
  const transferSize = typeof response._transferSize === 'number' && response._transferSize >= 0 ? response._transferSize : undefined;
  const resourceType = typeof raw._resourceType === 'string' ? raw._resourceType : undefined;
  const accept = requestHeaders.get('accept') ?? '';
  const errorText = typeof response._error === 'string' && response._error !== '' ? response._error : status === 0 ? 'no response' : undefined;
  return {
    index,
    method: typeof request.method === 'string' ? request.method.toUpperCase() : 'GET',
    url,
    status,
    startedAt,
    ...(Number.isFinite(date) ? { date } : {}),
    ...(raw._fromCache === 'disk' || raw._fromCache === 'memory' ? { fromCache: raw._fromCache } : {}),
    ...(transferSize !== undefined ? { transferSize } : {}),
    cacheEntry: isFilled(raw.cache?.beforeRequest) || isFilled(raw.cache?.afterRequest),
    responseHeaders,
    requestHeaders,
    document: resourceType !== undefined ? resourceType === 'document' : accept.startsWith('text/html'),
    ...bodies(request.postData?.text, response.content),
    ...(errorText !== undefined ? { error: errorText } : {}),
  };
}

function headerMap(headers: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (!Array.isArray(headers)) return map;
  for (const header of headers as RawHeader[]) {
    if (typeof header?.name === 'string' && typeof header.value === 'string') map.set(header.name.toLowerCase(), header.value);
  }
  return map;
}

function isFilled(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

const TEXT_TYPES = /json|text|x-www-form-urlencoded/i;

function bodies(
  requestText: unknown,
  content: { text?: unknown; encoding?: unknown; mimeType?: unknown } | undefined,
): { requestBody?: string; responseBody?: string } {
  const out: { requestBody?: string; responseBody?: string } = {};
  if (typeof requestText === 'string' && requestText.length <= MAX_BODY_CHARS) out.requestBody = requestText;
  const text = content?.text;
  // Binary bodies (images, fonts) are never needed; only text is decoded.
  const textual = content?.encoding !== 'base64' || TEXT_TYPES.test(typeof content.mimeType === 'string' ? content.mimeType : '');
  if (typeof text === 'string' && textual && text.length <= MAX_BODY_CHARS * 2) {
    out.responseBody = content?.encoding === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
  }
  return out;
}
