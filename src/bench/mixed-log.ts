/**
 * The bench's mixed log: client, webservices and IdS lines of 600 agents over several days in the seed's formats,
 * mostly healthy, with one incident of each kind; deterministic (seeded), so a cached log is the same everywhere.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { DESKTOP_LOG_COMPONENT, desktopLogText } from '../kernel/desktop-log.ts';

/** Bump when the generator changes, so a stale cached log is not measured. */
export const GENERATOR_VERSION = 1;
/** Lines are written in chunks of about this many bytes. */
const FLUSH_BYTES = 4 * 2 ** 20;

const AGENTS = 600;
const REFRESH_EVERY_S = 225;
const SHIFT_S = 8 * 3600;
const NOISE_LINES_PER_S = 20;
const START = Date.UTC(2026, 2, 2, 6, 0, 0);
const DAY_MS = 86_400_000;
const CLIENT_ID = '16591e94d537a823ff73b8ca6e18f6f7faf4d94c';
const IDS_URL = 'https://ids.lab.test:8553/ids/v1/oauth/access_token';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** mulberry32: a small, fast, seeded generator, so the cached log is the same on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function serverTime(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} UTC(+0000)`;
}

function clientTimes(at: number, browserAt: number): string {
  const d = new Date(at);
  const b = new Date(browserAt);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} +00:00` +
    `: %S: finesse.lab.test: ${MONTHS[b.getUTCMonth()]} ${pad(b.getUTCDate())} ${b.getUTCFullYear()} ${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}.${pad(b.getUTCMilliseconds(), 3)} +0000`
  );
}

interface Agent {
  id: string;
  extension: number;
  session: string;
  refreshId: string;
  previousRefreshId: string;
  /** Browser clock offset, ms (one agent's PC is ten minutes slow). */
  clockMs: number;
}

/** Writes about `bytes` of interleaved client, webservices and IdS lines in time order. */
export function generateMixedLog(file: string, bytes: number): void {
  const next = random(212067);
  const hex = (length: number) => {
    let text = '';
    while (text.length < length)
      text += Math.floor(next() * 2 ** 32)
        .toString(16)
        .padStart(8, '0');
    return text.slice(0, length);
  };
  const agents: Agent[] = Array.from({ length: AGENTS }, (_, index) => ({
    id: `agent${index + 1}`,
    extension: 1001 + index,
    session: hex(6).toUpperCase(),
    refreshId: hex(40),
    previousRefreshId: hex(40),
    clockMs: index === 33 ? -600_000 : 0,
  }));
  const fd = openSync(file, 'w');
  let written = 0;
  let buffer: string[] = [];
  let buffered = 0;
  const emit = (line: string) => {
    buffer.push(line);
    buffered += line.length + 1;
    if (buffered > FLUSH_BYTES) flush();
  };
  const flush = () => {
    written += writeSync(fd, `${buffer.join('\n')}\n`);
    buffer = [];
    buffered = 0;
  };
  const later = new Map<number, string[]>();
  const schedule = (at: number, line: string) => {
    const second = Math.floor(at / 1000);
    later.set(second, [...(later.get(second) ?? []), line]);
  };

  const ws = (at: number, thread: string, level: string, logger: string, source: string, message: string) =>
    `${serverTime(at)} [${thread}] ${level} ${logger} ${source} - ${message}`;
  const ids = (at: number, thread: string, level: string, source: string, message: string) =>
    `${serverTime(at)} [${thread}] ${level} com.cisco.ccbu.ids ${source} - ${message}`;
  const client = (agent: Agent, at: number, component: string, message: string) =>
    `${clientTimes(at, at + agent.clockMs + Math.floor(next() * 20)).replace('%S', agent.session)}: ${component} : ${message}`;
  const jwe = () => `eyJhbGciOiJkaXIiLCJjdHkiOiJKV1QiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0..${hex(22)}.${hex(600)}.${hex(22)}`;
  let thread = 180;

  const createPair = (agent: Agent, at: number) => {
    agent.previousRefreshId = agent.refreshId;
    agent.refreshId = hex(40);
    const name = `IdSEndPoints-${(thread += 1)}`;
    emit(
      ids(
        at,
        name,
        'INFO',
        'IdSAccessTokenEndPoint.java:211',
        `Created refresh-token {"ids_id":"ids.lab.test","client_id":"${CLIENT_ID}","token":"${agent.refreshId}","expiry":${at + 36_000_000},"usage":"refresh","ver":"1.0"}`,
      ),
    );
    emit(
      ids(
        at,
        name,
        'INFO',
        'IdSAccessTokenEndPoint.java:214',
        `Created access-token {"scope":["ccc_onprem_apps"],"rt":"${agent.refreshId}","user_id":"${agent.id}","realm":"lab.test","upn":"${agent.id}@lab.test","ids_id":"ids.lab.test","client_id":"${CLIENT_ID}","token":"${hex(40)}","expiry":${at + 300_000},"usage":"access","ver":"1.0"}`,
      ),
    );
  };
  const noise = (at: number) => {
    const agent = agents[Math.floor(next() * AGENTS)]!;
    const roll = next();
    const exec = `http-apr-8445-exec-${1 + Math.floor(next() * 200)}`;
    if (roll < 0.3)
      emit(
        ws(
          at,
          exec,
          'INFO',
          'c.c.c.f.api.UserResource',
          'UserResource.java:173',
          `GET /finesse/api/User/${agent.id} status=200 time=${Math.floor(next() * 40)}ms`,
        ),
      );
    else if (roll < 0.45)
      emit(
        ws(
          at,
          exec,
          'DEBUG',
          'c.c.c.f.xmpp.NotificationPublisher',
          'NotificationPublisher.java:88',
          `Published <Update><event>PUT</event><requestId/><source>/finesse/api/User/${agent.id}</source><state>READY</state></Update> to ${agent.id}@lab.test`,
        ),
      );
    else if (roll < 0.55)
      emit(
        ws(
          at,
          exec,
          'INFO',
          'c.c.c.f.api.DialogResource',
          'DialogResource.java:412',
          `PUT /finesse/api/Dialog/${Math.floor(next() * 1e8)} action=ANSWER extension=${agent.extension} status=202`,
        ),
      );
    else if (roll < 0.75)
      emit(client(agent, at, 'ClientServices', `Received update for /finesse/api/User/${agent.id}: state READY, reasonCodeId -1, pendingState none`));
    else if (roll < 0.85) emit(client(agent, at, 'Dialog', `Call ${Math.floor(next() * 1e8)} state ACTIVE on extension ${agent.extension}`));
    else if (roll < 0.95)
      emit(
        ids(at, `IdSEndPoints-${(thread += 1)}`, 'DEBUG', 'IdSTokenValidator.java:64', `Validated access token for client_id ${CLIENT_ID} user ${agent.id}`),
      );
    else if (roll < 0.998) emit(client(agent, at, 'MediaPlugin', `Heartbeat ok, latency ${Math.floor(next() * 80)} ms`));
    else {
      emit(ws(at, exec, 'WARN', 'c.c.c.f.xmpp.XMPPClient', 'XMPPClient.java:301', 'Connection to the notification service lost, reconnecting'));
      emit('java.io.IOException: Broken pipe');
      for (let frame = 0; frame < 6; frame += 1) emit(`\tat org.jivesoftware.smack.tcp.PacketWriter$WriterThread.run(PacketWriter.java:${200 + frame})`);
    }
  };

  /** One incident of each signature, on fixed agents and days. */
  const incidents = (day: number, second: number, at: number) => {
    if (second !== 4 * 3600) return;
    if (day === 0) {
      const agent = agents[7]!;
      const stale = agent.refreshId;
      createPair(agent, at - 21_000);
      emit(
        ids(
          at,
          `IdSEndPoints-${(thread += 1)}`,
          'WARN',
          'IdSRefreshTokenRequestValidator.java:115',
          `refresh token id mismatch.. refresh token id in refresh token is ${agent.refreshId}; in access token is ${stale}`,
        ),
      );
      emit(ids(at, `IdSEndPoints-${thread}`, 'ERROR', 'IdSOAuthEndPoint.java:45', 'Exception processing auth request.'));
      emit('org.apache.oltu.oauth2.common.exception.OAuthProblemException: Invalid Token, Invalid Token');
      refused(at + 2);
      for (let retry = 1; retry <= 3; retry += 1)
        schedule(
          at + retry * 60_000,
          client(
            agent,
            at + retry * 60_000,
            DESKTOP_LOG_COMPONENT,
            desktopLogText('refreshFailed', { status: 401, attempt: retry, maxRetries: 3, retryInS: 60 }),
          ),
        );
      schedule(at + 180_100, client(agent, at + 180_100, DESKTOP_LOG_COMPONENT, desktopLogText('retriesExhausted', { maxRetries: 3 })));
      schedule(at + 791_000, client(agent, at + 791_000, DESKTOP_LOG_COMPONENT, desktopLogText('signingOut')));
    } else if (day === 1) {
      const agent = agents[13]!;
      emit(
        ids(
          at,
          `IdSEndPoints-${(thread += 1)}`,
          'WARN',
          'IdSRefreshTokenRequestValidator.java:98',
          `refresh token expired.. refresh token id ${agent.refreshId} expired at ${new Date(at - 1000).toISOString()}`,
        ),
      );
      emit(ids(at, `IdSEndPoints-${thread}`, 'ERROR', 'IdSOAuthEndPoint.java:45', 'Exception processing auth request.'));
      emit('org.apache.oltu.oauth2.common.exception.OAuthProblemException: Invalid Token, Invalid Token');
      refused(at + 3);
    } else if (day === 2) {
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const when = at + attempt * 20_000;
        schedule(
          when,
          ws(
            when,
            'http-apr-8445-exec-9',
            'ERROR',
            'c.c.c.c.ids.client.IdsRESTClient',
            'IdsRESTClient.java:127',
            `Error refreshing access token with request: <grant_type=refresh_token&access_token=${jwe()}&refresh_token=${jwe()}>`,
          ),
        );
        schedule(when, `com.cisco.ccbu.common.ids.client.IdsRestClientException: java.net.ConnectException: Connection refused (${IDS_URL})`);
      }
    } else if (day === 3) {
      emit(
        ws(
          at,
          'PresenceMonitor-1',
          'INFO',
          'c.c.c.f.p.PresenceMonitor',
          'PresenceMonitor.java:211',
          `Forcing logout of user ${agents[21]!.id} after presence loss; reasonCode=255`,
        ),
      );
    }
  };
  const refused = (at: number) => {
    const exec = 'http-apr-8445-exec-2';
    const body = '{"error":"Invalid Token","error_description":"Invalid Token"}';
    emit(ws(at, exec, 'WARN', 'c.c.c.common.ids.client.util.Utils', 'Utils.java:526', `${IDS_URL} threw error ${body}`));
    emit(
      ws(at, exec, 'INFO', 'c.c.c.c.i.c.APIErrorDeserializer', 'APIErrorDeserializer.java:64', `Received JSON response from REST Call. Response is : ${body}`),
    );
    emit(
      ws(
        at,
        exec,
        'INFO',
        'c.c.c.c.i.c.APIErrorDeserializer',
        'APIErrorDeserializer.java:87',
        'The APIError constructed is {"errorType":"Invalid Token","errorData":"","errorMessage":"Invalid Token"}',
      ),
    );
    emit(
      ws(
        at,
        exec,
        'ERROR',
        'c.c.c.c.ids.client.IdsRESTClient',
        'IdsRESTClient.java:127',
        `Error refreshing access token with request: <grant_type=refresh_token&access_token=${jwe()}&refresh_token=${jwe()}>`,
      ),
    );
    emit(`com.cisco.ccbu.common.ids.client.IdsRestClientException: 401 : ${body}`);
  };

  for (let day = 0; written + buffered < bytes; day += 1) {
    const dayStart = START + day * DAY_MS;
    for (let second = 0; second < SHIFT_S && written + buffered < bytes; second += 1) {
      const at = dayStart + second * 1000;
      incidents(day, second, at);
      for (const line of later.get(Math.floor(at / 1000)) ?? []) emit(line);
      later.delete(Math.floor(at / 1000));
      for (let index = second % REFRESH_EVERY_S; index < AGENTS; index += REFRESH_EVERY_S) {
        const agent = agents[index]!;
        const when = at + index;
        if (second < REFRESH_EVERY_S) {
          agent.session = hex(6).toUpperCase();
          createPair(agent, when);
          emit(
            ws(
              when,
              'http-apr-8445-exec-1',
              'INFO',
              'c.c.c.f.sso.SSOAuthCodeServlet',
              'SSOAuthCodeServlet.java:143',
              `SSO sign-in complete for user ${agent.id}; tokens received from the IdS`,
            ),
          );
          emit(client(agent, when + 400, DESKTOP_LOG_COMPONENT, desktopLogText('signedIn', { userId: agent.id, extension: agent.extension })));
        } else {
          createPair(agent, when);
          emit(
            ws(
              when,
              'http-apr-8445-exec-3',
              'INFO',
              'c.c.c.c.ids.client.IdsRESTClient',
              'IdsRESTClient.java:104',
              `Access token refreshed for user ${agent.id}`,
            ),
          );
          emit(client(agent, when + 150, DESKTOP_LOG_COMPONENT, desktopLogText('refreshed', { note: '', nextInS: REFRESH_EVERY_S })));
        }
      }
      for (let line = 0; line < NOISE_LINES_PER_S; line += 1) noise(at + line * 50);
    }
  }
  flush();
  closeSync(fd);
}
