import { randomBytes, type KeyObject } from 'node:crypto';
import type { LabClock } from '../clock.ts';
import type { LabEvents } from '../events.ts';
import { HttpError, serializeCookie, type Exchange } from '../http/exchange.ts';
import { autoPostPage, escapeHtml } from '../http/html.ts';
import { Router, type RequestCounter } from '../http/router.ts';
import { SamlError, decodeAuthnRequest, encodeSignedResponse, type AuthnRequest } from '../saml.ts';
import type { LabSettings } from '../settings.ts';
import { findAgent } from '../agents.ts';

export interface IdpServerOptions {
  origin: string;
  entityId: string;
  signingKey: KeyObject;
  clock: LabClock;
  settings: () => LabSettings;
  counter: RequestCounter;
  events: LabEvents;
  password: () => string;
}

/** ADFS's session cookie name; a session cookie, so a browser restart ends the IdP session. */
export const IDP_SESSION_COOKIE = 'MSISAuth';
const SSO_PATH = '/adfs/ls/';
const ASSERTION_LIFETIME_MS = 5 * 60_000;

interface IdpSession {
  userId: string;
  expiresAt: number;
}

/** `agent001`, `agent001@lab.test` and `LAB\agent001` all name agent001, as ADFS accepts. */
function accountName(input: string): string {
  return input.trim().replace(/^.*\\/, '').replace(/@.*$/, '');
}

/** An ADFS-style identity provider: a forms sign-in page, a session cookie for silent SSO, and a signed SAML answer. */
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

  const answer = (exchange: Exchange, request: AuthnRequest, userId: string, headers: Record<string, string> = {}) => {
    const now = clock.now();
    const samlResponse = encodeSignedResponse(
      { inResponseTo: request.id, nameId: userId, issuer: options.entityId, audience: request.issuer, notBefore: now, notOnOrAfter: now + ASSERTION_LIFETIME_MS },
      clock.date(),
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

  router.on('GET', SSO_PATH, (exchange) => {
    const request = readRequest(exchange);
    const session = sessions.get(exchange.cookies[IDP_SESSION_COOKIE] ?? '');
    if (session && session.expiresAt > clock.now()) {
      answer(exchange, request, session.userId);
      return;
    }
    exchange.html(200, signInPage(exchange.url.search));
  });

  router.on('POST', SSO_PATH, async (exchange) => {
    const request = readRequest(exchange);
    const form = await exchange.form();
    const userId = accountName(form.get('UserName') ?? '');
    const agent = findAgent(userId);
    if (!agent || form.get('Password') !== options.password()) {
      options.events.record(clock.now(), 'idp-sign-in-failed', userId || undefined);
      exchange.html(200, signInPage(exchange.url.search, form.get('UserName') ?? '', 'Incorrect user ID or password. Type the correct user ID and password, and try again.'));
      return;
    }
    const sessionId = randomBytes(24).toString('base64url');
    sessions.set(sessionId, { userId: agent.id, expiresAt: clock.now() + options.settings().idpSessionTtlS * 1000 });
    options.events.record(clock.now(), 'idp-sign-in', agent.id);
    answer(exchange, request, agent.id, { 'set-cookie': serializeCookie(IDP_SESSION_COOKIE, sessionId) });
  });

  return router;
}

const PAGE_STYLE =
  'body{font-family:Segoe UI,Arial,sans-serif;background:#f2f2f2;margin:0}main{max-width:360px;margin:80px auto;background:#fff;padding:32px;box-shadow:0 2px 6px #0002}' +
  'label{display:block;margin-top:16px;font-size:14px}input{width:100%;box-sizing:border-box;padding:8px;margin-top:4px}button{margin-top:24px;padding:8px 24px;background:#2672ec;color:#fff;border:0}' +
  '#error{color:#c00;margin-top:12px}';

function signInPage(query: string, userName = '', error = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign In</title><style>${PAGE_STYLE}</style></head><body><main>
<h1>Sign in</h1><p>Sign in with your organizational account</p>
<form method="post" id="loginForm" autocomplete="off" novalidate action="${escapeHtml(SSO_PATH + query)}">
${error ? `<div id="error" role="alert"><span id="errorText">${escapeHtml(error)}</span></div>` : ''}
<label for="userNameInput">User Account</label><input id="userNameInput" name="UserName" type="email" value="${escapeHtml(userName)}" placeholder="someone@example.com" autocomplete="off">
<label for="passwordInput">Password</label><input id="passwordInput" name="Password" type="password" placeholder="Password" autocomplete="off">
<input type="hidden" name="AuthMethod" value="FormsAuthentication">
<button id="submitButton" type="submit">Sign in</button>
</form></main></body></html>`;
}

function signInErrorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign In</title><style>${PAGE_STYLE}</style></head><body><main><h1>An error occurred</h1><p role="alert">${escapeHtml(message)}</p></main></body></html>`;
}
