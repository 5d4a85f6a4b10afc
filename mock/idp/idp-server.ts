import { randomBytes, type KeyObject } from 'node:crypto';
import type { MockClock } from '../clock.ts';
import type { LabEvents } from '../events.ts';
import { HttpError, serializeCookie, type Exchange } from '../http/exchange.ts';
import { autoPostPage, escapeHtml } from '../http/html.ts';
import { Router, type RequestCounter } from '../http/router.ts';
import { SamlError, decodeAuthnRequest, encodeSignedResponse, type AuthnRequest } from '../saml.ts';
import type { LabSettings } from '../settings.ts';
import { findAgent } from '../agents.ts';
import { IDX_ANSWER_PATH, SIGN_IN_FORMS, STAY_SIGNED_IN_FIELDS, staySignedInPage } from './sign-in-forms.ts';

export interface IdpServerOptions {
  origin: string;
  entityId: string;
  signingKey: KeyObject;
  clock: MockClock;
  settings: () => LabSettings;
  counter: RequestCounter;
  events: LabEvents;
  password: () => string;
}

/** The IdP session cookie (ADFS's name, whatever form is served); a session cookie, so a browser restart ends the IdP session. */
export const IDP_SESSION_COOKIE = 'MSISAuth';
const SSO_PATH = '/adfs/ls/';
const ASSERTION_LIFETIME_MS = 5 * 60_000;
/** How long a passed Identity Engine password step waits for the browser to follow its redirect (INFERRED). */
const STATE_TOKEN_LIFETIME_MS = 60_000;
const WRONG_CREDENTIALS = 'Incorrect user ID or password. Type the correct user ID and password, and try again.';

interface IdpSession {
  userId: string;
  /** SessionIndex in the assertions: names the session without revealing its cookie. */
  index: string;
  expiresAt: number;
}

/** `agent001`, `agent001@lab.test` and `LAB\agent001` all name agent001, as ADFS accepts. */
function accountName(input: string): string {
  return input.trim().replace(/^.*\\/, '').replace(/@.*$/, '');
}

/**
 * An identity provider: the sign-in form of the configured kind (`idpKind`: ADFS, Okta, Entra ID,
 * PingFederate or generic), a session cookie for silent SSO, and a signed SAML answer.
 */
export function idpRouter(options: IdpServerOptions): Router {
  const { clock } = options;
  const sessions = new Map<string, IdpSession>();

  const readRequest = (exchange: Exchange): AuthnRequest => {
    try {
      return decodeAuthnRequest(exchange.query('SAMLRequest') ?? '');
    } catch (error) {
      if (error instanceof SamlError) throw new HttpError(400, error.message);
      throw error;
    }
  };

  /** The assertion, stamped with the IdP's own clock (`idpClockSkewS` off the lab's), for the session it belongs to. */
  const answer = (exchange: Exchange, request: AuthnRequest, session: IdpSession, headers: Record<string, string> = {}) => {
    const idpNow = clock.now() + options.settings().idpClockSkewS * 1000;
    const samlResponse = encodeSignedResponse(
      {
        inResponseTo: request.id,
        nameId: session.userId,
        issuer: options.entityId,
        audience: request.issuer,
        notBefore: idpNow,
        notOnOrAfter: idpNow + ASSERTION_LIFETIME_MS,
        sessionIndex: session.index,
        sessionNotOnOrAfter: session.expiresAt,
      },
      new Date(idpNow),
      options.signingKey,
    );
    exchange.html(200, autoPostPage('Working...', request.acsUrl, { SAMLResponse: samlResponse, RelayState: exchange.query('RelayState') ?? '' }), headers);
  };

  const router = new Router({
    name: 'idp',
    origin: options.origin,
    counter: options.counter,
    now: () => clock.date(),
    renderError: (exchange, error) => exchange.html(error.status, signInErrorPage(error.message)),
  });

  /** Sign-ins that passed the password and wait for the "Stay signed in?" answer. */
  const awaitingStaySignedIn = new Map<string, string>();
  /** Identity Engine sign-ins that passed the JSON password step, by the `stateToken` of the redirect they answered with. */
  const passedIdxSteps = new Map<string, { userId: string; expiresAt: number }>();

  const startSession = (exchange: Exchange, request: AuthnRequest, userId: string, persistent: boolean) => {
    const ttlS = options.settings().idpSessionTtlS;
    const sessionId = randomBytes(24).toString('base64url');
    const session = { userId, index: `_${randomBytes(16).toString('hex')}`, expiresAt: clock.now() + ttlS * 1000 };
    sessions.set(sessionId, session);
    options.events.record(clock.now(), 'idp-sign-in', userId);
    answer(exchange, request, session, { 'set-cookie': serializeCookie(IDP_SESSION_COOKIE, sessionId, persistent ? { maxAgeS: ttlS } : {}) });
  };

  router.on('GET', SSO_PATH, (exchange) => {
    const request = readRequest(exchange);
    const redirectUrl = options.settings().idpRedirectUrl;
    if (redirectUrl) {
      exchange.redirect(redirectUrl);
      return;
    }
    const stateToken = exchange.query('stateToken');
    const passed = stateToken === undefined ? undefined : passedIdxSteps.get(stateToken);
    if (stateToken !== undefined && passed) {
      passedIdxSteps.delete(stateToken);
      if (passed.expiresAt <= clock.now()) throw new HttpError(400, 'This sign-in has expired or was already completed. Start again.');
      startSession(exchange, request, passed.userId, false);
      return;
    }
    const session = sessions.get(exchange.cookies[IDP_SESSION_COOKIE] ?? '');
    if (session && session.expiresAt > clock.now()) {
      options.events.record(clock.now(), 'idp-silent-sign-in', session.userId);
      answer(exchange, request, session);
      return;
    }
    const form = SIGN_IN_FORMS[options.settings().idpKind];
    exchange.html(200, form.page({ action: SSO_PATH + exchange.url.search, userName: '', step: form.twoStep ? 'user' : 'password' }));
  });

  router.on('POST', SSO_PATH, async (exchange) => {
    const request = readRequest(exchange);
    const posted = await exchange.form();
    const form = SIGN_IN_FORMS[options.settings().idpKind];
    const action = SSO_PATH + exchange.url.search;

    const flow = posted.get(STAY_SIGNED_IN_FIELDS.flow);
    if (form.staySignedIn && flow !== null) {
      const userId = awaitingStaySignedIn.get(flow);
      if (!userId) throw new HttpError(400, 'This sign-in has expired or was already completed. Start again.');
      awaitingStaySignedIn.delete(flow);
      startSession(exchange, request, userId, posted.get(STAY_SIGNED_IN_FIELDS.answer) === '0');
      return;
    }

    const userName = posted.get(form.userField) ?? '';
    if (form.twoStep && !posted.has(form.passwordField)) {
      exchange.html(200, form.page({ action, userName, step: 'password' }));
      return;
    }
    const userId = accountName(userName);
    const agent = findAgent(userId);
    if (!agent || posted.get(form.passwordField) !== options.password()) {
      options.events.record(clock.now(), 'idp-sign-in-failed', userId || undefined);
      exchange.html(200, form.page({ action, userName, step: 'password', error: WRONG_CREDENTIALS }));
      return;
    }
    if (form.staySignedIn) {
      const flowToken = randomBytes(24).toString('base64url');
      awaitingStaySignedIn.set(flowToken, agent.id);
      exchange.html(200, staySignedInPage(action, flowToken));
      return;
    }
    startSession(exchange, request, agent.id, false);
  });

  // The Identity Engine widget's JSON password step (Okta IDX): a JSON answer, then the browser follows `success.href`.
  router.on('POST', IDX_ANSWER_PATH, async (exchange) => {
    readRequest(exchange);
    let step: { identifier?: unknown; credentials?: { passcode?: unknown } } | null;
    try {
      step = JSON.parse(await exchange.text()) as typeof step;
    } catch {
      throw new HttpError(400, 'expected a JSON body');
    }
    const userId = accountName(typeof step?.identifier === 'string' ? step.identifier : '');
    const agent = findAgent(userId);
    if (!agent || step?.credentials?.passcode !== options.password()) {
      options.events.record(clock.now(), 'idp-sign-in-failed', userId || undefined);
      exchange.json(401, { messages: { type: 'array', value: [{ message: WRONG_CREDENTIALS, class: 'ERROR' }] } });
      return;
    }
    const stateToken = randomBytes(24).toString('base64url');
    passedIdxSteps.set(stateToken, { userId: agent.id, expiresAt: clock.now() + STATE_TOKEN_LIFETIME_MS });
    exchange.json(200, { success: { name: 'success-redirect', href: `${SSO_PATH}${exchange.url.search}&stateToken=${stateToken}` } });
  });

  return router;
}

function signInErrorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign In</title></head><body><main><h1>An error occurred</h1><p role="alert">${escapeHtml(message)}</p></main></body></html>`;
}
