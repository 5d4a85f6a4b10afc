/**
 * The detection rules of the signature catalog: each turns correlated facts into findings with
 * their evidence joined across the three logs. Server-side causes are found first and claim the
 * client's failure chains they explain (retries, banner, sign-out); what is left unexplained is
 * reported as such, never guessed.
 */
import { formatDuration } from '../kernel/duration.ts';
import { catalogFinding } from './catalog-finding.ts';
import { byTime, CLIENT_LEAD_MS, closest, lowerBound, RETRIES_WINDOW_MS } from './correlate.ts';
import type { ClientEvent, ClientSession, IdsConnectionError, IdsRefusal, LineRef, RefreshError, ServerIncident, TokenPair } from './events.ts';
import { userOfSession } from './events.ts';
import type { LogFacts } from './facts.ts';
import { shortId } from './mask-tokens.ts';
import { causeOf, severityRank, type SignatureId } from './signatures.ts';
import { toIso, toLocal } from './timestamps.ts';
import type { Finding } from './types.ts';

export interface FindingOptions {
  clockSkewThresholdMs: number;
}

/** The desktop signs out about 10 minutes after its banner; a sign-out later than this is another story. */
const GRACE_WINDOW_MS = 20 * 60_000;
/** Outage reports closer than this are one outage. */
const OUTAGE_GAP_MS = 5 * 60_000;
/** Client lines around a presence sign-out that show what the desktop saw. */
const PRESENCE_CONTEXT_MS = 3 * 60_000;
/** A refresh another desktop of the same user completed this close to the rotation a refusal met means the two raced. */
const CONCURRENT_MS = 10_000;
/** A connection failure this soon after the IdS rotated a pair is that refresh's answer being lost (Java time-outs run up to a minute). */
const LOST_ANSWER_MS = 60_000;
/** The IdS logs its exception right after the refusal line, on the same thread. */
const SAME_ENTRY_MS = 1_000;
const MAX_EVIDENCE = 60;
/** Findings kept per signature: a flood of one failure (a client hammering the IdS) is counted, not listed. */
const MAX_FINDINGS_PER_SIGNATURE = 100;
/** Of a long run of identical failures, the first and the last few are quoted. */
const QUOTED_HEAD = 5;
const QUOTED_TAIL = 2;

/**
 * One client session's way to a forced sign-out: failed refreshes, the banner when the desktop
 * gives up, the sign-out at the end of the grace period. Any part may be missing from the logs.
 */
interface FailureChain {
  session: ClientSession;
  user: string | undefined;
  failures: ClientEvent[];
  banner?: ClientEvent;
  logout?: ClientEvent;
  start: number;
  end: number;
  /** The finding that explains this chain, once one does. */
  explainedBy?: Finding;
}

export interface Findings {
  findings: Finding[];
  /** Findings beyond the per-signature limit, counted by signature. */
  omitted: Partial<Record<SignatureId, number>>;
}

export function buildFindings(facts: LogFacts, options: FindingOptions): Findings {
  const chains = failureChains(facts.clientEvents);
  const authExceptions = [...facts.authExceptions].sort(byTime);
  const explainedErrors = new Set<RefreshError>();
  const refusalGroups = groupRefusals(facts.refusals);
  const lostAnswers = refusalGroups.map((group) => lostAnswersBefore(group, facts.connectionErrors));
  const lost = new Set(lostAnswers.flat());
  const outages = clusters(facts.connectionErrors.filter((error) => !lost.has(error)).sort(byTime), OUTAGE_GAP_MS);
  const causes: Cause[] = [
    ...refusalGroups.map((group, index): Cause => ({ at: Math.min(group[0]!.at, ...lostAnswers[index]!.map((error) => error.at)), end: group[group.length - 1]!.at, user: group[0]!.user, outage: false, chains: [] })),
    ...outages.map((outage): Cause => ({ at: outage[0]!.at, end: outage[outage.length - 1]!.at, user: undefined, outage: true, chains: [] })),
  ];
  assignChains(chains, causes);
  const findings: Finding[] = [];
  refusalGroups.forEach((group, index) => {
    const claimed = causes[index]!.chains;
    // Two desktops racing: a mismatch, or (when both requests reached Finesse before the rotation) a replay with no lost answer.
    const racing = group[0]!.reason === 'mismatch' || (group[0]!.reason === 'already-used' && lostAnswers[index]!.length === 0);
    const sibling = racing ? siblingRefresh(facts, group[0]!, claimed) : undefined;
    const signature = refusalSignature(group[0]!.reason, sibling !== undefined);
    findings.push(refusalFinding(signature, group, claimed, authExceptions, explainedErrors, { sibling, lostAnswers: lostAnswers[index]! }));
  });
  outages.forEach((outage, index) => findings.push(outageFinding(facts, outage, causes[refusalGroups.length + index]!.chains, explainedErrors)));
  findings.push(...retriesExhaustedFindings(facts, chains, explainedErrors));
  findings.push(...unexplained401Findings(facts, chains, explainedErrors));
  findings.push(...forcedLogoutFindings(chains));
  findings.push(...presenceFindings(facts));
  findings.push(...signInFindings(facts));
  findings.push(...clockSkewFindings(facts.sessions, options.clockSkewThresholdMs));
  findings.sort(bySeverityThenTime);
  return limitPerSignature(findings);
}

/** The report's order: most severe first, then by time. */
export function bySeverityThenTime(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.first.localeCompare(b.first) || a.signature.localeCompare(b.signature) || (a.user ?? '').localeCompare(b.user ?? '');
}

function limitPerSignature(findings: Finding[]): Findings {
  const kept: Finding[] = [];
  const omitted: Partial<Record<SignatureId, number>> = {};
  const seen = new Map<SignatureId, number>();
  for (const finding of findings) {
    const count = (seen.get(finding.signature) ?? 0) + 1;
    seen.set(finding.signature, count);
    if (count <= MAX_FINDINGS_PER_SIGNATURE) kept.push(finding);
    else omitted[finding.signature] = count - MAX_FINDINGS_PER_SIGNATURE;
  }
  return { findings: kept, omitted };
}

/** A server-side cause (IdS refusals of one pair, or an IdS outage) and the client failure chains it explains. */
interface Cause {
  /** When it started. */
  at: number;
  end: number;
  /** The user whose refreshes were refused; an outage concerns every user. */
  user: string | undefined;
  outage: boolean;
  chains: FailureChain[];
}

/**
 * Each client failure chain goes to the latest cause that started before it (within the retry
 * window) for the same user, or to an outage: the nearest explanation, not the first one found.
 */
function assignChains(chains: FailureChain[], causes: Cause[]): void {
  const byUser = groupBy(
    causes.filter((cause) => !cause.outage && cause.user !== undefined).sort(byTime),
    (cause) => cause.user,
  );
  const outages = causes.filter((cause) => cause.outage).sort(byTime);
  for (const chain of chains) {
    const own = chain.user === undefined ? undefined : latestCovering(byUser.get(chain.user) ?? [], chain.start);
    const outage = latestCovering(outages, chain.start);
    const best = own !== undefined && outage !== undefined ? (own.at >= outage.at ? own : outage) : (own ?? outage);
    best?.chains.push(chain);
  }
}

/** Causes further back than this are not looked at (retries and the grace period take minutes). */
const LOOKBACK_MS = 6 * 3_600_000;

/** The latest cause (sorted by start) that started by `at` and whose retry window still covers it. */
function latestCovering(sorted: readonly Cause[], at: number): Cause | undefined {
  for (let i = lowerBound(sorted, at + CLIENT_LEAD_MS + 1) - 1; i >= 0 && sorted[i]!.at >= at - LOOKBACK_MS; i -= 1) {
    if (sorted[i]!.end + RETRIES_WINDOW_MS >= at) return sorted[i];
  }
  return undefined;
}

function failureChains(events: ClientEvent[]): FailureChain[] {
  const bySession = groupBy(events, (event) => event.session);
  const chains: FailureChain[] = [];
  for (const [session, list] of bySession) {
    let chain: FailureChain | undefined;
    for (const event of list.sort(byTime)) {
      // A sign-out ends a chain; a sign-in does not (the desktop may refresh before the extension sign-in completes).
      if (event.kind === 'sign-in' || event.kind === 'sign-out') {
        if (event.kind === 'sign-out') chain = undefined;
        continue;
      }
      if (chain === undefined || startsNewChain(chain, event)) {
        chain = { session, user: userOfSession(session), failures: [], start: event.at, end: event.at };
        chains.push(chain);
      }
      chain.end = event.at;
      if (event.kind === 'refresh-failed') chain.failures.push(event);
      else if (event.kind === 'banner') chain.banner = event;
      else if (event.kind === 'forced-logout') chain.logout = event;
    }
  }
  return chains.sort(byStart);
}

/** A chain ends with its sign-out; a second banner, a failure after the banner, or a long pause starts another. */
function startsNewChain(chain: FailureChain, event: ClientEvent): boolean {
  if (chain.logout !== undefined) return true;
  if (event.kind === 'refresh-failed') return chain.banner !== undefined || event.at - chain.end > RETRIES_WINDOW_MS;
  if (event.kind === 'banner') return chain.banner !== undefined || event.at - chain.start > RETRIES_WINDOW_MS;
  return event.at - (chain.banner?.at ?? chain.end) > GRACE_WINDOW_MS;
}

function byStart(a: FailureChain, b: FailureChain): number {
  return a.start - b.start;
}

/** Refusals of the same tokens for the same user, retried within the retry window, are one incident. */
function groupRefusals(refusals: IdsRefusal[]): IdsRefusal[][] {
  const open = new Map<string, IdsRefusal[]>();
  const groups: IdsRefusal[][] = [];
  for (const refusal of [...refusals].sort(byTime)) {
    const key = `${refusal.reason}|${refusal.user ?? ''}|${refusal.refreshId ?? ''}|${refusal.accessRt ?? ''}|${refusal.reason === 'other' ? refusal.message.slice(0, 40) : ''}`;
    const group = open.get(key);
    if (group !== undefined && refusal.at - group[group.length - 1]!.at <= RETRIES_WINDOW_MS) group.push(refusal);
    else {
      const fresh = [refusal];
      open.set(key, fresh);
      groups.push(fresh);
    }
  }
  return groups;
}

function refusalSignature(reason: IdsRefusal['reason'], concurrent: boolean): SignatureId {
  if (concurrent) return 'concurrent-refresh';
  if (reason === 'mismatch') return 'refresh-token-mismatch';
  if (reason === 'expired') return 'refresh-token-expired';
  return reason === 'already-used' ? 'rotated-refresh-token-replayed' : 'unexplained-401';
}

/** Finesse's connection failures right after the IdS rotated the pair a replay then presented: the answers that were lost. */
function lostAnswersBefore(group: IdsRefusal[], connectionErrors: readonly IdsConnectionError[]): IdsConnectionError[] {
  const rotatedAt = group[0]!.reason === 'already-used' ? group[0]!.rotatedAt : undefined;
  if (rotatedAt === undefined) return [];
  return connectionErrors.filter((error) => error.at >= rotatedAt && error.at <= rotatedAt + LOST_ANSWER_MS && error.at <= group[0]!.at);
}

/**
 * A successful refresh of the same user, by another desktop than the failing ones, at the moment
 * the pair was rotated: for a mismatch, when the refresh token presented (the one Finesse holds
 * now) was created; for a replay, when the presented one was rotated.
 */
function siblingRefresh(facts: LogFacts, first: IdsRefusal, claimed: FailureChain[]): ClientEvent | undefined {
  if (first.user === undefined) return undefined;
  const rotatedAt = (first.reason === 'mismatch' ? first.presented?.at : first.rotatedAt) ?? first.at;
  const failing = new Set(claimed.map((chain) => chain.session));
  return facts.clientRefreshes.find(
    (event) => Math.abs(event.at - rotatedAt) <= CONCURRENT_MS && !failing.has(event.session) && userOfSession(event.session) === first.user,
  );
}

interface RefusalContext {
  /** The other desktop's successful refresh (concurrent-refresh). */
  sibling?: ClientEvent;
  /** Connection failures of the refresh whose answer was lost (rotated-refresh-token-replayed). */
  lostAnswers: IdsConnectionError[];
}

function refusalFinding(signature: SignatureId, group: IdsRefusal[], claimed: FailureChain[], authExceptions: ServerIncident[], explainedErrors: Set<RefreshError>, context: RefusalContext): Finding {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  const user = first.user;
  const evidence = new EvidenceSet();
  evidence.add(first.presented?.lines);
  evidence.add(first.accessPair?.lines);
  if (context.sibling) evidence.add([context.sibling.line]);
  for (const error of context.lostAnswers) evidence.add(error.lines);
  for (const refusal of quoted(group)) {
    evidence.add(refusal.lines);
    evidence.add(closest(authExceptions, refusal.at, 0, SAME_ENTRY_MS, (exception) => exception.thread === refusal.thread)?.lines);
    evidence.add(refusal.refreshError?.lines);
  }
  for (const refusal of group) if (refusal.refreshError) explainedErrors.add(refusal.refreshError);
  const finding = draft(signature, user, first.at, Math.max(last.at, ...claimed.map((chain) => chain.end)), evidence, claimed);
  const refusals = group.length === 1 ? `the IdS refused the refresh at ${when(first.lines[0]!)}` : `the IdS refused ${group.length} refreshes from ${when(first.lines[0]!)} to ${when(last.lines[0]!)}`;
  if (signature === 'refresh-token-mismatch') {
    const subCause = mismatchSubCause(first.presented, first.accessPair);
    finding.subCause = subCause;
    finding.cause = causeOf(signature, subCause);
    finding.summary = `Refresh token ${describePair(first.refreshId, first.presented)} was presented with an access token of refresh token ${describePair(first.accessRt, first.accessPair)}${relation(subCause, first)}; ${refusals}${consequences(claimed)}.`;
  } else if (signature === 'concurrent-refresh') {
    const presented =
      first.reason === 'mismatch'
        ? `refresh token ${describePair(first.refreshId, first.presented)} was then presented with the older access token of refresh token ${describePair(first.accessRt, first.accessPair)}`
        : `the same refresh token ${describePair(first.refreshId, first.presented)} was then presented a second time`;
    finding.summary = `Another desktop of ${user ?? 'the agent'} (${sessionName(context.sibling!.session)}) refreshed at ${when(context.sibling!.line)} and rotated the pair; ${presented}; ${refusals}${consequences(claimed)}.`;
  } else if (signature === 'rotated-refresh-token-replayed') {
    const rotated = first.rotatedAt === undefined ? '' : ` at ${toIso(first.rotatedAt)}`;
    const lostAt = context.lostAnswers[0];
    const lostText = lostAt === undefined ? 'its answer is not in the logs given' : `Finesse lost its answer at ${when(lostAt.lines[0]!)} (${lostAt.failure})`;
    finding.summary = `The IdS rotated refresh token ${describePair(first.refreshId, first.presented)}${rotated} but ${lostText}; the retry presented the retired token and ${refusals}${consequences(claimed)}.`;
  } else if (signature === 'refresh-token-expired') {
    const expiredAt = first.expiredAt === undefined ? '' : ` expired at ${toIso(first.expiredAt)}`;
    finding.summary = `Refresh token ${describePair(first.refreshId, first.presented)}${expiredAt}; ${refusals}${consequences(claimed)}.`;
  } else {
    finding.summary = `The IdS gave a reason no signature covers ("${first.message}"); ${refusals}${consequences(claimed)}.`;
  }
  return finding;
}

function mismatchSubCause(presented: TokenPair | undefined, accessPair: TokenPair | undefined): string {
  if (presented === undefined || accessPair === undefined || presented.user !== accessPair.user) return 'foreign-pair';
  return accessPair.at <= presented.at ? 'stale-access-token' : 'stale-refresh-token';
}

function describePair(id: string | undefined, pair: TokenPair | undefined): string {
  if (id === undefined) return '(id not logged)';
  if (pair === undefined) return `${shortId(id)} (not issued in the logs given)`;
  const where = pair.lines.length === 0 ? `, logged at ${pair.file} line ${pair.line}` : '';
  return `${shortId(id)} (issued ${toIso(pair.at)} to ${pair.user}${where})`;
}

function relation(subCause: string, refusal: IdsRefusal): string {
  if (subCause === 'stale-access-token') return ', an earlier sign-in of the same user';
  if (subCause === 'stale-refresh-token') return ', a later pair of the same user';
  const other = refusal.accessPair?.user;
  return other !== undefined && other !== refusal.presented?.user ? `, a pair of another user (${other})` : '';
}

/** Ends a summary with what the desktop did next: failed refreshes, the banner when it gave up, the sign-out. */
function consequences(chains: FailureChain[]): string {
  const failures = chains.reduce((sum, chain) => sum + chain.failures.length, 0);
  const banner = chains.find((chain) => chain.banner)?.banner;
  const logout = [...chains].reverse().find((chain) => chain.logout)?.logout;
  const acts: string[] = [];
  if (failures > 0) acts.push(`reported ${failures} failed refresh${failures === 1 ? '' : 'es'}`);
  if (banner) acts.push(`exhausted its retries (banner) at ${when(banner.line)}`);
  if (logout) acts.push(`signed the agent out at ${when(logout.line)}`);
  if (acts.length === 0) return '';
  const last = acts.pop()!;
  return `; then the desktop ${acts.length > 0 ? `${acts.join(', ')} and ${last}` : last}`;
}

/** Finesse could not reach the IdS: one finding per outage, with the desktops that gave up meanwhile. */
function outageFinding(facts: LogFacts, outage: IdsConnectionError[], claimed: FailureChain[], explainedErrors: Set<RefreshError>): Finding {
  const first = outage[0]!;
  const last = outage[outage.length - 1]!;
  for (const error of facts.refreshErrors) if (error.connection && error.at >= first.at && error.at <= last.at) explainedErrors.add(error);
  const evidence = new EvidenceSet();
  for (const incident of quoted(outage)) evidence.add(incident.lines);
  const finding = draft('ids-unreachable', undefined, first.at, Math.max(last.at, ...claimed.map((chain) => chain.end)), evidence, claimed);
  const users = [...new Set(claimed.map((chain) => chain.user ?? `session ${chain.session.id}`))];
  const span = outage.length === 1 ? `at ${when(first.lines[0]!)}` : `${outage.length} times from ${when(first.lines[0]!)} to ${when(last.lines[0]!)}`;
  finding.summary = `Finesse could not reach the IdS ${span} (${first.failure})${users.length > 0 ? `; desktops that failed meanwhile: ${users.join(', ')}` : ''}.`;
  return finding;
}

/** A banner no server-side cause explains: the desktop gave up, and the logs given do not say why. */
function retriesExhaustedFindings(facts: LogFacts, chains: FailureChain[], explainedErrors: Set<RefreshError>): Finding[] {
  const findings: Finding[] = [];
  const errors = [...facts.refreshErrors].sort(byTime);
  for (const chain of chains) {
    if (chain.explainedBy !== undefined || chain.banner === undefined) continue;
    const banner = chain.banner;
    const evidence = new EvidenceSet();
    const related = within(errors, chain.start - RETRIES_WINDOW_MS, banner.at).filter((error) => !explainedErrors.has(error) && (error.user === undefined || error.user === chain.user));
    for (const error of related) explainedErrors.add(error);
    for (const error of quoted(related)) evidence.add(error.lines);
    const finding = draft('refresh-retries-exhausted', chain.user, chain.start, chain.end, evidence, [chain]);
    const statuses = [...new Set([...chain.failures, ...related].map((failure) => failure.status).filter((status) => status !== undefined))];
    const attempts = chain.failures.length > 0 ? ` after ${chain.failures.length} reported failure${chain.failures.length === 1 ? '' : 's'}${statuses.length > 0 ? ` (HTTP ${statuses.join(', ')})` : ''}` : '';
    finding.summary = `The desktop (${sessionName(chain.session)}) gave up refreshing at ${when(banner.line)}${attempts}; no IdS refusal or connection error explains it in the logs given${chain.logout ? `; forced sign-out at ${when(chain.logout.line)}` : ''}.`;
    findings.push(finding);
  }
  return findings;
}

/** 401 refusals nothing explains: webservices failures and desktop-reported failures that did not end in a banner. */
function unexplained401Findings(facts: LogFacts, chains: FailureChain[], explainedErrors: Set<RefreshError>): Finding[] {
  interface Refused {
    at: number;
    user: string | undefined;
    lines: LineRef[];
    chain?: FailureChain;
  }
  const refused: Refused[] = [];
  for (const error of facts.refreshErrors) if (error.status === 401 && !explainedErrors.has(error)) refused.push({ at: error.at, user: error.user, lines: error.lines });
  for (const chain of chains) {
    if (chain.explainedBy !== undefined || chain.banner !== undefined || chain.logout !== undefined) continue;
    const failures = chain.failures.filter((failure) => failure.status === 401);
    if (failures.length > 0) refused.push({ at: failures[0]!.at, user: chain.user, lines: failures.map((failure) => failure.line), chain });
  }
  const findings: Finding[] = [];
  for (const items of groupBy(refused.sort(byTime), (item) => item.user ?? '').values()) {
    for (const cluster of clusters(items, RETRIES_WINDOW_MS)) {
      const evidence = new EvidenceSet();
      for (const item of quoted(cluster)) evidence.add(item.lines);
      const first = cluster[0]!;
      const last = cluster[cluster.length - 1]!;
      const claimed = cluster.flatMap((item) => (item.chain ? [item.chain] : []));
      const finding = draft('unexplained-401', first.user, first.at, last.at, evidence, claimed);
      const server = cluster.filter((item) => item.chain === undefined).length;
      const desktop = cluster.reduce((sum, item) => sum + (item.chain ? item.lines.length : 0), 0);
      const seen = [server > 0 ? `${server} in the webservices log` : '', desktop > 0 ? `${desktop} reported by the desktop` : ''].filter(Boolean).join(', ');
      finding.summary = `Token refreshes${first.user ? ` of ${first.user}` : ''} were refused with 401 from ${when(first.lines[0]!)} (${seen}); no IdS line in the logs given says why.`;
      findings.push(finding);
    }
  }
  return findings;
}

/** Every forced sign-out the desktop logged, joined to the finding that explains its chain. */
function forcedLogoutFindings(chains: FailureChain[]): Finding[] {
  const findings: Finding[] = [];
  for (const chain of chains) {
    const logout = chain.logout;
    if (logout === undefined) continue;
    const evidence = new EvidenceSet();
    evidence.add(quoted(chain.failures).map((failure) => failure.line));
    if (chain.banner) evidence.add([chain.banner.line]);
    evidence.add([logout.line]);
    const finding = draft('forced-logout-after-refresh-failure', chain.user, logout.at, logout.at, evidence, []);
    const cause = chain.explainedBy;
    const grace = chain.banner ? `, ${formatDuration(logout.at - chain.banner.at)} after the banner at ${when(chain.banner.line)}` : '';
    const because = cause ? `cause: ${cause.signature}${cause.subCause ? ` (${cause.subCause})` : ''} from ${cause.first} (see that finding)` : 'no refresh failure before it in the logs given';
    if (cause) {
      finding.causedBy = cause.signature;
      finding.cause = `${finding.cause} It follows the ${cause.signature} finding of ${cause.first}.`;
    }
    finding.summary = `${chain.user ?? 'The agent'} was signed out at ${when(logout.line)} in ${sessionPlace(chain.session)}${grace}; ${because}.`;
    findings.push(finding);
  }
  return findings;
}

/** Sign-outs after presence loss (reason code 255): real, but not an SSO fault. */
function presenceFindings(facts: LogFacts): Finding[] {
  const findings: Finding[] = [];
  const clientEvents = [...facts.clientEvents].sort(byTime);
  for (const [user, logouts] of groupBy([...facts.presenceLogouts].sort(byTime), (logout) => logout.user)) {
    for (const cluster of clusters(logouts, OUTAGE_GAP_MS)) {
      const first = cluster[0]!;
      const last = cluster[cluster.length - 1]!;
      const evidence = new EvidenceSet();
      for (const logout of quoted(cluster)) evidence.add(logout.lines);
      for (const event of within(clientEvents, first.at - PRESENCE_CONTEXT_MS, last.at + PRESENCE_CONTEXT_MS)) {
        if (userOfSession(event.session) === user) evidence.add([event.line]);
      }
      const finding = draft('presence-forced-logout', user, first.at, last.at, evidence, []);
      finding.summary = `Finesse signed ${user} out at ${when(first.lines[0]!)} after losing the desktop's presence (reason code ${first.reasonCode ?? 'not given'}); not an SSO or token fault.`;
      findings.push(finding);
    }
  }
  return findings;
}

/** Restarts of one user's sign-in in one burst from which on they are a loop, not a one-off (a sign-in begun in another browser). */
export const SIGN_IN_LOOP_MIN = 3;

/** IdS entries about the sign-in itself: one finding per kind, user and burst. */
function signInFindings(facts: LogFacts): Finding[] {
  const findings: Finding[] = [];
  const byKindAndUser = groupBy([...facts.signInIncidents].sort(byTime), (incident) => `${incident.kind} ${incident.user ?? ''}`);
  for (const incidents of byKindAndUser.values()) {
    for (const cluster of clusters(incidents, OUTAGE_GAP_MS)) {
      const first = cluster[0]!;
      const last = cluster[cluster.length - 1]!;
      const evidence = new EvidenceSet();
      for (const incident of quoted(cluster)) evidence.add(incident.lines);
      const who = first.user ?? 'an agent';
      const times = cluster.length === 1 ? `at ${when(first.lines[0]!)}` : `${cluster.length} times from ${when(first.lines[0]!)} to ${when(last.lines[0]!)}`;
      if (first.kind === 'sign-in-restarted') {
        if (cluster.length < SIGN_IN_LOOP_MIN) continue;
        const finding = draft('sign-in-loop', first.user, first.at, last.at, evidence, []);
        finding.summary = `The IdS received the IdP's answer for ${who} without its sign-in cookie and started the sign-in again ${times}: a sign-in loop.`;
        findings.push(finding);
      } else if (first.kind === 'idp-session-ended') {
        const finding = draft('idp-session-ended', first.user, first.at, last.at, evidence, []);
        finding.summary = `The IdS refreshed ${who}'s tokens ${times} after the IdP session of the sign-in had ended: nothing fails now, but the next re-authentication asks for the password at the IdP.`;
        findings.push(finding);
      } else {
        const finding = draft('saml-assertion-outside-window', first.user, first.at, last.at, evidence, []);
        finding.summary = `The IdS refused the IdP's SAML assertion for ${who} ${times}: outside its NotBefore/NotOnOrAfter window, so the IdP's and the IdS's clocks disagree.`;
        findings.push(finding);
      }
    }
  }
  return findings;
}

function clockSkewFindings(sessions: ClientSession[], thresholdMs: number): Finding[] {
  const findings: Finding[] = [];
  for (const session of sessions) {
    const { skew } = session;
    if (skew.beyondThreshold === 0 || skew.first === undefined || skew.largest === undefined) continue;
    const evidence = new EvidenceSet();
    evidence.add([skew.first, skew.largest]);
    const first = Math.min(skew.first.at, skew.largest.at);
    const finding = draft('clock-skew', userOfSession(session), first, Math.max(skew.first.at, skew.largest.at), evidence, []);
    const direction = skew.largestMs > 0 ? 'behind' : 'ahead of';
    finding.summary = `In ${sessionName(session)}, the browser's clock ran up to ${formatDuration(Math.abs(skew.largestMs))} ${direction} the Finesse server's (${skew.beyondThreshold} line${skew.beyondThreshold === 1 ? '' : 's'} beyond the ${formatDuration(thresholdMs)} threshold).`;
    findings.push(finding);
  }
  return findings;
}

/** A finding with the catalog's texts; claimed chains join their lines and now point to it. */
function draft(signature: SignatureId, user: string | undefined, first: number, last: number, evidence: EvidenceSet, claimed: FailureChain[]): Finding {
  for (const chain of claimed) {
    evidence.add(quoted(chain.failures).map((failure) => failure.line));
    if (chain.banner) evidence.add([chain.banner.line]);
    if (chain.logout) evidence.add([chain.logout.line]);
  }
  const finding = catalogFinding(signature, user, first, last, evidence.list());
  for (const chain of claimed) chain.explainedBy = finding;
  return finding;
}

/** Evidence lines of one finding, each once, in time order, bounded. */
class EvidenceSet {
  private readonly lines = new Map<string, LineRef>();

  add(lines: readonly LineRef[] | undefined): void {
    for (const line of lines ?? []) this.lines.set(`${line.file}\n${line.line}`, line);
  }

  list(): Finding['evidence'] {
    const sorted = [...this.lines.values()].sort((a, b) => a.at - b.at || a.file.localeCompare(b.file) || a.line - b.line);
    const kept = sorted.length <= MAX_EVIDENCE ? sorted : [...sorted.slice(0, MAX_EVIDENCE - 20), ...sorted.slice(-20)];
    return kept.map((line) => ({ file: line.file, line: line.line, text: line.text, at: toIso(line.at) }));
  }
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group === undefined) groups.set(keyOf(item), [item]);
    else group.push(item);
  }
  return groups;
}

/** The items of a time-sorted list from `from` to `to`, both included. */
function within<T extends { at: number }>(sorted: readonly T[], from: number, to: number): T[] {
  return sorted.slice(lowerBound(sorted, from), lowerBound(sorted, to + 1));
}

/** Items close in time (each within `gap` of the previous) grouped; input sorted by time. */
function clusters<T extends { at: number }>(sorted: readonly T[], gap: number): T[][] {
  const groups: T[][] = [];
  for (const item of sorted) {
    const current = groups[groups.length - 1];
    if (current !== undefined && item.at - current[current.length - 1]!.at <= gap) current.push(item);
    else groups.push([item]);
  }
  return groups;
}

/** The first few and last few of a long run. */
function quoted<T>(items: readonly T[]): T[] {
  return items.length <= QUOTED_HEAD + QUOTED_TAIL ? [...items] : [...items.slice(0, QUOTED_HEAD), ...items.slice(-QUOTED_TAIL)];
}

/** `2017-03-25T10:15:27.507Z (05:15:27.507 -05:00 in the log)`: UTC, and the time as the log wrote it. */
function when(line: LineRef): string {
  const utc = toIso(line.at);
  return line.offsetMin === 0 ? utc : `${utc} (${toLocal(line.at, line.offsetMin).slice(11)} in the log)`;
}

/** `client session C5E373 of Agent2 in client.log` */
function sessionName(session: ClientSession): string {
  const user = userOfSession(session);
  return `client session ${session.id}${user ? ` of ${user}` : ''} in ${session.file}`;
}

/** `client session C5E373 (client.log)` */
function sessionPlace(session: ClientSession): string {
  return `client session ${session.id} (${session.file})`;
}
