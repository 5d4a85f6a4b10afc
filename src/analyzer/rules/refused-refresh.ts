/**
 * IdS refusals of a refresh, one finding per group of refusals of the same tokens; the reason the
 * IdS gave, and a sibling desktop's refresh at the rotation, choose the signature.
 */
import { byTime, closest } from '../correlate.ts';
import type { ClientEvent, IdsRefusal, ServerIncident, TokenPair } from '../events.ts';
import { userOfSession } from '../events.ts';
import type { LogFacts } from '../facts.ts';
import { shortId } from '../mask-tokens.ts';
import { causeOf, type SignatureId } from '../signatures.ts';
import { toIso } from '../timestamps.ts';
import type { Finding } from '../types.ts';
import { draft, EvidenceSet, quoted } from './evidence.ts';
import type { FailureChain } from './failure-chains.ts';
import type { Rule, RuleContext } from './rule.ts';
import type { RefusalCause } from './server-causes.ts';
import { consequences, sessionName, when } from './wording.ts';

/** A refresh another desktop of the same user completed this close to the rotation a refusal met means the two raced. */
const CONCURRENT_MS = 10_000;
/** The IdS logs its exception right after the refusal line, on the same thread. */
const SAME_ENTRY_MS = 1_000;

export const refusedRefresh: Rule = {
  stage: 'server-cause',
  detect({ facts, causes, explainedErrors }: RuleContext): Finding[] {
    const authExceptions = [...facts.authExceptions].sort(byTime);
    return causes.refusals.map((cause) => {
      const first = cause.refusals[0]!;
      // Two desktops racing: a mismatch, or (when both requests reached Finesse before the rotation) a replay with no lost answer.
      const racing = first.reason === 'mismatch' || (first.reason === 'already-used' && cause.lostAnswers.length === 0);
      const sibling = racing ? siblingRefresh(facts, first, cause.chains) : undefined;
      const finding = refusalFinding(refusalSignature(first.reason, sibling !== undefined), cause, authExceptions, sibling);
      for (const refusal of cause.refusals) if (refusal.refreshError) explainedErrors.add(refusal.refreshError);
      return finding;
    });
  },
};

function refusalSignature(reason: IdsRefusal['reason'], concurrent: boolean): SignatureId {
  if (concurrent) return 'concurrent-refresh';
  if (reason === 'mismatch') return 'refresh-token-mismatch';
  if (reason === 'expired') return 'refresh-token-expired';
  return reason === 'already-used' ? 'rotated-refresh-token-replayed' : 'unexplained-401';
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

function refusalFinding(signature: SignatureId, cause: RefusalCause, authExceptions: ServerIncident[], sibling: ClientEvent | undefined): Finding {
  const { refusals: group, chains: claimed, lostAnswers } = cause;
  const first = group[0]!;
  const last = group[group.length - 1]!;
  const user = first.user;
  const evidence = new EvidenceSet();
  evidence.add(first.presented?.lines);
  evidence.add(first.accessPair?.lines);
  if (sibling) evidence.add([sibling.line]);
  for (const error of lostAnswers) evidence.add(error.lines);
  for (const refusal of quoted(group)) {
    evidence.add(refusal.lines);
    evidence.add(closest(authExceptions, refusal.at, 0, SAME_ENTRY_MS, (exception) => exception.thread === refusal.thread)?.lines);
    evidence.add(refusal.refreshError?.lines);
  }
  const finding = draft(signature, user, first.at, Math.max(last.at, ...claimed.map((chain) => chain.end)), evidence, claimed);
  const refusals =
    group.length === 1
      ? `the IdS refused the refresh at ${when(first.lines[0]!)}`
      : `the IdS refused ${group.length} refreshes from ${when(first.lines[0]!)} to ${when(last.lines[0]!)}`;
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
    finding.summary = `Another desktop of ${user ?? 'the agent'} (${sessionName(sibling!.session)}) refreshed at ${when(sibling!.line)} and rotated the pair; ${presented}; ${refusals}${consequences(claimed)}.`;
  } else if (signature === 'rotated-refresh-token-replayed') {
    const rotated = first.rotatedAt === undefined ? '' : ` at ${toIso(first.rotatedAt)}`;
    const lostAt = lostAnswers[0];
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
