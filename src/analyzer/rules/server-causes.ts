/**
 * Server-side causes (IdS refusals of one pair, IdS outages) and the client failure chains each
 * explains. They are found before any rule runs, because a refusal and an outage compete for the
 * same chains: each chain goes to the nearest explanation, not the first one found.
 */
import { byTime, CLIENT_LEAD_MS, lowerBound, RETRIES_WINDOW_MS } from '../correlate.ts';
import type { IdsConnectionError, IdsRefusal } from '../events.ts';
import type { LogFacts } from '../facts.ts';
import type { FailureChain } from './failure-chains.ts';
import { clusters, groupBy, OUTAGE_GAP_MS } from './time-groups.ts';

/** A connection failure this soon after the IdS rotated a pair is that refresh's answer being lost (Java time-outs run up to a minute). */
const LOST_ANSWER_MS = 60_000;
/** Causes further back than this are not looked at (retries and the grace period take minutes). */
const LOOKBACK_MS = 6 * 3_600_000;

/** IdS refusals of the same tokens, with the lost answers that led to them and the chains they explain. */
export interface RefusalCause {
  refusals: IdsRefusal[];
  /** Connection failures of the refresh whose answer was lost (rotated-refresh-token-replayed). */
  lostAnswers: IdsConnectionError[];
  chains: FailureChain[];
}

/** Finesse's connection failures to the IdS close in time, and the chains they explain. */
export interface OutageCause {
  errors: IdsConnectionError[];
  chains: FailureChain[];
}

export interface ServerCauses {
  refusals: RefusalCause[];
  outages: OutageCause[];
}

/** A cause as the chains are assigned: when it started and ended, and whose refreshes it concerns. */
interface Cause {
  at: number;
  end: number;
  /** The user whose refreshes were refused; an outage concerns every user. */
  user: string | undefined;
  outage: boolean;
  chains: FailureChain[];
}

export function serverCauses(facts: LogFacts, chains: FailureChain[]): ServerCauses {
  const refusalGroups = groupRefusals(facts.refusals);
  const lostAnswers = refusalGroups.map((group) => lostAnswersBefore(group, facts.connectionErrors));
  const lost = new Set(lostAnswers.flat());
  const outageGroups = clusters(facts.connectionErrors.filter((error) => !lost.has(error)).sort(byTime), OUTAGE_GAP_MS);
  const refusals = refusalGroups.map((group, index): RefusalCause & Cause => ({
    at: Math.min(group[0]!.at, ...lostAnswers[index]!.map((error) => error.at)),
    end: group[group.length - 1]!.at,
    user: group[0]!.user,
    outage: false,
    refusals: group,
    lostAnswers: lostAnswers[index]!,
    chains: [],
  }));
  const outages = outageGroups.map((errors): OutageCause & Cause => ({
    at: errors[0]!.at,
    end: errors[errors.length - 1]!.at,
    user: undefined,
    outage: true,
    errors,
    chains: [],
  }));
  assignChains(chains, [...refusals, ...outages]);
  return { refusals, outages };
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

/** Finesse's connection failures right after the IdS rotated the pair a replay then presented: the answers that were lost. */
function lostAnswersBefore(group: IdsRefusal[], connectionErrors: readonly IdsConnectionError[]): IdsConnectionError[] {
  const rotatedAt = group[0]!.reason === 'already-used' ? group[0]!.rotatedAt : undefined;
  if (rotatedAt === undefined) return [];
  return connectionErrors.filter((error) => error.at >= rotatedAt && error.at <= rotatedAt + LOST_ANSWER_MS && error.at <= group[0]!.at);
}

/**
 * Each client failure chain goes to the latest cause that started before it (within the retry
 * window) for the same user, or to an outage: the nearest explanation, not the first one found.
 */
function assignChains(chains: FailureChain[], causes: Cause[]): void {
  const byUser = groupBy(causes.filter((cause) => !cause.outage && cause.user !== undefined).sort(byTime), (cause) => cause.user);
  const outages = causes.filter((cause) => cause.outage).sort(byTime);
  for (const chain of chains) {
    const own = chain.user === undefined ? undefined : latestCovering(byUser.get(chain.user) ?? [], chain.start);
    const outage = latestCovering(outages, chain.start);
    const best = own !== undefined && outage !== undefined ? (own.at >= outage.at ? own : outage) : (own ?? outage);
    best?.chains.push(chain);
  }
}

/** The latest cause (sorted by start) that started by `at` and whose retry window still covers it. */
function latestCovering(sorted: readonly Cause[], at: number): Cause | undefined {
  for (let i = lowerBound(sorted, at + CLIENT_LEAD_MS + 1) - 1; i >= 0 && sorted[i]!.at >= at - LOOKBACK_MS; i -= 1) {
    if (sorted[i]!.end + RETRIES_WINDOW_MS >= at) return sorted[i];
  }
  return undefined;
}
