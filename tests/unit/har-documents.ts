/**
 * HAR documents as the exporters write them, for the analyzer's unit tests: Chrome/Edge DevTools
 * (`_fromCache`, `_transferSize`, `_resourceType`, `_initiator`) and Firefox (HAR 1.2 fields only,
 * `cache: {}`, start times with the computer's offset). Times are given in server time; `skewMs`
 * moves the browser's clock away from it.
 */
export type Exporter = 'chrome' | 'firefox';

export interface Exchange {
  method: 'GET' | 'POST';
  url: string;
  status: number;
  /** Server time of the request (ms). */
  at: number;
  /** The response's Date (ms); for a cache hit an earlier one. Default: `at`. */
  date?: number;
  fromCache?: 'disk' | 'memory';
  cacheControl?: string;
  contentType?: string;
  requestBody?: string;
  responseBody?: string;
  document?: boolean;
}

export function harDocument(exporter: Exporter, exchanges: Exchange[], options: { skewMs?: number } = {}): string {
  const entries = exchanges.map((exchange) =>
    exporter === 'chrome' ? chromeEntry(exchange, options.skewMs ?? 0) : firefoxEntry(exchange, options.skewMs ?? 0),
  );
  const creator = exporter === 'chrome' ? { name: 'WebInspector', version: '537.36' } : { name: 'Firefox', version: '133.0' };
  return JSON.stringify(
    {
      log: {
        version: '1.2',
        creator,
        pages: [{ startedDateTime: new Date(exchanges[0]!.at).toISOString(), id: 'page_1', title: 'Finesse', pageTimings: {} }],
        entries,
      },
    },
    null,
    2,
  );
}

function headers(exchange: Exchange): Array<{ name: string; value: string }> {
  return [
    { name: 'date', value: new Date(exchange.date ?? exchange.at).toUTCString() },
    { name: 'content-type', value: exchange.contentType ?? 'application/json;charset=UTF-8' },
    ...(exchange.cacheControl ? [{ name: 'cache-control', value: exchange.cacheControl }] : []),
  ];
}

function request(exchange: Exchange) {
  const url = new URL(exchange.url);
  return {
    method: exchange.method,
    url: exchange.url,
    httpVersion: 'HTTP/1.1',
    headers: [{ name: 'Accept', value: exchange.document ? 'text/html,application/xhtml+xml' : '*/*' }],
    queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
    cookies: [],
    headersSize: -1,
    bodySize: exchange.requestBody?.length ?? 0,
    ...(exchange.requestBody !== undefined ? { postData: { mimeType: 'application/x-www-form-urlencoded', text: exchange.requestBody } } : {}),
  };
}

function content(exchange: Exchange) {
  return {
    size: exchange.responseBody?.length ?? 0,
    mimeType: exchange.contentType ?? 'application/json',
    ...(exchange.responseBody !== undefined ? { text: exchange.responseBody } : {}),
  };
}

function chromeEntry(exchange: Exchange, skewMs: number) {
  return {
    _initiator: { type: 'script' },
    _priority: 'High',
    _resourceType: exchange.document ? 'document' : 'fetch',
    ...(exchange.fromCache ? { _fromCache: exchange.fromCache } : {}),
    cache: {},
    pageref: 'page_1',
    request: request(exchange),
    response: {
      status: exchange.status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: headers(exchange),
      cookies: [],
      content: content(exchange),
      redirectURL: '',
      headersSize: -1,
      bodySize: exchange.fromCache ? 0 : -1,
      _transferSize: exchange.fromCache ? 0 : 420,
      _error: null,
    },
    serverIPAddress: '127.0.0.1',
    startedDateTime: new Date(exchange.at + skewMs).toISOString(),
    time: 12.5,
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 10, receive: 1.4 },
  };
}

/** Firefox writes local times with the offset (here +01:00) and no underscore fields. */
function firefoxEntry(exchange: Exchange, skewMs: number) {
  const local = new Date(exchange.at + skewMs + 3_600_000).toISOString().replace('Z', '+01:00');
  return {
    pageref: 'page_1',
    startedDateTime: local,
    request: request(exchange),
    response: {
      status: exchange.status,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: headers(exchange),
      cookies: [],
      content: content(exchange),
      redirectURL: '',
      headersSize: 200,
      bodySize: exchange.responseBody?.length ?? 0,
    },
    cache: {},
    timings: { blocked: 0, dns: 0, connect: 0, ssl: 0, send: 0, wait: 10, receive: 0 },
    time: 10,
  };
}
