/**
 * Finesse webservices (Tomcat) and IdS logs share one entry shape:
 * `2017-03-25 05:15:27.509 CDT(-0500) [thread] LEVEL logger File.java:N - message`, followed by
 * continuation lines (an exception and its stack) that belong to the entry.
 * Here: the header parser, the cheap test of which entries matter, and the message parsers.
 */
import { ParsedTime, parseServerTime } from './timestamps.ts';

/**
 * A parsed header: times, and the bounds of its fields in the line. Fields are sliced only when
 * needed, since most entries are read only to be counted; the scanner parses every header into
 * one reused instance and copies it only for the entries it keeps.
 */
export class ServerHeader {
  at = 0;
  offsetMin = 0;
  threadStart = 0;
  threadEnd = 0;
  level: Level = 'INFO';
  loggerStart = 0;
  loggerEnd = 0;
  /** `IdSAccessTokenEndPoint.java:211`; empty (start = end) when the entry names none. */
  sourceStart = 0;
  sourceEnd = 0;
  messageStart = 0;
  /** Whether the time named no zone (read at the assumed one). */
  zoneless = false;

  /** A copy whose field bounds count from `start` (the header line cut out of its chunk). */
  copyFrom(start: number): ServerHeader {
    const copy = new ServerHeader();
    copy.at = this.at;
    copy.offsetMin = this.offsetMin;
    copy.level = this.level;
    copy.zoneless = this.zoneless;
    copy.threadStart = this.threadStart - start;
    copy.threadEnd = this.threadEnd - start;
    copy.loggerStart = this.loggerStart - start;
    copy.loggerEnd = this.loggerEnd - start;
    copy.sourceStart = this.sourceStart - start;
    copy.sourceEnd = this.sourceEnd - start;
    copy.messageStart = this.messageStart - start;
    return copy;
  }
}

export type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'WARNING' | 'ERROR' | 'FATAL' | 'SEVERE';

const time = new ParsedTime();

/** Parses the line `text[start, end)` into `out` (bounds stay relative to `text`); false when it is not a whole header. A time without a zone is read at `assumedOffsetMin`. */
export function parseServerHeader(line: string, start: number, end: number, out: ServerHeader, assumedOffsetMin = 0): boolean {
  if (!parseServerTime(line, start, time, assumedOffsetMin) || line.charCodeAt(time.end) !== 32 || line.charCodeAt(time.end + 1) !== 91) return false;
  const threadEnd = line.indexOf('] ', time.end + 2);
  if (threadEnd < 0 || threadEnd >= end) return false;
  const level = levelAt(line, threadEnd + 2);
  if (level === undefined) return false;
  const loggerStart = threadEnd + 3 + level.length;
  const dash = line.indexOf(' - ', loggerStart);
  if (dash < 0 || dash + 3 > end) return false;
  let loggerEnd = line.indexOf(' ', loggerStart);
  if (loggerEnd > dash) loggerEnd = dash;
  out.at = time.at;
  out.offsetMin = time.offsetMin;
  out.zoneless = time.zoneless;
  out.threadStart = time.end + 2;
  out.threadEnd = threadEnd;
  out.level = level;
  out.loggerStart = loggerStart;
  out.loggerEnd = loggerEnd;
  out.sourceStart = loggerEnd < dash ? loggerEnd + 1 : dash;
  out.sourceEnd = dash;
  out.messageStart = dash + 3;
  return true;
}

/** The level word at `i` (followed by a space), without slicing the line. */
function levelAt(line: string, i: number): Level | undefined {
  let level: Level | undefined;
  switch (line.charCodeAt(i)) {
    case 73:
      level = 'INFO';
      break;
    case 68:
      level = 'DEBUG';
      break;
    case 69:
      level = 'ERROR';
      break;
    case 84:
      level = 'TRACE';
      break;
    case 70:
      level = 'FATAL';
      break;
    case 83:
      level = 'SEVERE';
      break;
    case 87:
      level = line.charCodeAt(i + 4) === 73 ? 'WARNING' : 'WARN';
      break;
    default:
      return undefined;
  }
  return line.startsWith(level, i) && line.charCodeAt(i + level.length) === 32 ? level : undefined;
}

export function isWarningOrWorse(level: Level): boolean {
  return level === 'WARN' || level === 'WARNING' || level === 'ERROR' || level === 'SEVERE' || level === 'FATAL';
}

/** Whether the entry was logged by the IdS (`com.cisco.ccbu.ids`, `IdS*.java`) rather than Finesse. */
export function isIdsEntry(line: string, header: ServerHeader): boolean {
  return (
    (header.loggerEnd - header.loggerStart === 18 && line.startsWith('com.cisco.ccbu.ids', header.loggerStart)) || line.startsWith('IdS', header.sourceStart)
  );
}

export function threadOf(line: string, header: ServerHeader): string {
  return line.slice(header.threadStart, header.threadEnd);
}

/** What an entry is, as far as SSO is concerned. */
export type ServerInterest =
  | 'refresh-token-created'
  | 'access-token-created'
  | 'ids-refusal'
  | 'ids-auth-exception'
  | 'refresh-error'
  | 'refresh-context'
  | 'ids-call'
  | 'presence-logout'
  | 'sign-in'
  | 'sign-out'
  | SignInIncidentKind;

/**
 * IdS entries about the sign-in rather than the tokens (INFERRED wordings, the mock IdS's; no Cisco
 * source shows them): a refresh that outlived the IdP session, a SAML assertion refused for its validity window,
 * an IdP answer without the IdS's sign-in cookie (the sign-in starts again).
 */
export type SignInIncidentKind = 'idp-session-ended' | 'saml-outside-window' | 'sign-in-restarted';

/**
 * Which entries matter, decided from the header with a few fixed-position comparisons, so the
 * healthy bulk of a log costs almost nothing: the message's first letter picks the candidates.
 * The line is `line[…, end)`.
 */
export function serverInterest(line: string, end: number, header: ServerHeader): ServerInterest | undefined {
  const m = header.messageStart;
  switch (line.charCodeAt(m)) {
    case 67: // C
      if (line.startsWith('Created refresh-token', m)) return 'refresh-token-created';
      if (line.startsWith('Created access-token', m)) return 'access-token-created';
      break;
    case 69: // E
      if (line.startsWith('Error refreshing access token', m)) return 'refresh-error';
      if (line.startsWith('Exception processing auth request', m)) return 'ids-auth-exception';
      break;
    case 70: // F
      if (line.startsWith('Forcing logout of user', m)) return 'presence-logout';
      break;
    case 73: // I
      if (line.startsWith('IdP session ended before the refresh token', m)) return 'idp-session-ended';
      break;
    case 83: // S
      if (line.startsWith('SSO sign-in complete for user', m)) return 'sign-in';
      if (line.startsWith('SAML assertion outside its validity window', m)) return 'saml-outside-window';
      if (line.startsWith('SAML response without the sign-in cookie', m)) return 'sign-in-restarted';
      break;
    case 85: // U
      if (line.startsWith('User ', m) && line.slice(m, end).includes(' signed out')) return 'sign-out';
      break;
  }
  const { loggerStart, loggerEnd } = header;
  if (loggerEnd - loggerStart >= 20 && line.startsWith('APIErrorDeserializer', loggerEnd - 20)) return 'refresh-context';
  if (isWarningOrWorse(header.level)) {
    if (line.startsWith('IdSRefreshTokenRequestValidator', header.sourceStart)) return 'ids-refusal';
    const ids = line.indexOf('ids', loggerStart);
    if ((ids >= 0 && ids < loggerEnd) || line.slice(header.messageStart, end).includes('/ids/')) return 'ids-call';
  }
  return undefined;
}

export interface CreatedToken {
  token: string;
  /** The paired refresh token's id (access tokens only). */
  rt?: string;
  user?: string;
  /** Epoch ms. */
  expiry?: number;
}

/**
 * The ids of a `Created refresh-token {…}` / `Created access-token {…}` message. Fields are looked
 * for in the order the IdS writes them, each search starting where the previous one ended.
 */
export function parseCreatedToken(line: string, from: number, usage: 'refresh' | 'access'): CreatedToken | undefined {
  if (usage === 'refresh') {
    const token = jsonValue(line, '"token"', from);
    if (token === undefined) return undefined;
    const expiry = Number(jsonValue(line, '"expiry"', token.end)?.value);
    return { token: token.value, ...(Number.isFinite(expiry) ? { expiry } : {}) };
  }
  const rt = jsonValue(line, '"rt"', from);
  const user = jsonValue(line, '"user_id"', rt?.end ?? from) ?? jsonValue(line, '"upn"', from);
  const token = jsonValue(line, '"token"', user?.end ?? rt?.end ?? from) ?? jsonValue(line, '"token"', from);
  if (token === undefined) return undefined;
  const expiry = Number(jsonValue(line, '"expiry"', token.end)?.value);
  return { token: token.value, ...(rt ? { rt: rt.value } : {}), ...(user ? { user: user.value } : {}), ...(Number.isFinite(expiry) ? { expiry } : {}) };
}

export type RefusalReason = 'mismatch' | 'expired' | 'already-used' | 'other';

export interface Refusal {
  reason: RefusalReason;
  /** The presented refresh token's id. */
  refreshId?: string;
  /** The `rt` of the presented access token (mismatch only). */
  accessRt?: string;
  /** When the refresh token expired, epoch ms (expired only). */
  expiredAt?: number;
  /** When the presented refresh token was rotated, epoch ms (already-used only). */
  rotatedAt?: number;
}

const MISMATCH = /refresh token id mismatch\.*\s*refresh token id in refresh token is (\S+?);\s*in access token is (\S+)/;
const EXPIRED = /refresh token expired\.*\s*refresh token id (\S+) expired at (\S+)/;
// INFERRED wording (the mock IdS's; no Cisco source shows a replay refusal).
const ALREADY_USED = /refresh token already used\.*\s*refresh token id (\S+) was rotated at (\S+)/;
const TOKEN_ID = /\b[0-9a-f]{40}\b/;

/** An `IdSRefreshTokenRequestValidator` refusal: the id mismatch of TAC 212067, an expiry, a replay, or another reason. */
export function parseRefusal(message: string): Refusal {
  const mismatch = MISMATCH.exec(message);
  if (mismatch) return { reason: 'mismatch', refreshId: mismatch[1]!, accessRt: mismatch[2]! };
  const expired = EXPIRED.exec(message);
  if (expired) {
    const expiredAt = Date.parse(expired[2]!);
    return { reason: 'expired', refreshId: expired[1]!, ...(Number.isFinite(expiredAt) ? { expiredAt } : {}) };
  }
  const reused = ALREADY_USED.exec(message);
  if (reused) {
    const rotatedAt = Date.parse(reused[2]!);
    return { reason: 'already-used', refreshId: reused[1]!, ...(Number.isFinite(rotatedAt) ? { rotatedAt } : {}) };
  }
  const id = TOKEN_ID.exec(message)?.[0];
  return { reason: 'other', ...(id ? { refreshId: id } : {}) };
}

const PRESENCE = /Forcing logout of user (\S+?)[\s;,]/;
const REASON_CODE = /reasonCode=(-?\d+)/;

export function parsePresenceLogout(message: string): { user: string; reasonCode?: number } | undefined {
  const user = PRESENCE.exec(message)?.[1];
  if (user === undefined) return undefined;
  const code = REASON_CODE.exec(message)?.[1];
  return { user, ...(code === undefined ? {} : { reasonCode: Number(code) }) };
}

const USER_IN_MESSAGE = /\buser (\S+?)(?:[\s;,]|$)|^User (\S+) /;

/** The user named by a webservices sign-in or sign-out message. */
export function userOfMessage(message: string): string | undefined {
  const match = USER_IN_MESSAGE.exec(message);
  return match?.[1] ?? match?.[2];
}

// Failures to reach a server, as Java reports them (Finesse) and as Node reports them (the mock lab's Finesse).
const CONNECTION_ERROR =
  /java\.net\.(?:ConnectException|SocketTimeoutException|UnknownHostException|NoRouteToHostException)[^\n]*|Connection refused|Connection reset|connect timed out|Read timed out|SSLHandshakeException[^\n]*|PKIX path building failed|\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)\b[^\n(]*|fetch failed|socket hang up/;

/** The connection failure named in an entry's text, if any. */
export function connectionError(text: string): string | undefined {
  return CONNECTION_ERROR.exec(text)?.[0];
}

const STATUS = /IdsRestClientException: (\d{3})\b|\b(\d{3}) : \{/;

/** The HTTP status of a refused refresh, from the `IdsRestClientException: 401 : {…}` line. */
export function refreshStatus(text: string): number | undefined {
  const match = STATUS.exec(text);
  return match ? Number(match[1] ?? match[2]) : undefined;
}

/** The value of `key` (quoted, e.g. `"rt"`) in a flat JSON object, and where it ends, without parsing the whole object. */
function jsonValue(text: string, key: string, from: number): { value: string; end: number } | undefined {
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  let i = at + key.length;
  while (text.charCodeAt(i) === 32) i += 1;
  if (text.charCodeAt(i) !== 58) return undefined;
  i += 1;
  while (text.charCodeAt(i) === 32) i += 1;
  if (text.charCodeAt(i) === 34) {
    const end = text.indexOf('"', i + 1);
    return end < 0 ? undefined : { value: text.slice(i + 1, end), end: end + 1 };
  }
  let end = i;
  while (end < text.length && text.charCodeAt(end) !== 44 && text.charCodeAt(end) !== 125) end += 1;
  return { value: text.slice(i, end).trim(), end };
}
