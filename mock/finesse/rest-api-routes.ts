import type { MockClock } from '../clock.ts';
import type { LabEvents } from '../events.ts';
import { decodeOrKeep, type Exchange } from '../http/exchange.ts';
import type { Router } from '../http/router.ts';
import type { LogFolder } from '../logs/log-folder.ts';
import type { LabSettings } from '../settings.ts';
import { findAgent } from '../agents.ts';
import type { IdentityService } from '../ids/identity-service.ts';
import { CLIENT_LOG_PATH, clientLogFileName, logDataOf, loggedMessages, MAX_CLIENT_LOG_BODY_BYTES } from './client-log-api.ts';
import { systemInfoXml } from './system-info.ts';
import { apiError, applyStateChange, parseStateChange, userXml, type AgentPresence } from './user-api.ts';

export interface RestApiDeps {
  clock: MockClock;
  events: LabEvents;
  settings: () => LabSettings;
  host: string;
  identity: IdentityService;
  logs: LogFolder;
  /** The agents' states, shared with the desktop's presence handling, and one agent's (signed out when unknown). */
  presence: Map<string, AgentPresence>;
  presenceOf: (userId: string) => AgentPresence;
  /** The user of the request's web session (JSESSIONID), if any. */
  sessionUser: (exchange: Exchange) => string | undefined;
}

/**
 * The Finesse REST API the desktop uses (DevNet: SystemInfo, User, ClientLog): bearer-token User calls, the
 * web-session ClientLog upload, and SystemInfo in its documented shape.
 */
export function addRestApiRoutes(router: Router, deps: RestApiDeps): void {
  const { clock, events, settings, host, identity, logs, presence, presenceOf, sessionUser } = deps;

  router.on('GET', '/finesse/api/SystemInfo', (exchange) => exchange.xml(200, systemInfoXml(clock.date(), settings().deploymentType, host)));

  const authorizedAgent = async (exchange: Exchange) => {
    if (CLIENT_LOG_PATH.test(exchange.url.pathname))
      throw apiError(405, 'Method Not Allowed', `${exchange.method} HTTP method not allowed for client-side log collection.`);
    const bearer = /^Bearer (.+)$/.exec(exchange.req.headers.authorization ?? '')?.[1];
    const claims = bearer ? await identity.validAccess(bearer) : undefined;
    if (!claims) throw apiError(401, 'Unauthorized', bearer ? 'Invalid or expired token' : 'Missing Bearer token');
    const id = decodeOrKeep(exchange.url.pathname.slice('/finesse/api/User/'.length));
    const agent = findAgent(id);
    if (!agent) throw apiError(404, 'Not Found', `User ${id} not found`);
    if (claims.user_id.toLowerCase() !== agent.id && findAgent(claims.user_id)?.role !== 'Supervisor')
      throw apiError(403, 'Forbidden', 'Not allowed to access this user');
    return agent;
  };

  router.onPrefix('GET', '/finesse/api/User/', async (exchange) => {
    const agent = await authorizedAgent(exchange);
    exchange.xml(200, userXml(agent, presenceOf(agent.id)));
  });

  router.onPrefix('PUT', '/finesse/api/User/', async (exchange) => {
    const agent = await authorizedAgent(exchange);
    const next = applyStateChange(agent, presenceOf(agent.id), parseStateChange(await exchange.text()), clock.now());
    presence.set(agent.id, next);
    events.record(clock.now(), 'agent-state', agent.id, { state: next.state });
    exchange.send(202, '', 'text/plain');
  });

  // Send Error Report (ClientLog API): authenticated by the web session, not a token ("The user is not yet authenticated
  // in the Web Session"), so a desktop whose access token went stale can still send it; the user's own id only.
  router.onPrefix('POST', '/finesse/api/User/', async (exchange) => {
    const id = CLIENT_LOG_PATH.exec(exchange.url.pathname)?.[1];
    if (id === undefined) throw apiError(405, 'Method Not Allowed', 'POST is not allowed here');
    const userId = sessionUser(exchange);
    if (!userId) throw apiError(401, 'Authorization Failure', 'The user is not yet authenticated in the Web Session.');
    if (decodeOrKeep(id).toLowerCase() !== userId)
      throw apiError(401, 'Invalid Authorization User Specified', 'The authenticated user tried to make a request for another user.');
    const logData = logDataOf(await exchange.text(MAX_CLIENT_LOG_BODY_BYTES));
    logs.append('clientlogs', clientLogFileName(userId, clock.date()), logData.split('\n').filter(Boolean));
    for (const message of loggedMessages(logData)) events.record(message.at, 'client-log', userId, { text: message.text });
    exchange.send(202, '', 'text/plain');
  });
}
