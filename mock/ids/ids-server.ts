import { randomBytes, type KeyObject } from 'node:crypto';
import type { MockClock } from '../clock.ts';
import type { LabEvents } from '../events.ts';
import { HttpError, serializeCookie, type Exchange } from '../http/exchange.ts';
import { Router, type RequestCounter } from '../http/router.ts';
import { autoPostPage, escapeHtml } from '../http/html.ts';
import { SamlError, decodeSignedResponse, encodeAuthnRequest, newSamlId } from '../saml.ts';
import { GrantRefused, type IdentityService, type IdpSessionRef } from './identity-service.ts';
import type { TokenKeyDocuments } from './token-key-documents.ts';

/** A registered OAuth client of the IdS (Finesse is one). */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

interface PendingSignIn {
  client: OAuthClient;
  state?: string;
  /** The sign-in cookie's value: the IdS takes the IdP's answer only from the browser that started the sign-in. */
  browser: string;
  authnRequestId: string;
  userId?: string;
  idpSession?: IdpSessionRef;
  expiresAt: number;
}

export interface IdsServerOptions {
  origin: string;
  entityId: string;
  idpSsoUrl: () => string;
  idpPublicKey: KeyObject;
  /** The SameSite attribute of the sign-in cookie (`idsCookieSameSite`). */
  cookieSameSite: () => 'None' | 'Lax';
  clients: OAuthClient[];
  service: IdentityService;
  clock: MockClock;
  counter: RequestCounter;
  events: LabEvents;
  /** The token-signing key as the IdS publishes it (IdS 12.6(2)+). */
  tokenKeys: TokenKeyDocuments;
  /** The `lost-refresh-response` fault: a refresh the IdS granted is answered with a connection reset mid-answer. */
  losesRefreshAnswers: () => boolean;
}

const PENDING_TTL_MS = 10 * 60_000;
/** INFERRED name: the IdS's cookie that ties the IdP's answer to the browser that started the sign-in. */
export const IDS_SIGN_IN_COOKIE = 'ids_sso_signin';
/** Clock tolerance for SAML validity windows, as IdS/ADFS deployments commonly allow. */
const SAML_SKEW_MS = 60_000;

/** INFERRED wording (no Cisco source shows the IdS's page for a refused assertion). */
const SAML_WINDOW_MESSAGE =
  "The identity provider's answer is not valid at this time (SAML assertion outside its validity window). The clocks of the identity provider and the Identity Service disagree.";

function signInFailedPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cisco Identity Service</title></head><body><main><h1>Sign-in failed</h1><p role="alert">${escapeHtml(message)}</p></main></body></html>`;
}

function oauthError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, description, { contentType: 'application/json;charset=UTF-8', text: JSON.stringify({ error, error_description: description }) });
}

/** The IdS endpoints the browser and Finesse use: authorize, the SAML receiver, the relay step and the token endpoint. */
export function idsRouter(options: IdsServerOptions): Router {
  const { service, clock } = options;
  const pending = new Map<string, PendingSignIn>();
  const clientById = new Map(options.clients.map((client) => [client.clientId, client]));

  const takePending = (key: string | undefined): PendingSignIn => {
    const entry = key ? pending.get(key) : undefined;
    if (!entry || entry.expiresAt < clock.now()) throw oauthError(400, 'invalid_request', 'Unknown or expired sign-in request');
    return entry;
  };

  const router = new Router({
    name: 'ids',
    origin: options.origin,
    counter: options.counter,
    now: () => clock.date(),
    renderError: (exchange, error) => exchange.json(error.status, { error: 'invalid_request', error_description: error.message }),
  });

  /** A new AuthnRequest to the IdP for this client, state and browser; the RelayState finds it again. */
  const sendToIdp = (exchange: Exchange, client: OAuthClient, state: string | undefined, browser: string) => {
    const relayState = randomBytes(12).toString('hex');
    const authnRequestId = newSamlId();
    pending.set(relayState, { client, ...(state === undefined ? {} : { state }), browser, authnRequestId, expiresAt: clock.now() + PENDING_TTL_MS });
    const samlRequest = encodeAuthnRequest(
      { id: authnRequestId, issuer: options.entityId, acsUrl: `${options.origin}/ids/saml/response?metaAlias=/sp` },
      clock.date(),
    );
    const target = new URL(options.idpSsoUrl());
    target.searchParams.set('SAMLRequest', samlRequest);
    target.searchParams.set('RelayState', relayState);
    const sameSite = options.cookieSameSite();
    exchange.redirect(target.href, { 'set-cookie': serializeCookie(IDS_SIGN_IN_COOKIE, browser, { path: '/ids', sameSite }) });
  };

  router.on('GET', '/ids/v1/oauth/authorize', (exchange) => {
    const clientId = exchange.query('client_id');
    const client = clientId ? clientById.get(clientId) : undefined;
    if (!client) throw oauthError(400, 'invalid_client', 'Unknown client_id');
    if (exchange.query('redirect_uri') !== client.redirectUri) throw oauthError(400, 'invalid_request', 'redirect_uri does not match the registered one');
    if (exchange.query('response_type') !== 'code') throw oauthError(400, 'unsupported_response_type', 'Only response_type=code is supported');
    sendToIdp(exchange, client, exchange.query('state'), randomBytes(16).toString('hex'));
  });

  router.on('POST', '/ids/saml/response', async (exchange) => {
    if (exchange.query('metaAlias') !== '/sp') throw oauthError(400, 'invalid_request', 'Unknown metaAlias');
    const form = await exchange.form();
    const relayState = form.get('RelayState') ?? undefined;
    const entry = takePending(relayState);
    let assertion;
    try {
      assertion = decodeSignedResponse(form.get('SAMLResponse') ?? '', options.idpPublicKey);
    } catch (error) {
      if (error instanceof SamlError) throw oauthError(400, 'invalid_request', error.message);
      throw error;
    }
    const now = clock.now();
    // Without its cookie the IdS cannot tell this answer is for this browser: it starts the sign-in again.
    // The cookie stays behind when it is not SameSite=None and the IdP posts from another site: the sign-in loop.
    if (exchange.cookies[IDS_SIGN_IN_COOKIE] !== entry.browser) {
      pending.delete(relayState!);
      service.log.signInCookieMissing(service.log.nextThread(), assertion.nameId, relayState!);
      options.events.record(now, 'sign-in-restarted', assertion.nameId, { cookie: exchange.cookies[IDS_SIGN_IN_COOKIE] === undefined ? 'missing' : 'other' });
      sendToIdp(exchange, entry.client, entry.state, randomBytes(16).toString('hex'));
      return;
    }
    if (assertion.inResponseTo !== entry.authnRequestId) throw oauthError(400, 'invalid_request', 'SAML assertion answers another request');
    if (assertion.audience !== options.entityId) throw oauthError(400, 'invalid_request', 'SAML assertion is for another audience');
    if (now + SAML_SKEW_MS < assertion.notBefore || now - SAML_SKEW_MS >= assertion.notOnOrAfter) {
      pending.delete(relayState!);
      service.log.samlOutsideWindow(service.log.nextThread(), assertion.nameId, assertion.notBefore, assertion.notOnOrAfter, now, SAML_SKEW_MS / 1000);
      options.events.record(now, 'saml-refused', assertion.nameId, {
        reason: 'validity-window',
        notBefore: assertion.notBefore,
        notOnOrAfter: assertion.notOnOrAfter,
      });
      exchange.html(400, signInFailedPage(SAML_WINDOW_MESSAGE));
      return;
    }
    entry.userId = assertion.nameId;
    entry.idpSession = { index: assertion.sessionIndex, endsAt: assertion.sessionNotOnOrAfter };
    const uniqueId = randomBytes(16).toString('hex');
    pending.delete(relayState!);
    pending.set(uniqueId, entry);
    exchange.html(200, autoPostPage('Cisco Identity Service', `${options.origin}/ids/relay`, { uniqueId }));
  });

  router.on('POST', '/ids/relay', async (exchange) => {
    const form = await exchange.form();
    const uniqueId = form.get('uniqueId') ?? undefined;
    const entry = takePending(uniqueId);
    pending.delete(uniqueId!);
    if (!entry.userId || !entry.idpSession) throw oauthError(400, 'invalid_request', 'Sign-in not completed at the identity provider');
    const target = new URL(entry.client.redirectUri);
    target.searchParams.set('code', service.issueCode(entry.userId, entry.idpSession, entry.client.clientId, entry.client.redirectUri));
    if (entry.state) target.searchParams.set('state', entry.state);
    exchange.redirect(target.href);
  });

  // DevNet Client-Side Token Validation: the public key, its CSR and its certificate, text/plain, 200 or 401; protected by
  // admin or client credentials (here: a registered client's, by HTTP Basic); `download=true` asks for a file.
  const keyDocuments: [string, keyof TokenKeyDocuments, string][] = [
    ['/ids/v1/keys/token/public', 'publicKey', 'public.pem'],
    ['/ids/v1/keys/token/public/csr', 'csr', 'public.csr'],
    ['/ids/v1/keys/token/public/x509', 'x509', 'public.crt'],
  ];
  for (const [route, document, fileName] of keyDocuments) {
    router.on('GET', route, (exchange) => {
      authenticateClient(exchange, new URLSearchParams(), clientById);
      const download: Record<string, string> = exchange.query('download') === 'true' ? { 'content-disposition': `attachment; filename="${fileName}"` } : {};
      exchange.send(200, options.tokenKeys[document], 'text/plain;charset=UTF-8', { 'cache-control': 'no-store', ...download });
    });
  }

  router.on('POST', '/ids/v1/oauth/access_token', async (exchange) => {
    const form = await exchange.form();
    const client = authenticateClient(exchange, form, clientById);
    const grantType = form.get('grant_type');
    try {
      if (grantType === 'authorization_code') {
        const code = form.get('code');
        if (!code) throw oauthError(400, 'invalid_request', 'Missing parameter: code');
        exchange.json(200, service.exchangeCode(code, client.clientId, form.get('redirect_uri') ?? ''));
      } else if (grantType === 'refresh_token') {
        const accessToken = form.get('access_token');
        const refreshToken = form.get('refresh_token');
        if (!refreshToken) throw oauthError(400, 'invalid_request', 'Missing parameter: refresh_token');
        if (!accessToken) throw oauthError(400, 'invalid_request', 'Missing parameter: access_token');
        const grant = await service.refresh(accessToken, refreshToken);
        if (options.losesRefreshAnswers()) return loseAnswer(exchange, JSON.stringify(grant));
        exchange.json(200, grant);
      } else {
        throw oauthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${grantType ?? '(none)'}`);
      }
    } catch (error) {
      if (error instanceof GrantRefused) throw oauthError(error.status, error.body.error, error.body.error_description);
      throw error;
    }
  });

  return router;
}

/** The pair is rotated and the answer starts, then the connection drops: Finesse never reads the new tokens. */
function loseAnswer(exchange: Exchange, body: string): void {
  exchange.res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(body) });
  exchange.res.write(body.slice(0, 16), () => exchange.req.socket.destroy());
}

/** Client credentials by HTTP Basic or by form fields, as OAuth allows. */
function authenticateClient(exchange: Exchange, form: URLSearchParams, clients: Map<string, OAuthClient>): OAuthClient {
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic (.+)$/i.exec(exchange.req.headers.authorization ?? '');
  if (basic) [clientId, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') as [string, string];
  const client = clientId ? clients.get(clientId) : undefined;
  if (!client || client.clientSecret !== secret) throw oauthError(401, 'invalid_client', 'Client authentication failed');
  return client;
}
