import { randomBytes } from 'node:crypto';
import type { MockClock } from '../clock.ts';
import type { LabEvents } from '../events.ts';
import { HttpError, serializeCookie, type Exchange } from '../http/exchange.ts';
import { Router, type RequestCounter } from '../http/router.ts';
import { escapeHtml } from '../http/html.ts';
import type { LogFolder } from '../logs/log-folder.ts';
import { DESKTOP_VARIANTS, type DesktopTraits, type LabSettings } from '../settings.ts';
import type { IdentityService } from '../ids/identity-service.ts';
import { IdsUnreachable, type IdsClient } from './ids-client.ts';
import { WebservicesLog } from './webservices-log.ts';
import { DesktopPresence, PRESENCE_LOGOUT_REASON_CODE, presenceLossOutcome } from './desktop-presence.ts';
import type { AgentPresence } from './user-api.ts';
import { addRestApiRoutes } from './rest-api-routes.ts';
import { desktopPage, signedOutPage, ssoTestPage, DESKTOP_SCRIPT } from './desktop-page.ts';
import { hostileDesktopParts } from '../hostile/carriers.ts';
import { addHostileRoutes } from '../hostile/hostile-desktop.ts';
import type { HostileSecrets } from '../hostile/hostile-secrets.ts';

export const SESSION_COOKIE = 'JSESSIONID';
/**
 * The access token as Finesse keeps it for the native desktop: a session cookie (TAC 215626, §4.1), set on
 * the token GET when the lab's `tokenStorage` is `sessionCookie`. Its name and attributes are INFERRED.
 */
export const TOKEN_COOKIE = 'finesse_access_token';
const STATE_COOKIE = 'finesse_sso_state';

/** One signed-in desktop session: the tokens of the current login, held server-side as Finesse does. */
interface FinesseSession {
  userId: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface FinesseServerOptions {
  origin: string;
  host: string;
  idsAuthorizeUrl: string;
  clientId: string;
  redirectUri: string;
  ids: IdsClient;
  identity: IdentityService;
  clock: MockClock;
  settings: () => LabSettings;
  counter: RequestCounter;
  events: LabEvents;
  logs: LogFolder;
  /** What the desktop carries when the lab is hostile (setting `hostile`). */
  hostileSecrets: HostileSecrets;
}

export interface FinesseState {
  reset(): void;
}

/** The Finesse side: the desktop, its SSO endpoints and presence here; the REST API in rest-api-routes.ts. */
export function finesseRouter(options: FinesseServerOptions): { router: Router; state: FinesseState } {
  const { clock, events, settings } = options;
  const log = new WebservicesLog(options.logs, () => clock.date());
  const sessions = new Map<string, FinesseSession>();
  const presence = new Map<string, AgentPresence>();

  const desktopPresence = new DesktopPresence(clock, (userId) => presenceLost(userId), events);
  // What Finesse does once a desktop's presence is gone (DevNet: Desktop Presence and Forced Logout): Unified CCE puts the
  // agent in NOT_READY (reason code 255) unless Logout on Agent Disconnect is on; Unified CCX, or LOAD on, logs the agent out.
  const presenceLost = (userId: string) => {
    // Presence acts on an agent who is signed in; one the desktop already signed out (its page
    // then closes the stream) has nothing left to lose, whatever server sessions remain.
    if (presenceOf(userId).state === 'LOGOUT') return;
    const ended = [...sessions].filter(([, session]) => session.userId === userId);
    if (ended.length === 0) return;
    const { deploymentType, logoutOnAgentDisconnect } = settings();
    const thread = 'PresenceMonitor-1';
    if (presenceLossOutcome(deploymentType, logoutOnAgentDisconnect) === 'NOT_READY') {
      presence.set(userId, { ...presenceOf(userId), state: 'NOT_READY', reasonCodeId: PRESENCE_LOGOUT_REASON_CODE, changedAt: clock.now() });
      log.presenceNotReady(thread, userId, PRESENCE_LOGOUT_REASON_CODE);
      events.record(clock.now(), 'agent-state', userId, { state: 'NOT_READY', reason: 'presence-loss', reasonCode: PRESENCE_LOGOUT_REASON_CODE });
      return;
    }
    for (const [id] of ended) sessions.delete(id);
    presence.set(userId, { state: 'LOGOUT', changedAt: clock.now() });
    log.presenceLogout(thread, userId, PRESENCE_LOGOUT_REASON_CODE);
    log.signedOut(thread, userId, 'presence loss');
    events.record(clock.now(), 'sign-out', userId, { reason: 'presence-loss', reasonCode: PRESENCE_LOGOUT_REASON_CODE });
  };

  const sessionOf = (exchange: Exchange): FinesseSession | undefined => sessions.get(exchange.cookies[SESSION_COOKIE] ?? '');
  const requireSession = (exchange: Exchange): FinesseSession => {
    const session = sessionOf(exchange);
    if (!session)
      throw new HttpError(401, 'No SSO session', {
        contentType: 'application/json;charset=UTF-8',
        text: JSON.stringify({ errorType: 'Unauthorized', errorData: '', errorMessage: 'NO TOKEN' }),
      });
    return session;
  };
  const tokenCookie = (token: string): Record<string, string> =>
    settings().tokenStorage === 'sessionCookie' ? { 'set-cookie': serializeCookie(TOKEN_COOKIE, token, { path: '/desktop', sameSite: 'Strict' }) } : {};
  const presenceOf = (userId: string): AgentPresence => presence.get(userId) ?? { state: 'LOGOUT', changedAt: clock.now() };

  const router = new Router({
    name: 'finesse',
    origin: options.origin,
    counter: options.counter,
    now: () => clock.date(),
    renderError: (exchange, error) => exchange.html(error.status, `<!doctype html><title>Error</title><p role="alert">${escapeHtml(error.message)}</p>`),
  });

  /** Where each started sign-in returns (by its state): the desktop, or the fetch API's URL that started it. */
  const returnTo = new Map<string, string>();
  const startSso = (exchange: Exchange, afterSignIn = '/desktop') => {
    const state = randomBytes(12).toString('hex');
    returnTo.set(state, afterSignIn);
    const target = new URL(options.idsAuthorizeUrl);
    target.search = new URLSearchParams({ client_id: options.clientId, redirect_uri: options.redirectUri, response_type: 'code', state }).toString();
    exchange.redirect(target.href, { 'set-cookie': serializeCookie(STATE_COOKIE, state, { path: '/desktop' }) });
  };

  router.on('GET', '/desktop', (exchange) => {
    if (!sessionOf(exchange)) return startSso(exchange);
    const current = settings();
    const traits: DesktopTraits = DESKTOP_VARIANTS[current.desktopVariant];
    exchange.html(
      200,
      desktopPage(
        {
          tokenStorage: current.tokenStorage,
          refreshAtFraction: current.refreshAtFraction,
          maxRetries: current.maxRetries,
          retryIntervalMs: current.retryIntervalS * 1000,
          graceMs: current.graceS * 1000,
          bannerText: traits.bannerText ?? current.bannerText,
          traits,
        },
        current.hostile ? hostileDesktopParts(options.hostileSecrets) : undefined,
      ),
    );
  });

  // The desktop's way back when the refresh token expired: the session ends here and a new SSO
  // round trip starts, silent while the IdP session lives, the IdP's sign-in form when it does not.
  router.on('GET', '/desktop/sso/reauthenticate', (exchange) => {
    const session = sessionOf(exchange);
    if (session) {
      sessions.delete(exchange.cookies[SESSION_COOKIE]!);
      log.reauthenticating(log.nextThread(), session.userId);
      events.record(clock.now(), 'reauthenticate', session.userId);
    }
    startSso(exchange);
  });

  addHostileRoutes(router, options.hostileSecrets, () => settings().hostile);
  router.on('GET', '/desktop/assets/desktop.js', (exchange) =>
    exchange.send(200, DESKTOP_SCRIPT, 'text/javascript;charset=UTF-8', { 'cache-control': 'no-cache' }),
  );

  router.on('GET', '/desktop/sso/authcode', async (exchange) => {
    const code = exchange.query('code');
    const state = exchange.query('state');
    if (!code || !state || exchange.cookies[STATE_COOKIE] !== state)
      throw new HttpError(400, 'The sign-in answer does not match a sign-in this browser started. Open the desktop again.');
    const thread = log.nextThread();
    const answer = await options.ids.postToken(new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: options.redirectUri }));
    if (answer.status !== 200) throw new HttpError(401, `The Identity Service refused the sign-in (${answer.status}).`);
    const grant = JSON.parse(answer.body) as { access_token: string; refresh_token: string; expires_in: number };
    const claims = await options.identity.validAccess(grant.access_token);
    if (!claims) throw new HttpError(502, 'The Identity Service issued an unusable token.');
    const sessionId = randomBytes(24).toString('base64url');
    sessions.set(sessionId, { userId: claims.user_id, accessToken: grant.access_token, refreshToken: grant.refresh_token, expiresIn: grant.expires_in });
    log.signedIn(thread, claims.user_id);
    const target = returnTo.get(state) ?? '/desktop';
    returnTo.delete(state);
    exchange.redirect(target, {
      'set-cookie': [serializeCookie(SESSION_COOKIE, sessionId), serializeCookie(STATE_COOKIE, '', { path: '/desktop', maxAgeS: 0 })],
    });
  });

  // The fetch API (DevNet client integration, §2.4): without a session it redirects to the IdS (and on to the IdP) and
  // comes back here; `cc_username` (query or cookie) names the user, INFERRED: a session of another user counts as none;
  // `refresh_token` only with `return_refresh_token=true`.
  router.on('GET', '/desktop/sso/token', (exchange) => {
    // The GET form of a refresh (TAC-215626): `refresh-token` in the query; never cacheable.
    if (exchange.query('refresh-token') !== undefined) return refreshSession(exchange, exchange.query('token'), { 'cache-control': 'no-store' });
    const session = sessionOf(exchange);
    const named = exchange.query('cc_username') ?? exchange.cookies.cc_username;
    if (!session || (named !== undefined && named.toLowerCase() !== session.userId.toLowerCase()))
      return startSso(exchange, exchange.url.pathname + exchange.url.search);
    const claims = { user_id: session.userId, realm: options.identity.identity.realm };
    events.record(clock.now(), 'token-response', session.userId, { profile: settings().profile });
    // The defect: `affected` lets the browser keep this answer for the refresh token's lifetime. INFERRED: no source shows
    // Finesse's Cache-Control for this answer; the seed's stale token is explained by a cached answer (reference §1.5).
    const cacheControl = settings().profile === 'affected' ? `private, max-age=${settings().refreshTtlS}` : 'no-store';
    const refreshToken = exchange.query('return_refresh_token') === 'true' ? { refresh_token: session.refreshToken } : {};
    exchange.json(
      200,
      {
        token: session.accessToken,
        ...refreshToken,
        expires_in: session.expiresIn,
        user_id: claims.user_id,
        realm: claims.realm,
        user_principal: `${claims.user_id}@${claims.realm}`,
      },
      // A browser's HTTP cache keeps no Set-Cookie (Chromium stores responses without cookies): a cached answer sets none.
      { 'cache-control': cacheControl, ...tokenCookie(session.accessToken) },
    );
  });

  router.on('POST', '/desktop/sso/token', async (exchange) => refreshSession(exchange, (await exchange.form()).get('token') ?? undefined));

  /** A refresh, in either form: the access token the desktop presents, paired by Finesse with the refresh token of the current login. */
  async function refreshSession(exchange: Exchange, presented: string | undefined, headers: Record<string, string> = {}): Promise<void> {
    const session = requireSession(exchange);
    // INFERRED: with the token in Finesse's session cookie, the cookie is the desktop's token of record; the presented `token`
    // (what the page holds) counts when the cookie is gone, e.g. after a browser restart answered from the cache.
    const accessToken = exchange.cookies[TOKEN_COOKIE] ?? presented;
    if (!accessToken)
      throw new HttpError(400, 'Missing parameter: token', {
        contentType: 'application/json;charset=UTF-8',
        text: JSON.stringify({ errorType: 'Invalid Input', errorData: 'token', errorMessage: 'Missing parameter: token' }),
      });
    const thread = log.nextThread();
    // INFERRED: Finesse pairs the access token the desktop presents with the refresh token of the current login, held
    // server-side. Supported, not stated, by DevNet's refresh example (the new token names a new `rt`, no `refresh_token` returned).
    const request = new URLSearchParams({ grant_type: 'refresh_token', access_token: accessToken, refresh_token: session.refreshToken });
    let answer;
    try {
      answer = await options.ids.postToken(request);
    } catch (error) {
      if (!(error instanceof IdsUnreachable)) throw error;
      log.idsUnreachable(thread, options.ids.tokenUrl, error.message, request.toString());
      exchange.json(503, { errorType: 'Service Unavailable', errorData: '', errorMessage: 'Identity Service unreachable' }, headers);
      return;
    }
    if (answer.status !== 200) {
      log.refreshRefused(thread, options.ids.tokenUrl, answer.status, answer.body, request.toString());
      let apiErrorBody = { errorType: 'Invalid Token', errorData: '', errorMessage: 'Invalid Token' };
      try {
        const parsed = JSON.parse(answer.body) as { error: string; error_description: string };
        apiErrorBody = { errorType: parsed.error, errorData: '', errorMessage: parsed.error_description };
      } catch {
        // keep the generic body
      }
      exchange.json(answer.status === 400 ? 400 : 401, apiErrorBody, headers);
      return;
    }
    const grant = JSON.parse(answer.body) as { access_token: string; refresh_token: string; expires_in: number };
    Object.assign(session, { accessToken: grant.access_token, refreshToken: grant.refresh_token, expiresIn: grant.expires_in });
    log.refreshed(thread, session.userId);
    const realm = options.identity.identity.realm;
    exchange.json(
      200,
      { token: grant.access_token, expires_in: grant.expires_in, user_id: session.userId, realm, user_principal: `${session.userId}@${realm}` },
      { ...headers, ...tokenCookie(grant.access_token) },
    );
  }

  router.on('POST', '/desktop/sso/logout', async (exchange) => {
    const session = sessionOf(exchange);
    const reason = new URLSearchParams(await exchange.text()).get('reason') ?? 'user';
    if (session) {
      sessions.delete(exchange.cookies[SESSION_COOKIE]!);
      presence.set(session.userId, { state: 'LOGOUT', changedAt: clock.now() });
      log.signedOut(log.nextThread(), session.userId, reason);
      events.record(clock.now(), 'sign-out', session.userId, { reason });
    }
    exchange.send(204, '', 'text/plain', {
      'set-cookie': [serializeCookie(SESSION_COOKIE, '', { maxAgeS: 0 }), serializeCookie(TOKEN_COOKIE, '', { path: '/desktop', maxAgeS: 0 })],
    });
  });

  // The desktop's presence: Finesse sees it over a long-lived connection (XMPP/BOSH in the product,
  // one event stream here) and starts its sign-out wait when the connection goes.
  router.on('GET', '/desktop/presence', (exchange) => {
    const session = requireSession(exchange);
    exchange.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    exchange.res.write(': available\n\n');
    desktopPresence.connected(session.userId, exchange.req);
  });

  router.on('GET', '/desktop/signed-out', (exchange) => exchange.html(200, signedOutPage(exchange.query('reason') ?? 'user')));

  router.on('GET', '/desktop/sso/test', async (exchange) => {
    const session = sessionOf(exchange);
    const claims = session ? await options.identity.validAccess(session.accessToken) : undefined;
    const result = claims ? { status: 'true', errorMessage: '' } : { status: 'false', errorMessage: session ? 'AUTH_ERROR' : 'NO TOKEN' };
    exchange.html(claims ? 200 : 401, ssoTestPage(result, claims?.user_id), { 'set-cookie': serializeCookie('ssotest', result.status, { httpOnly: false }) });
  });

  addRestApiRoutes(router, {
    clock,
    events,
    settings,
    host: options.host,
    identity: options.identity,
    logs: options.logs,
    presence,
    presenceOf,
    sessionUser: (exchange) => sessionOf(exchange)?.userId,
  });

  const state: FinesseState = {
    reset: () => {
      sessions.clear();
      presence.clear();
      desktopPresence.reset();
      returnTo.clear();
    },
  };
  return { router, state };
}
