import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError, serializeCookie, type Exchange } from '../http/exchange.ts';
import type { Router } from '../http/router.ts';
import { boshExchange } from './carriers.ts';
import type { HostileSecrets } from './hostile-secrets.ts';

/** The hostile desktop's channels in plain browser JavaScript, served as /desktop/assets/hostile.js. */
const HOSTILE_SCRIPT = readFileSync(new URL('./assets/hostile-desktop.js', import.meta.url), 'utf8');
/** The custom authentication header of the BOSH channel (a name no redaction list has). */
const CUSTOM_AUTH_HEADER = 'x-qz-pass';
/** Another vendor's SSO session cookie. */
const VENDOR_COOKIE = 'zsess';
export const SOCKET_PATH = '/desktop/notify';
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * The routes of a hostile lab on the Finesse server (active only while `hostile()`): the desktop's script,
 * the BOSH endpoint it polls (SASL PLAIN whose password is the access token, the `sid` in every later body,
 * the custom header on each request), the gadget iframe and its makeRequest (`st`).
 */
export function addHostileRoutes(router: Router, secrets: HostileSecrets, hostile: () => boolean): void {
  const whenHostile = (exchange: Exchange): Exchange => {
    if (!hostile()) throw new HttpError(404, 'Not found');
    return exchange;
  };
  router.on('GET', '/desktop/assets/hostile.js', (exchange) =>
    whenHostile(exchange).send(200, HOSTILE_SCRIPT, 'text/javascript;charset=UTF-8', {
      'cache-control': 'no-cache',
      'set-cookie': serializeCookie(VENDOR_COOKIE, secrets.vendorCookie),
    }),
  );
  router.on('POST', '/http-bind/', async (exchange) => {
    whenHostile(exchange);
    if (exchange.req.headers[CUSTOM_AUTH_HEADER] !== secrets.customHeader) throw new HttpError(401, 'missing authentication');
    const body = await exchange.text();
    const plain = /<auth [^>]*mechanism='PLAIN'>([^<]*)<\/auth>/.exec(body)?.[1];
    const user = plain ? (Buffer.from(plain, 'base64').toString('utf8').split('\0')[1] ?? '') : 'agent';
    const [created, authenticated, notified] = boshExchange(secrets, user).map((step) => step.response);
    const answer = !body.includes(`sid='${secrets.boshSid}'`) ? created : plain !== undefined ? authenticated : notified;
    exchange.send(200, answer!, 'text/xml;charset=UTF-8', { 'cache-control': 'no-store' });
  });
  router.on('GET', '/gadgets/ifr', (exchange) => {
    if (whenHostile(exchange).query('st') !== secrets.gadgetSt) throw new HttpError(401, 'bad security token');
    exchange.html(200, GADGET_PAGE);
  });
  router.on('POST', '/gadgets/makeRequest', async (exchange) => {
    if ((await whenHostile(exchange).form()).get('st') !== secrets.gadgetSt) throw new HttpError(401, 'bad security token');
    exchange.json(200, { rc: 200, body: '{"queues":[]}' });
  });
}

/** The gadget: it asks its container for data with makeRequest, its security token in the form body. */
const GADGET_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Queue statistics</title></head><body><p>Queue statistics</p><script>
fetch('/gadgets/makeRequest', { method: 'POST', body: new URLSearchParams({ url: location.origin + '/finesse/api/Queue/1', httpMethod: 'GET', st: new URLSearchParams(location.search).get('st'), contentType: 'JSON' }) });
</script></body></html>`;

/** The first (text) frame a client sent, unmasked; undefined until it has fully arrived (RFC 6455 §5.2). */
function firstTextFrame(bytes: Buffer): string | undefined {
  if (bytes.length < 2) return undefined;
  let length = bytes[1]! & 0x7f;
  let at = 2;
  if (length === 126) [length, at] = [bytes.length >= 4 ? bytes.readUInt16BE(2) : Infinity, 4];
  else if (length === 127) [length, at] = [bytes.length >= 10 ? Number(bytes.readBigUInt64BE(2)) : Infinity, 10];
  const mask = bytes.subarray(at, at + 4);
  if (bytes.length < at + 4 + length) return undefined;
  const payload = Buffer.from(bytes.subarray(at + 4, at + 4 + length));
  for (let index = 0; index < payload.length; index++) payload[index]! ^= mask[index % 4]!;
  return payload.toString('utf8');
}

/**
 * The hostile desktop's WebSocket (an `upgrade` listener on the Finesse server): a minimal RFC 6455 handshake, the first
 * text frame read (its ticket checked), one frame answered, then closed. Nothing else of the protocol is needed.
 */
export function hostileSocketUpgrade(secrets: HostileSecrets, hostile: () => boolean): (req: IncomingMessage, socket: Duplex) => void {
  return (req, socket) => {
    const key = req.headers['sec-websocket-key'];
    if (!hostile() || new URL(req.url ?? '/', 'https://finesse').pathname !== SOCKET_PATH || typeof key !== 'string') {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const accept = createHash('sha1')
      .update(key + WEBSOCKET_GUID)
      .digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('error', () => socket.destroy());
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const text = firstTextFrame(received);
      if (text === undefined) return;
      socket.removeAllListeners('data');
      const welcome = Buffer.from(JSON.stringify({ op: text.includes(secrets.socketTicket) ? 'welcome' : 'refused' }));
      socket.end(Buffer.concat([Buffer.from([0x81, welcome.length]), welcome, Buffer.from([0x88, 0x00])]));
    });
  };
}
