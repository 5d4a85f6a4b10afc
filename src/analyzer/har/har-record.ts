/**
 * What one HAR shows of a Finesse desktop's SSO, kept while its entries stream by: the sign-in
 * round trips, every token answer with where the browser took it from, the refreshes and their
 * answers, the client log lines the desktop posted (banner, forced sign-out) and the sign-out
 * page. Tokens are kept only as fingerprints. Lists are bounded; what does not fit is counted.
 */
import { fingerprint } from '../../redaction/fingerprint.ts';
import type { ClientEventKind } from '../client-log.ts';
import { maskTokens } from '../mask-tokens.ts';
import { cacheability, type Cacheability } from './cacheability.ts';
import { desktopRole } from './desktop-traffic.ts';
import type { Exchange } from './exchange.ts';
import { ServerClock } from './server-clock.ts';

const MAX_ITEMS = 10_000;
/** A response whose `Date` is older than this when the request started came from a cache (a fresh one is seconds old). */
export const STALE_DATE_AGE_MS = 60_000;

export type TokenSource = 'network' | 'disk-cache' | 'memory-cache' | 'cache-transfer-size' | 'cache-date-age';

/** An entry as the findings quote it. */
export interface HarItem {
  file: string;
  index: number;
  method: string;
  path: string;
  status: number;
  /** The browser's start time, UTC ms. */
  startedAt: number;
  /** The server's time at the start (see `ServerClock`), UTC ms; set when the HAR is finished. */
  at: number;
  date?: number;
  fromCache?: Exchange['fromCache'];
  transferSize?: number;
}

export interface TokenAnswer extends HarItem {
  /** Fingerprint of the access token in the answer (`#3f2a`), never the token. */
  access?: string;
  user?: string;
  source: TokenSource;
  /** How old the answer's `Date` was when the request started (server clock). */
  ageMs?: number;
  cacheability: Cacheability;
  /** The sign-in round trip that led to this answer (`IdS and IdP`, `IdS`), none for a page reload. */
  afterSignIn?: string;
}

export type RefreshOutcome = 'ok' | 'refused' | 'expired' | 'unreachable' | 'failed';

export interface RefreshAttempt extends HarItem {
  presented?: string;
  issued?: string;
  outcome: RefreshOutcome;
  message?: string;
}

export interface DesktopLine extends HarItem {
  kind: ClientEventKind;
  text: string;
  user?: string;
  /** The server time the line itself carries (a ClientLog upload sends lines written earlier). */
  loggedAt?: number;
}

export interface SignOutPage extends HarItem {
  reason?: string;
}

export class HarRecord {
  readonly tokenAnswers: TokenAnswer[] = [];
  readonly refreshes: RefreshAttempt[] = [];
  readonly signInTrips: HarItem[] = [];
  readonly desktopLines: DesktopLine[] = [];
  readonly signOutPages: SignOutPage[] = [];
  readonly clock = new ServerClock();
  creator = '';
  entries = 0;
  rejected = 0;
  dropped = 0;
  firstAt = Number.POSITIVE_INFINITY;
  lastAt = Number.NEGATIVE_INFINITY;
  private tripOpen = false;
  private idpSeen = false;

  constructor(readonly file: string) {}

  /** The user the HAR is about: named by a token answer or a sign-in line. */
  get user(): string | undefined {
    return this.tokenAnswers.find((answer) => answer.user)?.user ?? this.desktopLines.find((line) => line.user)?.user;
  }

  add(exchange: Exchange): void {
    this.entries += 1;
    this.clock.offer(exchange);
    this.firstAt = Math.min(this.firstAt, exchange.startedAt);
    this.lastAt = Math.max(this.lastAt, exchange.startedAt);
    const role = desktopRole(exchange);
    if (role === undefined) return;
    const item = this.item(exchange);
    switch (role.role) {
      case 'ids-authorize':
        this.tripOpen = true;
        this.keep(this.signInTrips, item);
        return;
      case 'idp':
        if (this.tripOpen) this.idpSeen = true;
        return;
      case 'token-answer': {
        const body = role.body;
        this.keep(this.tokenAnswers, {
          ...item,
          ...(body?.accessToken ? { access: `#${fingerprint(body.accessToken)}` } : {}),
          ...(body?.user ? { user: body.user } : {}),
          source: markedSource(exchange),
          cacheability: cacheability(exchange),
          ...(this.tripOpen ? { afterSignIn: this.idpSeen ? 'IdS and IdP' : 'IdS' } : {}),
        });
        this.tripOpen = false;
        this.idpSeen = false;
        return;
      }
      case 'refresh':
        this.keep(this.refreshes, {
          ...item,
          ...(role.presentedToken ? { presented: `#${fingerprint(role.presentedToken)}` } : {}),
          ...(exchange.status === 200 && role.body?.accessToken ? { issued: `#${fingerprint(role.body.accessToken)}` } : {}),
          outcome: refreshOutcome(exchange, role.body?.errorMessage),
          ...(role.body?.errorMessage ? { message: quotable(role.body.errorMessage) } : exchange.error ? { message: quotable(exchange.error) } : {}),
        });
        return;
      case 'client-log':
        role.messages.forEach((message, i) => {
          const loggedAt = role.loggedAt[i];
          this.keep(this.desktopLines, {
            ...item,
            kind: message.kind,
            text: quotable(role.texts[i]!),
            ...(message.user ? { user: message.user } : {}),
            ...(loggedAt === undefined ? {} : { loggedAt }),
          });
        });
        return;
      case 'sign-out-page':
        this.keep(this.signOutPages, { ...item, ...(role.reason ? { reason: role.reason } : {}) });
        return;
    }
  }

  /** Once every entry is read: server times, and where each token answer came from by its `Date` age. */
  finish(): void {
    const all: HarItem[] = [...this.tokenAnswers, ...this.refreshes, ...this.signInTrips, ...this.desktopLines, ...this.signOutPages];
    for (const item of all) item.at = this.clock.serverTime(item.startedAt);
    for (const line of this.desktopLines) if (line.loggedAt !== undefined) line.at = line.loggedAt;
    for (const answer of this.tokenAnswers) {
      if (answer.date === undefined || !this.clock.tied) continue;
      answer.ageMs = answer.at - answer.date;
      // The Date age is the exporter-independent proof (Playwright and Firefox HARs mark no cache hits): it wins over a transfer size of 0.
      if ((answer.source === 'network' || answer.source === 'cache-transfer-size') && answer.ageMs > STALE_DATE_AGE_MS) answer.source = 'cache-date-age';
    }
  }

  private item(exchange: Exchange): HarItem {
    return {
      file: this.file,
      index: exchange.index,
      method: exchange.method,
      path: exchange.url.pathname,
      status: exchange.status,
      startedAt: exchange.startedAt,
      at: exchange.startedAt,
      ...(exchange.date !== undefined ? { date: exchange.date } : {}),
      ...(exchange.fromCache ? { fromCache: exchange.fromCache } : {}),
      ...(exchange.transferSize !== undefined ? { transferSize: exchange.transferSize } : {}),
    };
  }

  private keep<T>(list: T[], item: T): void {
    if (list.length < MAX_ITEMS) list.push(item);
    else this.dropped += 1;
  }
}

/** Text from a body as it may be quoted: tokens masked, bounded. */
function quotable(text: string): string {
  const masked = maskTokens(text.slice(0, 400));
  return text.length > 400 ? `${masked}…` : masked;
}

/** Where the exporter says the answer came from: its cache marker, else a transfer size of 0 for a body that arrived. */
function markedSource(exchange: Exchange): TokenSource {
  if (exchange.fromCache === 'disk') return 'disk-cache';
  if (exchange.fromCache === 'memory') return 'memory-cache';
  if (exchange.transferSize === 0 && exchange.status === 200 && exchange.responseBody) return 'cache-transfer-size';
  return 'network';
}

/**
 * INFERRED from the mock and the seed: Finesse answers a refresh the IdS refused with 401 (the
 * IdS's `Invalid Token`), an expired refresh token with a message naming the expiry, and an IdS it
 * cannot reach with a 5xx.
 */
function refreshOutcome(exchange: Exchange, message: string | undefined): RefreshOutcome {
  if (exchange.status >= 200 && exchange.status < 300) return 'ok';
  if (/expired/i.test(message ?? '')) return 'expired';
  if (exchange.status === 401 || exchange.status === 403) return 'refused';
  if (exchange.status === 0 || exchange.status === 502 || exchange.status === 503 || exchange.status === 504) return 'unreachable';
  return 'failed';
}
