import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest request body an endpoint reads unless it allows more (see `text`). */
export const MAX_BODY_BYTES = 256 * 1024;

/** A request/response pair with the parsing the mock servers need. */
export class Exchange {
  readonly url: URL;
  readonly cookies: Record<string, string>;
  private bodyText?: Promise<string>;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    origin: string,
  ) {
    this.url = new URL(req.url ?? '/', origin);
    this.cookies = parseCookies(req.headers.cookie);
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  query(name: string): string | undefined {
    return this.url.searchParams.get(name) ?? undefined;
  }

  /** The body as text; past `maxBytes` a 413 (an endpoint whose documented bodies are larger passes its own limit). */
  text(maxBytes = MAX_BODY_BYTES): Promise<string> {
    this.bodyText ??= readBody(this.req, maxBytes);
    return this.bodyText;
  }

  /** An `application/x-www-form-urlencoded` body; anything else is a client error. */
  async form(): Promise<URLSearchParams> {
    const type = this.req.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new HttpError(415, 'expected an application/x-www-form-urlencoded body');
    }
    return new URLSearchParams(await this.text());
  }

  send(status: number, body: string | Buffer, contentType: string, headers: Record<string, string | string[]> = {}): void {
    this.res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
    this.res.end(body);
  }

  json(status: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
    this.send(status, JSON.stringify(value), 'application/json;charset=UTF-8', { 'cache-control': 'no-store', ...headers });
  }

  html(status: number, body: string, headers: Record<string, string | string[]> = {}): void {
    this.send(status, body, 'text/html;charset=UTF-8', { 'cache-control': 'no-store', ...headers });
  }

  xml(status: number, body: string, headers: Record<string, string | string[]> = {}): void {
    this.send(status, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`, 'application/xml;charset=UTF-8', {
      'cache-control': 'no-store',
      ...headers,
    });
  }

  redirect(location: string, headers: Record<string, string | string[]> = {}): void {
    this.res.writeHead(302, { location, 'content-length': 0, 'cache-control': 'no-store', ...headers });
    this.res.end();
  }
}

/** A deliberate error answer: the status and body the client gets. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: { contentType: string; text: string },
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      // Past the limit the rest is read and dropped rather than the socket destroyed, so the 413 reaches the client.
      if (size > maxBytes) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        reject(new HttpError(413, `request body larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies[part.slice(0, index).trim()] = decodeOrKeep(part.slice(index + 1).trim());
  }
  return cookies;
}

/** Percent-decodes a cookie value or path segment; text that is not valid percent-encoding is kept as sent instead of failing the request. */
export function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface CookieOptions {
  maxAgeS?: number;
  httpOnly?: boolean;
  path?: string;
  sameSite?: 'Lax' | 'Strict' | 'None';
}

/** Secure cookies; without maxAgeS a session cookie, which a browser restart drops. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`, 'Secure', `SameSite=${options.sameSite ?? 'Lax'}`];
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (options.maxAgeS !== undefined) parts.push(`Max-Age=${options.maxAgeS}`);
  return parts.join('; ');
}
