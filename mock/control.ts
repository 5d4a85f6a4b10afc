import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { parseDuration } from '../src/kernel/duration.ts';
import type { Lab } from './lab.ts';
import { LOG_STREAMS, type LogKind } from './logs/log-folder.ts';
import { hostileSecretList } from './hostile/hostile-secrets.ts';

/** The header that carries the control secret printed at start. */
export const CONTROL_SECRET_HEADER = 'x-lab-control-secret';
const LOG_KINDS = new Set<string>(LOG_STREAMS);

/**
 * The mock-only control surface (plain HTTP on loopback): the lab clock, settings, request
 * counters, events and logs. Every call needs the secret printed at start; a real lab has none of this.
 */
export function startControlServer(lab: Lab, port: number, address: string): Promise<Server> {
  const expected = Buffer.from(lab.controlSecret);
  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers[CONTROL_SECRET_HEADER] ?? ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const server = createServer((req, res) => {
    handle(lab, req, res, authorized(req)).catch((error: unknown) => reply(res, 400, { error: (error as Error).message }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve(server));
  });
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  res.writeHead(status, { 'content-type': typeof value === 'string' ? 'text/plain;charset=UTF-8' : 'application/json', 'cache-control': 'no-store' });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const value: unknown = text ? JSON.parse(text) : {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
  return value as Record<string, unknown>;
}

async function handle(lab: Lab, req: IncomingMessage, res: ServerResponse, authorized: boolean): Promise<void> {
  if (!authorized) return reply(res, 401, { error: `missing or wrong ${CONTROL_SECRET_HEADER}` });
  const url = new URL(req.url ?? '/', 'http://control');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /clock') return reply(res, 200, { now: lab.clock.now(), aheadMs: lab.clock.aheadMs });
  if (route === 'POST /clock') {
    const body = await readJson(req);
    const advance = body.advance ?? body.advanceMs;
    if (typeof advance !== 'string' && typeof advance !== 'number') throw new Error('expected {"advance": "45m"} or {"advanceMs": 2700000}');
    return reply(res, 200, { now: lab.clock.advance(parseDuration(advance)), aheadMs: lab.clock.aheadMs });
  }
  if (route === 'GET /settings') return reply(res, 200, lab.settings());
  if (route === 'POST /settings') {
    lab.configure(await readJson(req));
    return reply(res, 200, lab.settings());
  }
  if (route === 'GET /requests') return reply(res, 200, lab.requests.snapshot());
  if (route === 'GET /events') return reply(res, 200, lab.events.list());
  // Every secret the lab handed out (hostile carriers and tokens), for leak scans; a real lab's are learned otherwise.
  if (route === 'GET /secrets') return reply(res, 200, { hostile: hostileSecretList(lab.hostileSecrets), issuedTokens: lab.identity.issuedTokens() });
  if (route === 'POST /reset') {
    lab.reset();
    return reply(res, 200, { reset: true });
  }
  const kind = /^GET \/logs\/([a-z]+)$/.exec(route)?.[1];
  if (kind && LOG_KINDS.has(kind)) return reply(res, 200, `${lab.logs.read(kind as LogKind).join('\n')}\n`);
  return reply(res, 404, { error: `no control route ${route}` });
}
