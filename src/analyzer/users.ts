/**
 * The per-user part of the report: each user's timeline across the three logs (sign-ins, token
 * pairs by id, refreshes, failures, banner, sign-out) and the client sessions found to be theirs.
 */
import type { ClientSession, IdsRefusal, RefreshError } from './events.ts';
import { userOfSession } from './events.ts';
import type { LogFacts } from './facts.ts';
import { shortId } from './mask-tokens.ts';
import { BoundedTimeline, type TimelineItem } from './timeline.ts';
import { toIso } from './timestamps.ts';
import type { UserReport } from './types.ts';

const UNKNOWN_USER = '(unknown user)';

/** Call once, after correlation: it files the server failures and the sessions' events under their users. */
export function userReports(facts: LogFacts): UserReport[] {
  const unknown = new BoundedTimeline();
  const timelineOf = (user: string | undefined) => (user === undefined ? unknown : facts.timelineOf(user));
  for (const [session, timeline] of facts.sessionTimelines) timelineOf(userOfSession(session)).merge(timeline);
  for (const refusal of facts.refusals) recordRefusal(timelineOf(refusal.user), refusal);
  for (const error of facts.refreshErrors) recordRefreshError(timelineOf(error.user), error);

  const sessionsOf = new Map<string, ClientSession[]>();
  for (const session of facts.sessions) {
    const user = userOfSession(session) ?? UNKNOWN_USER;
    sessionsOf.set(user, [...(sessionsOf.get(user) ?? []), session]);
  }
  const reports: UserReport[] = [];
  const names = [...facts.timelines.keys()].sort((a, b) => a.localeCompare(b));
  for (const user of names) reports.push(report(user, facts.timelines.get(user)!, sessionsOf.get(user) ?? []));
  if (!unknown.isEmpty) reports.push(report(UNKNOWN_USER, unknown, sessionsOf.get(UNKNOWN_USER) ?? []));
  return reports;
}

function report(user: string, timeline: BoundedTimeline, sessions: ClientSession[]): UserReport {
  const joinedBy = sessions.flatMap((session) => (session.joinedBy && userOfSession(session) === session.joinedUser ? [session.joinedBy] : []));
  const counts = Object.fromEntries(timeline.counts) as UserReport['counts'];
  const items = withoutEchoes(timeline.items(), counts);
  return {
    user,
    sessions: [...new Set(sessions.map((session) => session.id))],
    ...(joinedBy.length > 0 ? { joinedBy: joinedBy.join('; ') } : {}),
    counts,
    ...(items.length > 0 ? { first: toIso(items[0]!.at), last: toIso(items[items.length - 1]!.at) } : {}),
    timeline: items.map((item) => ({ at: toIso(item.at), event: item.event, detail: detailOf(item), file: item.file, line: item.line, ...pairsOf(item) })),
    omittedEvents: timeline.omittedEvents,
  };
}

/** The desktop and the server both log a sign-in or sign-out: one event, shown and counted once. */
const ECHO_WINDOW_MS = 5_000;
const ECHOED: ReadonlySet<TimelineItem['event']> = new Set(['sign-in', 'sign-out']);

function withoutEchoes(items: TimelineItem[], counts: UserReport['counts']): TimelineItem[] {
  const kept: TimelineItem[] = [];
  for (const item of items) {
    const echo =
      ECHOED.has(item.event) && kept.some((earlier) => earlier.event === item.event && earlier.file !== item.file && item.at - earlier.at <= ECHO_WINDOW_MS);
    if (echo) counts[item.event] = (counts[item.event] ?? 1) - 1;
    else kept.push(item);
  }
  return kept;
}

function detailOf(item: TimelineItem): string {
  if (item.event !== 'token-pair') return item.detail;
  return `refresh token ${shortId(item.refreshId ?? '?')} with access token ${shortId(item.accessId ?? '?')}`;
}

/** The pair an event shows, for the timeline picture: a refusal carries the presented refresh token and the access token's pair. */
function pairsOf(item: TimelineItem): { pair?: string; presented?: string } {
  if (item.event === 'token-pair' && item.refreshId !== undefined) return { pair: shortId(item.refreshId) };
  if (item.event !== 'refresh-refused' || item.refreshId === undefined) return {};
  return { pair: shortId(item.accessId ?? item.refreshId), presented: shortId(item.refreshId) };
}

function recordRefusal(timeline: BoundedTimeline, refusal: IdsRefusal): void {
  const line = refusal.lines[0]!;
  let detail: string;
  if (refusal.reason === 'mismatch')
    detail = `IdS refused the refresh: refresh token id mismatch (refresh token ${shortId(refusal.refreshId ?? '?')} presented with an access token of refresh token ${shortId(refusal.accessRt ?? '?')})`;
  else if (refusal.reason === 'expired')
    detail = `IdS refused the refresh: refresh token ${shortId(refusal.refreshId ?? '?')} expired${refusal.expiredAt === undefined ? '' : ` at ${toIso(refusal.expiredAt)}`}`;
  else if (refusal.reason === 'already-used')
    detail = `IdS refused the refresh: refresh token ${shortId(refusal.refreshId ?? '?')} already used${refusal.rotatedAt === undefined ? '' : ` (rotated at ${toIso(refusal.rotatedAt)})`}`;
  else detail = `IdS refused the refresh: ${refusal.message}`;
  // For a refusal, the timeline's access id is the refresh-token id the presented access token names (its pair).
  timeline.record(refusal.at, line.offsetMin, 'refresh-refused', detail, line.file, line.line, refusal.refreshId, refusal.accessRt);
}

function recordRefreshError(timeline: BoundedTimeline, error: RefreshError): void {
  const line = error.lines[error.lines.length - 1]!;
  const outcome = error.connection ?? (error.status === undefined ? 'failed' : `HTTP ${error.status}`);
  const header = error.lines.find((candidate) => candidate.text.includes('Error refreshing access token')) ?? line;
  timeline.record(error.at, header.offsetMin, 'refresh-failed', `Finesse's refresh request to the IdS failed: ${outcome}`, header.file, header.line);
}
