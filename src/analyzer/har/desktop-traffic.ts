/**
 * What an exchange of a Finesse desktop's traffic is, judged by method, path and body: the token
 * answer the desktop starts from, a refresh, a step of the SSO sign-in at the IdS or the IdP, a
 * client log line the desktop sent, or the sign-out page. Paths follow the Finesse developer guide
 * (`/desktop/sso/token`) and the IdS's (`/ids/v1/oauth/authorize`); a token answer is also
 * recognised by its body, so a desktop that fetches its tokens elsewhere is still read.
 */
import { ClientLine, classifyClientMessage, parseClientLine, type ClientMessage } from '../client-log.ts';
import type { Exchange } from './exchange.ts';
import { unescapeXml } from '../../kernel/escape-xml.ts';

export type DesktopRole =
  | { role: 'token-answer'; body?: TokenBody }
  | { role: 'refresh'; presentedToken?: string; body?: TokenBody }
  | { role: 'ids-authorize' }
  | { role: 'idp' }
  /** `loggedAt`: each line's own time where the body holds whole client log lines (a ClientLog upload), else undefined. */
  | { role: 'client-log'; messages: ClientMessage[]; texts: string[]; loggedAt: (number | undefined)[] }
  | { role: 'sign-out-page'; reason?: string };

/** The parts of a token answer (GET) or refresh answer (POST) the analyzer uses. Never printed. */
export interface TokenBody {
  accessToken?: string;
  user?: string;
  expiresInS?: number;
  /** An error answer's message (`Invalid Token`, `Refresh token expired`). */
  errorMessage?: string;
}

const TOKEN_PATH = /\/sso\/token\/?$/i;
const AUTHORIZE_PATH = /\/oauth2?\/(?:v\d+\/)?authorize\/?$/i;
const IDP_PATH = /\/adfs\/ls\/?$|\/saml2?\/|\/sso\/saml/i;
const SIGN_OUT_PATH = /sign(?:ed)?[-_]?out|log(?:ged)?[-_]?out/i;
/** Client log lines the desktop posts: `Header : Unable to refresh…` (the seed's format). */
/** A report holds a whole session's lines; a streamed post a few. */
const MAX_LINES_PER_BODY = 10_000;
const CLIENT_LINE =
  /(?:Header|[A-Za-z]+)\s:\s((?:Unable to refresh|Access token refreshed|Refresh failed|Token refresh failed|Signed in user|Signed out|Signing out|Still unable)[^"\\\n]*)/g;

export function desktopRole(exchange: Exchange): DesktopRole | undefined {
  const path = exchange.url.pathname;
  if (TOKEN_PATH.test(path) || looksLikeTokenAnswer(exchange)) {
    if (exchange.method === 'GET') return { role: 'token-answer', ...bodyPart(exchange.responseBody) };
    if (exchange.method === 'POST') {
      const presented = exchange.requestBody === undefined ? undefined : formValue(exchange.requestBody, ['token', 'access_token', 'accessToken']);
      return { role: 'refresh', ...(presented ? { presentedToken: presented } : {}), ...bodyPart(exchange.responseBody) };
    }
  }
  if (AUTHORIZE_PATH.test(path)) return { role: 'ids-authorize' };
  if (exchange.url.searchParams.has('SAMLRequest') || exchange.requestBody?.startsWith('SAMLResponse=') || (IDP_PATH.test(path) && exchange.document))
    return { role: 'idp' };
  if (exchange.method === 'POST' && exchange.requestBody !== undefined) {
    const lines = clientLines(exchange.requestBody).flatMap((line) => {
      const message = classifyClientMessage(line.text, 0, line.text.length);
      return message ? [{ ...line, message }] : [];
    });
    if (lines.length > 0)
      return {
        role: 'client-log',
        messages: lines.map((line) => line.message),
        texts: lines.map((line) => line.text),
        loggedAt: lines.map((line) => line.loggedAt),
      };
  }
  if (exchange.method === 'GET' && exchange.document && SIGN_OUT_PATH.test(path)) {
    const reason = exchange.url.searchParams.get('reason') ?? undefined;
    return { role: 'sign-out-page', ...(reason ? { reason } : {}) };
  }
  return undefined;
}

function looksLikeTokenAnswer(exchange: Exchange): boolean {
  const type = exchange.responseHeaders.get('content-type') ?? '';
  return (
    exchange.method === 'GET' &&
    /json/i.test(type) &&
    exchange.responseBody !== undefined &&
    /"(?:access_)?token"\s*:\s*"/.test(exchange.responseBody) &&
    /"expires_in"/.test(exchange.responseBody)
  );
}

function bodyPart(text: string | undefined): { body?: TokenBody } {
  if (text === undefined) return {};
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const string = (key: string) => (typeof parsed[key] === 'string' && parsed[key] !== '' ? parsed[key] : undefined);
  const accessToken = string('token') ?? string('access_token');
  const user = string('user_id') ?? string('username') ?? string('cc_username');
  const expiresInS = typeof parsed.expires_in === 'number' ? parsed.expires_in : undefined;
  const errorMessage = string('errorMessage') ?? string('error_description') ?? string('error');
  return {
    body: {
      ...(accessToken ? { accessToken } : {}),
      ...(user ? { user } : {}),
      ...(expiresInS !== undefined ? { expiresInS } : {}),
      ...(errorMessage ? { errorMessage } : {}),
    },
  };
}

function formValue(body: string, names: string[]): string | undefined {
  try {
    const form = new URLSearchParams(body);
    for (const name of names) {
      const value = form.get(name);
      if (value) return value;
    }
  } catch {
    // not a form
  }
  return undefined;
}

const LOG_DATA = /<logData>([\s\S]*)<\/logData>/;
const parsedLine = new ClientLine();

/**
 * The SSO-relevant client log lines in a posted body, bounded: the whole lines of a ClientLog upload (Send Error Report,
 * `<ClientLog><logData>…`), each with its own time, as the desktop may send them long after it wrote them; otherwise the
 * messages found in any body (JSON or text) of a desktop that posts as it goes, at the time of the post.
 */
function clientLines(body: string): { text: string; loggedAt?: number }[] {
  if (!body.includes(' : ')) return [];
  const encoded = LOG_DATA.exec(body)?.[1];
  const logData = encoded === undefined ? undefined : unescapeXml(encoded);
  const lines: { text: string; loggedAt?: number }[] = [];
  for (const line of logData === undefined ? [body] : logData.split('\n')) {
    const loggedAt = logData !== undefined && parseClientLine(line, 0, line.length, parsedLine) ? parsedLine.at : undefined;
    for (const match of line.matchAll(CLIENT_LINE)) {
      lines.push({ text: match[1]!, ...(loggedAt === undefined ? {} : { loggedAt }) });
      if (lines.length >= MAX_LINES_PER_BODY) return lines;
    }
  }
  return lines;
}
