import type { IncomingMessage, ServerResponse } from 'node:http';
import { Exchange, HttpError } from './exchange.ts';

export type Handler = (exchange: Exchange) => Promise<void> | void;

/** Counts requests per `METHOD /path`: how tests prove a response came from the browser's cache. */
export class RequestCounter {
  private readonly counts = new Map<string, number>();

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  clear(): void {
    this.counts.clear();
  }
}

export interface RouterOptions {
  /** `finesse`, `ids`, `idp`: prefixes the request counters. */
  name: string;
  origin: string;
  counter: RequestCounter;
  /** The lab clock's date, sent as the Date header (never the real time). */
  now: () => Date;
  /** The answer to a thrown HttpError that carries no body of its own, in the origin's error style. */
  renderError: (exchange: Exchange, error: HttpError) => void;
}

export class Router {
  private readonly routes = new Map<string, Handler>();
  private readonly prefixes: [string, string, Handler][] = [];

  constructor(private readonly options: RouterOptions) {}

  on(method: string, path: string, handler: Handler): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  /** Routes every path under `prefix` (e.g. `/finesse/api/User/`) to one handler. */
  onPrefix(method: string, prefix: string, handler: Handler): this {
    this.prefixes.push([method, prefix, handler]);
    return this;
  }

  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    res.sendDate = false;
    res.setHeader('date', this.options.now().toUTCString());
    let exchange: Exchange;
    try {
      exchange = new Exchange(req, res, this.options.origin);
    } catch {
      // A request target that is not a URL (e.g. `GET http://[bad`) must not take the lab down.
      res.writeHead(400, { 'content-type': 'text/plain;charset=UTF-8', 'cache-control': 'no-store' });
      res.end('malformed request target');
      return;
    }
    const key = `${exchange.method} ${exchange.url.pathname}`;
    this.options.counter.add(`${this.options.name} ${key}`);
    const handler =
      this.routes.get(key) ?? this.prefixes.find(([method, prefix]) => method === exchange.method && exchange.url.pathname.startsWith(prefix))?.[2];
    const answer = handler ? Promise.resolve().then(() => handler(exchange)) : Promise.reject(new HttpError(404, `no route for ${key}`));
    answer.catch((error: unknown) => this.fail(exchange, error));
  };

  private fail(exchange: Exchange, error: unknown): void {
    if (exchange.res.headersSent) {
      exchange.res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      if (error.body) exchange.send(error.status, error.body.text, error.body.contentType, { 'cache-control': 'no-store' });
      else this.options.renderError(exchange, error);
      return;
    }
    process.stderr.write(`[mock ${this.options.name}] ${exchange.method} ${exchange.url.pathname} failed: ${(error as Error).stack ?? String(error)}\n`);
    exchange.json(500, { error: 'server_error', error_description: 'internal error in the mock lab' });
  }
}
