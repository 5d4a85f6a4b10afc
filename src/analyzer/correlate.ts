/**
 * Ties what the three logs say about one refresh together, in place on the facts:
 * the IdS refusal names token ids (and through them the user), the webservices failure of the same
 * request is logged within the same second, and a client session that names no user is the
 * user's whose refresh failed on the server shortly before the session's own failures.
 */
import type { ClientEvent, ClientSession, IdsRefusal, RefreshError } from './events.ts';
import { userOfSession } from './events.ts';
import type { LogFacts } from './facts.ts';
import { toIso } from './timestamps.ts';

/** The IdS and webservices lines of one refresh request are logged this close together. */
const SAME_REQUEST_MS = 2_000;
/** From a first failed refresh to the desktop's banner: three retries about a minute apart, with margin. */
export const RETRIES_WINDOW_MS = 15 * 60_000;
/** A client line may be received slightly before the server logs the cause it reports. */
export const CLIENT_LEAD_MS = 10_000;
/** A client failure and a webservices failure this close are the same refresh. */
const CLIENT_REQUEST_MS = 10_000;

export function correlate(facts: LogFacts): void {
  for (const refusal of facts.refusals) resolveRefusal(facts, refusal);
  pairRequests(facts.refusals, facts.refreshErrors);
  joinSessionsByTime(facts);
  const clientFailures = facts.clientEvents.filter((event) => event.kind === 'refresh-failed' && userOfSession(event.session) !== undefined).sort(byTime);
  for (const error of facts.refreshErrors) {
    const failure = closest(clientFailures, error.at, CLIENT_REQUEST_MS, CLIENT_REQUEST_MS);
    if (failure !== undefined) error.user ??= userOfSession(failure.session);
  }
}

/** The pairs of a refusal read before the IdS lines that created them (files in another order). */
function resolveRefusal(facts: LogFacts, refusal: IdsRefusal): void {
  refusal.presented ??= facts.tokens.pairOf(refusal.refreshId);
  refusal.accessPair ??= facts.tokens.pairOf(refusal.accessRt);
  const user = refusal.presented?.user ?? refusal.accessPair?.user;
  if (user !== undefined) refusal.user = user;
}

/** Each webservices refresh failure with the IdS refusal closest in time, one to one. */
function pairRequests(refusals: IdsRefusal[], errors: RefreshError[]): void {
  const unpaired = [...refusals].sort(byTime);
  for (const error of [...errors].sort(byTime)) {
    const refusal = closest(unpaired, error.at, SAME_REQUEST_MS, SAME_REQUEST_MS, (candidate) => candidate.refreshError === undefined);
    if (refusal === undefined) continue;
    refusal.refreshError = error;
    if (refusal.user !== undefined) error.user = refusal.user;
  }
}

interface ServerFailure {
  at: number;
  user: string;
  what: string;
}

/**
 * A client session that names no user (the TAC note's client log) belongs to the user whose
 * refresh failed on the server closest before the session's first failure, within the retry window.
 */
function joinSessionsByTime(facts: LogFacts): void {
  const firstFailure = new Map<ClientSession, ClientEvent>();
  for (const event of facts.clientEvents) {
    if (userOfSession(event.session) !== undefined || event.kind === 'sign-in' || event.kind === 'sign-out') continue;
    const known = firstFailure.get(event.session);
    if (known === undefined || event.at < known.at) firstFailure.set(event.session, event);
  }
  if (firstFailure.size === 0) return;
  const serverFailures: ServerFailure[] = [];
  for (const refusal of facts.refusals) {
    if (refusal.user !== undefined) serverFailures.push({ at: refusal.at, user: refusal.user, what: `the IdS refusal at ${toIso(refusal.at)}` });
  }
  for (const error of facts.refreshErrors) {
    if (error.user !== undefined) serverFailures.push({ at: error.at, user: error.user, what: `the webservices refresh failure at ${toIso(error.at)}` });
  }
  serverFailures.sort(byTime);
  // The IdS refusal names the user through token ids, so it is preferred to the webservices line of the same request.
  const refusals = serverFailures.filter((failure) => failure.what.startsWith('the IdS'));
  for (const [session, event] of firstFailure) {
    const failure = closest(refusals, event.at, RETRIES_WINDOW_MS, CLIENT_LEAD_MS) ?? closest(serverFailures, event.at, RETRIES_WINDOW_MS, CLIENT_LEAD_MS);
    if (failure === undefined) continue;
    session.joinedUser = failure.user;
    session.joinedBy = `client session ${session.id} (${session.file}) names no user; joined by time to ${failure.what}`;
  }
}

export function byTime(a: { at: number }, b: { at: number }): number {
  return a.at - b.at;
}

/** The item of a time-sorted list nearest to `at` within [at - before, at + after] that passes `accept`. */
export function closest<T extends { at: number }>(
  sorted: readonly T[],
  at: number,
  before: number,
  after: number,
  accept: (item: T) => boolean = () => true,
): T | undefined {
  let best: T | undefined;
  for (let i = lowerBound(sorted, at - before); i < sorted.length && sorted[i]!.at <= at + after; i += 1) {
    const candidate = sorted[i]!;
    if (accept(candidate) && (best === undefined || Math.abs(candidate.at - at) < Math.abs(best.at - at))) best = candidate;
  }
  return best;
}

/** Index of the first item at or after `at` in a list sorted by time. */
export function lowerBound<T extends { at: number }>(sorted: readonly T[], at: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]!.at < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
