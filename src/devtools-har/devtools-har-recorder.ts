/**
 * A HAR recorded the way Chrome DevTools exports one ("Save all as HAR"): from the DevTools
 * protocol's Network events, with DevTools' own fields: `_fromCache: "disk" | "memory"` for
 * answers the browser took from its cache (`fromDiskCache`, `requestServedFromCache`),
 * `_transferSize`, `_resourceType`, `_initiator`, `_error`, and a WebSocket's frames as
 * `_webSocketMessages`. Playwright's `recordHar` does neither, and any request routing would
 * switch the HTTP cache off; this only listens.
 * The HAR holds live tokens: write it outside reports/ or redact it.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

/** Bodies of text answers up to this size are kept (tokens, logs, pages), as DevTools embeds them. */
const MAX_BODY_BYTES = 1 << 20;
const TEXT_TYPES = /json|text|javascript|xml|x-www-form-urlencoded/i;

type Headers = Record<string, string>;

interface CdpRequest {
  url: string;
  method: string;
  headers: Headers;
  postData?: string;
  hasPostData?: boolean;
  postDataEntries?: Array<{ bytes?: string }>;
}

interface CdpResponse {
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  mimeType: string;
  fromDiskCache?: boolean;
  encodedDataLength?: number;
  protocol?: string;
}

interface PendingEntry {
  wallTime: number;
  timestamp: number;
  resourceType: string;
  initiator: string;
  request: CdpRequest;
  response?: CdpResponse;
  servedFromCache: boolean;
  finishedAt?: number;
  transferSize?: number;
  body?: { text: string; encoding?: 'base64' };
  error?: string;
  /** A WebSocket's frames, as DevTools exports them (`time` in epoch seconds). */
  webSocketMessages?: WebSocketMessage[];
}

interface WebSocketMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: number;
  data: string;
}

interface CdpFrameEvent {
  requestId: string;
  timestamp: number;
  response: { opcode: number; payloadData: string };
}

export class DevtoolsHarRecorder {
  private readonly entries: PendingEntry[] = [];
  private readonly open = new Map<string, PendingEntry>();
  private readonly bodyReads: Promise<void>[] = [];
  private readonly sessions: CDPSession[] = [];
  private readonly socketUrls = new Map<string, string>();

  /** Starts recording every page of the context, present and future. */
  static async attach(context: BrowserContext): Promise<DevtoolsHarRecorder> {
    const recorder = new DevtoolsHarRecorder();
    for (const page of context.pages()) await recorder.attachPage(context, page);
    context.on('page', (page) => void recorder.attachPage(context, page).catch(() => undefined));
    return recorder;
  }

  private async attachPage(context: BrowserContext, page: Page): Promise<void> {
    const session = await context.newCDPSession(page);
    this.sessions.push(session);
    session.on(
      'Network.requestWillBeSent',
      (event: {
        requestId: string;
        request: CdpRequest;
        wallTime: number;
        timestamp: number;
        type?: string;
        initiator?: { type?: string };
        redirectResponse?: CdpResponse;
      }) => {
        const previous = this.open.get(event.requestId);
        if (previous && event.redirectResponse) {
          previous.response = event.redirectResponse;
          previous.finishedAt = event.timestamp;
          previous.transferSize = event.redirectResponse.encodedDataLength ?? 0;
        }
        const entry: PendingEntry = {
          wallTime: event.wallTime,
          timestamp: event.timestamp,
          resourceType: (event.type ?? 'other').toLowerCase(),
          initiator: event.initiator?.type ?? 'other',
          request: event.request,
          servedFromCache: false,
        };
        this.entries.push(entry);
        this.open.set(event.requestId, entry);
        if (event.request.hasPostData && event.request.postData === undefined && event.request.postDataEntries === undefined) {
          this.bodyReads.push(
            session.send('Network.getRequestPostData', { requestId: event.requestId }).then(
              (answer) => void (entry.request = { ...entry.request, postData: answer.postData }),
              () => undefined,
            ),
          );
        }
      },
    );
    session.on('Network.requestServedFromCache', (event: { requestId: string }) => {
      const entry = this.open.get(event.requestId);
      if (entry) entry.servedFromCache = true;
    });
    session.on('Network.responseReceived', (event: { requestId: string; response: CdpResponse }) => {
      const entry = this.open.get(event.requestId);
      if (entry) entry.response = event.response;
    });
    session.on('Network.loadingFinished', (event: { requestId: string; timestamp: number; encodedDataLength: number }) => {
      const entry = this.open.get(event.requestId);
      if (!entry) return;
      this.open.delete(event.requestId);
      entry.finishedAt = event.timestamp;
      entry.transferSize = event.encodedDataLength;
      if (entry.response && TEXT_TYPES.test(entry.response.mimeType)) {
        this.bodyReads.push(
          session.send('Network.getResponseBody', { requestId: event.requestId }).then(
            (answer) => {
              if (answer.body.length <= MAX_BODY_BYTES) entry.body = answer.base64Encoded ? { text: answer.body, encoding: 'base64' } : { text: answer.body };
            },
            () => undefined,
          ),
        );
      }
    });
    this.recordWebSockets(session);
    session.on('Network.loadingFailed', (event: { requestId: string; timestamp: number; errorText: string }) => {
      const entry = this.open.get(event.requestId);
      if (!entry) return;
      this.open.delete(event.requestId);
      entry.finishedAt = event.timestamp;
      entry.error = event.errorText;
    });
    await session.send('Network.enable');
  }

  /**
   * WebSockets have no requestWillBeSent: DevTools builds their entry from the handshake (status 101)
   * and lists every frame under `_webSocketMessages`; frames carry tickets as often as requests do.
   */
  private recordWebSockets(session: CDPSession): void {
    const sockets = new Map<string, PendingEntry>();
    session.on(
      'Network.webSocketWillSendHandshakeRequest',
      (event: { requestId: string; timestamp: number; wallTime: number; request: { headers: Headers } }) => {
        const url = this.socketUrls.get(event.requestId);
        if (url === undefined) return;
        const entry: PendingEntry = {
          wallTime: event.wallTime,
          timestamp: event.timestamp,
          resourceType: 'websocket',
          initiator: 'script',
          request: { url, method: 'GET', headers: event.request.headers },
          servedFromCache: false,
          webSocketMessages: [],
        };
        this.entries.push(entry);
        sockets.set(event.requestId, entry);
      },
    );
    session.on('Network.webSocketCreated', (event: { requestId: string; url: string }) => void this.socketUrls.set(event.requestId, event.url));
    session.on(
      'Network.webSocketHandshakeResponseReceived',
      (event: { requestId: string; timestamp: number; response: { status: number; statusText: string; headers: Headers } }) => {
        const entry = sockets.get(event.requestId);
        if (!entry) return;
        entry.response = {
          url: entry.request.url,
          status: event.response.status,
          statusText: event.response.statusText,
          headers: event.response.headers,
          mimeType: 'x-unknown',
        };
        entry.finishedAt = event.timestamp;
      },
    );
    const frame = (type: WebSocketMessage['type']) => (event: CdpFrameEvent) => {
      const entry = sockets.get(event.requestId);
      if (!entry) return;
      // Frames carry the monotonic timestamp only; the handshake ties it to the wall clock.
      entry.webSocketMessages!.push({
        type,
        time: entry.wallTime + (event.timestamp - entry.timestamp),
        opcode: event.response.opcode,
        data: event.response.payloadData,
      });
    };
    session.on('Network.webSocketFrameSent', frame('send'));
    session.on('Network.webSocketFrameReceived', frame('receive'));
  }

  /** Writes what was recorded as a HAR 1.2 file, entry by entry; call while the browser still runs (bodies are read from it). */
  async save(file: string, browserVersion: string): Promise<number> {
    await Promise.all(this.bodyReads);
    for (const session of this.sessions) await session.detach().catch(() => undefined);
    const entries = [...this.entries].sort((a, b) => a.wallTime - b.wallTime);
    const out = createWriteStream(file);
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    await write(
      `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"browser":${JSON.stringify({ name: 'Chromium', version: browserVersion })},"pages":[],"entries":[`,
    );
    for (let i = 0; i < entries.length; i += 1) await write(`${i === 0 ? '' : ','}\n${JSON.stringify(harEntry(entries[i]!))}`);
    await write('\n]}}\n');
    out.end();
    await once(out, 'finish');
    return entries.length;
  }
}

function harEntry(entry: PendingEntry): Record<string, unknown> {
  const { request, response } = entry;
  const url = new URL(request.url);
  const cached = response?.fromDiskCache ? 'disk' : entry.servedFromCache ? 'memory' : undefined;
  const postData =
    request.postData ??
    (request.postDataEntries ? Buffer.concat(request.postDataEntries.map((part) => Buffer.from(part.bytes ?? '', 'base64'))).toString('utf8') : undefined);
  const timeMs = entry.finishedAt === undefined ? 0 : Math.max(0, (entry.finishedAt - entry.timestamp) * 1000);
  return {
    ...(cached ? { _fromCache: cached } : {}),
    ...(entry.webSocketMessages ? { _webSocketMessages: entry.webSocketMessages } : {}),
    _initiator: { type: entry.initiator },
    _resourceType: entry.resourceType,
    cache: {},
    startedDateTime: new Date(entry.wallTime * 1000).toISOString(),
    time: timeMs,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: response?.protocol ?? 'http/1.1',
      headers: headerList(request.headers),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      cookies: [],
      headersSize: -1,
      bodySize: postData === undefined ? 0 : Buffer.byteLength(postData),
      ...(postData !== undefined ? { postData: { mimeType: request.headers['Content-Type'] ?? request.headers['content-type'] ?? '', text: postData } } : {}),
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? '',
      httpVersion: response?.protocol ?? 'http/1.1',
      headers: headerList(response?.headers ?? {}),
      cookies: [],
      content: {
        size: entry.body ? Buffer.byteLength(entry.body.text, entry.body.encoding === 'base64' ? 'base64' : 'utf8') : 0,
        mimeType: response?.mimeType ?? 'x-unknown',
        ...(entry.body ?? {}),
      },
      redirectURL: response?.headers.location ?? response?.headers.Location ?? '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: cached ? 0 : (entry.transferSize ?? 0),
      _error: entry.error ?? null,
    },
    serverIPAddress: '',
    timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: timeMs, receive: 0 },
  };
}

/** CDP joins repeated headers with newlines; HAR lists each. */
function headerList(headers: Headers): Array<{ name: string; value: string }> {
  return Object.entries(headers).flatMap(([name, value]) => value.split('\n').map((part) => ({ name, value: part })));
}
