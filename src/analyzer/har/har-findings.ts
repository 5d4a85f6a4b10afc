/**
 * The catalog's rules read from one HAR: failed refreshes grouped into incidents (a refresh and
 * its retries), each named by what the HAR shows before and after it: a token answer from the
 * cache (the stale access token of TAC 212067), an expired refresh token, an unreachable IdS;
 * then the sign-out the incident led to, and a token answer the cache may store at all.
 */
import { formatDuration } from '../../kernel/duration.ts';
import { RETRIES_WINDOW_MS } from '../correlate.ts';
import { catalogFinding } from '../catalog-finding.ts';
import { causeOf, type SignatureId } from '../signatures.ts';
import { toIso } from '../timestamps.ts';
import type { Evidence, Finding } from '../types.ts';
import type { DesktopLine, HarItem, HarRecord, RefreshAttempt, SignOutPage, TokenAnswer } from './har-record.ts';

/** The desktop signs out about 10 minutes after its banner; later is another story. */
const GRACE_WINDOW_MS = 20 * 60_000;
const MAX_EVIDENCE = 40;
/** Of a long run of retries, the first and last few are quoted. */
const QUOTED = 6;

/** A finding drawn from a HAR, with the refreshes it rests on (to join it with the logs' finding of the same incident). */
export interface HarFinding {
  finding: Finding;
  record: HarRecord;
  failures: RefreshAttempt[];
  /** The sentence that tells what the browser saw, for a joined finding. */
  browserStory: string;
}

export function harFindings(record: HarRecord): HarFinding[] {
  const found: HarFinding[] = [];
  for (const failures of incidents(record.refreshes)) {
    const incident = describeIncident(record, failures);
    if (incident === undefined) continue;
    found.push(incident);
    const logout = incident.signOut;
    if (logout !== undefined) found.push(forcedLogout(record, incident, logout));
  }
  const cacheable = cacheableFinding(record);
  if (cacheable) found.push(cacheable);
  return found;
}

interface Incident extends HarFinding {
  signOut?: HarItem & { reason?: string };
}

/** Failed refreshes, each within the retry window of the previous and with no successful refresh between them. */
function incidents(refreshes: RefreshAttempt[]): RefreshAttempt[][] {
  const groups: RefreshAttempt[][] = [];
  let current: RefreshAttempt[] | undefined;
  for (const refresh of [...refreshes].sort((a, b) => a.startedAt - b.startedAt)) {
    if (refresh.outcome === 'ok') {
      current = undefined;
      continue;
    }
    if (current !== undefined && refresh.at - current[current.length - 1]!.at <= RETRIES_WINDOW_MS) current.push(refresh);
    else groups.push((current = [refresh]));
  }
  return groups;
}

function describeIncident(record: HarRecord, failures: RefreshAttempt[]): Incident | undefined {
  const first = failures[0]!;
  const last = failures[failures.length - 1]!;
  const answer = latestBefore(record.tokenAnswers, first);
  // Lines by their server time: a report may post them long after they were written.
  const banner = record.desktopLines.find((line) => line.kind === 'banner' && line.at >= first.at && line.at <= last.at + RETRIES_WINDOW_MS);
  const signOut = firstSignOut(record, first, banner);
  const signature = signatureOf(first, answer);
  if (signature === undefined) return undefined;
  const evidence: Array<HarItem & { text: string }> = [];
  const earlier =
    answer?.access === undefined ? undefined : record.tokenAnswers.find((other) => other.access === answer.access && other.startedAt < answer.startedAt);
  if (earlier) evidence.push({ ...earlier, text: tokenAnswerText(earlier) });
  if (answer) evidence.push({ ...answer, text: tokenAnswerText(answer) });
  for (const failure of quoted(failures)) evidence.push({ ...failure, text: refreshText(failure) });
  if (banner) evidence.push({ ...banner, text: lineText(banner) });
  if (signOut) evidence.push({ ...signOut, text: signOutText(signOut) });

  const refused =
    failures.length === 1
      ? `the refresh at ${at(first)} was ${outcomeWords(first)}`
      : `${failures.length} refreshes (the first and ${failures.length - 1} retries) were ${outcomeWords(first)} from ${at(first)} to ${at(last)}`;
  const after = [
    banner ? `the desktop logged the banner at ${at(banner)}` : '',
    signOut ? `the browser went to the sign-out page at ${at(signOut)}${signOut.reason ? ` (reason ${signOut.reason})` : ''}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  let story: string;
  if (signature === 'refresh-token-mismatch') {
    const staleAnswer = answer!;
    const presented =
      first.presented === undefined
        ? ''
        : `; the desktop presented access token ${first.presented}${first.presented === staleAnswer.access ? " (that answer's)" : ''}`;
    const origin = earlier
      ? `, the access token ${staleAnswer.access} of the answer at ${place(earlier)} (${at(earlier)})`
      : staleAnswer.access
        ? `, access token ${staleAnswer.access}`
        : '';
    story = `The token answer at ${place(staleAnswer)} came ${sourceWords(staleAnswer)}${dateWords(staleAnswer)}${origin}${presented}; ${refused}`;
  } else if (signature === 'ids-unreachable') {
    story = `Finesse answered the desktop's refresh with ${statuses(failures)}: ${refused} (INFERRED from the answers: a 5xx or no answer to a refresh is an IdS Finesse cannot reach)`;
  } else {
    story = `${refused}${answer ? `; the token answer before them came ${sourceWords(answer)}` : ''}`;
  }
  story = `${story}${after ? `; then ${after}` : ''}.`;
  const finding = draft(signature, record.user, first.at, Math.max(last.at, banner?.at ?? 0, signOut?.at ?? 0), evidence);
  if (signature === 'refresh-token-mismatch') {
    finding.subCause = 'stale-access-token';
    finding.cause = causeOf(signature, 'stale-access-token');
  }
  finding.summary = `${story} (HAR ${record.file}${record.creator ? `, ${record.creator}` : ''})`;
  return { finding, record, failures, browserStory: story, ...(signOut ? { signOut } : {}) };
}

/**
 * What a failed refresh means, given the token answer the desktop started from: a refusal after
 * a cached (or earlier-dated) answer is the stale access token; the others by their answer.
 */
function signatureOf(first: RefreshAttempt, answer: TokenAnswer | undefined): SignatureId | undefined {
  if (first.outcome === 'refused') return answer !== undefined && answer.source !== 'network' ? 'refresh-token-mismatch' : 'unexplained-401';
  if (first.outcome === 'expired') return 'refresh-token-expired';
  if (first.outcome === 'unreachable') return 'ids-unreachable';
  return undefined;
}

function firstSignOut(record: HarRecord, first: RefreshAttempt, banner: DesktopLine | undefined): (HarItem & { reason?: string }) | undefined {
  const until = (banner?.at ?? first.at) + GRACE_WINDOW_MS;
  const logged = record.desktopLines.find((line) => line.kind === 'forced-logout' && line.at >= first.at && line.at <= until);
  const page: SignOutPage | undefined = record.signOutPages.find((candidate) => candidate.startedAt >= first.startedAt && candidate.at <= until);
  return page ?? logged;
}

function forcedLogout(record: HarRecord, cause: Incident, signOut: HarItem & { reason?: string }): HarFinding {
  const finding = draft('forced-logout-after-refresh-failure', record.user, signOut.at, signOut.at, [{ ...signOut, text: signOutText(signOut) }]);
  finding.causedBy = cause.finding.signature;
  finding.cause = `${finding.cause} It follows the ${cause.finding.signature} finding of ${cause.finding.first}.`;
  const since = formatDuration(signOut.at - cause.failures[0]!.at);
  finding.summary = `${record.user ?? 'The agent'} was signed out at ${at(signOut)} (${place(signOut)}), ${since} after the first failed refresh; cause: ${cause.finding.signature}${cause.finding.subCause ? ` (${cause.finding.subCause})` : ''} from ${cause.finding.first} (see that finding).`;
  return { finding, record, failures: cause.failures, browserStory: finding.summary };
}

/** Token answers the browser may store (or did serve from its cache): the lab is exposed even when nothing failed. */
function cacheableFinding(record: HarRecord): HarFinding | undefined {
  const exposed = record.tokenAnswers.filter((answer) => answer.cacheability.storable || answer.source !== 'network');
  if (exposed.length === 0) return undefined;
  const first = exposed[0]!;
  const served = exposed.filter((answer) => answer.source !== 'network');
  const finding = draft(
    'token-response-cacheable',
    record.user,
    first.at,
    exposed[exposed.length - 1]!.at,
    quoted(exposed).map((answer) => ({ ...answer, text: tokenAnswerText(answer) })),
  );
  const headers = first.cacheability.storable
    ? `its headers (${first.cacheability.headers}) let the browser store it`
    : `the browser served it from its cache (${first.cacheability.headers})`;
  const hits =
    served.length > 0
      ? `; ${served.length} of ${record.tokenAnswers.length} token answers in this HAR came from the cache`
      : '; none came from the cache in this HAR';
  finding.summary = `The token answer at ${place(first)} (${first.method} ${first.path}): ${headers}${hits} (HAR ${record.file}).`;
  return { finding, record, failures: [], browserStory: finding.summary };
}

function draft(signature: SignatureId, user: string | undefined, first: number, last: number, items: Array<HarItem & { text: string }>): Finding {
  return catalogFinding(signature, user, first, last, harEvidence(items));
}

/** Evidence lines pointing at HAR entries (`affected.har#entries[12]`, line: the 1-based entry number), each once, in entry order. */
export function harEvidence(items: Array<HarItem & { text: string }>): Evidence[] {
  const unique = new Map<string, HarItem & { text: string }>();
  for (const item of items) unique.set(`${item.file}#${item.index}#${item.text}`, item);
  return [...unique.values()]
    .sort((a, b) => a.index - b.index)
    .slice(0, MAX_EVIDENCE)
    .map((item) => ({ file: `${item.file}#entries[${item.index}]`, line: item.index + 1, text: item.text, at: toIso(item.at) }));
}

function latestBefore(answers: TokenAnswer[], failure: RefreshAttempt): TokenAnswer | undefined {
  let latest: TokenAnswer | undefined;
  for (const answer of answers) if (answer.startedAt <= failure.startedAt && (latest === undefined || answer.startedAt >= latest.startedAt)) latest = answer;
  return latest;
}

function quoted<T>(items: T[]): T[] {
  return items.length <= QUOTED ? items : [...items.slice(0, QUOTED - 2), ...items.slice(-2)];
}

function at(item: HarItem): string {
  return toIso(item.at);
}

function place(item: HarItem): string {
  return `entries[${item.index}]`;
}

function sourceWords(answer: TokenAnswer): string {
  switch (answer.source) {
    case 'disk-cache':
      return 'from the disk cache (_fromCache: disk)';
    case 'memory-cache':
      return 'from the memory cache (_fromCache: memory)';
    case 'cache-transfer-size':
      return 'from the browser cache (transfer size 0)';
    case 'cache-date-age':
      return `from the browser cache (its Date ${formatDuration(answer.ageMs ?? 0)} older than the request${answer.transferSize === 0 ? ', transfer size 0' : ''})`;
    default:
      return 'from the network';
  }
}

function dateWords(answer: TokenAnswer): string {
  if (answer.date === undefined || answer.source === 'cache-date-age') return '';
  return answer.ageMs !== undefined && answer.ageMs > 1_000
    ? `, dated ${toIso(answer.date)} (${formatDuration(answer.ageMs)} before the request)`
    : `, dated ${toIso(answer.date)}`;
}

function outcomeWords(failure: RefreshAttempt): string {
  if (failure.outcome === 'refused') return `refused (${failure.status}${failure.message ? ` ${failure.message}` : ''})`;
  if (failure.outcome === 'expired') return `refused: refresh token expired (${failure.status})`;
  if (failure.outcome === 'unreachable') return `answered ${failure.status === 0 ? 'with no response' : failure.status}`;
  return `answered ${failure.status}`;
}

function statuses(failures: RefreshAttempt[]): string {
  return [...new Set(failures.map((failure) => (failure.status === 0 ? 'no response' : String(failure.status))))].join(', ');
}

function marker(item: HarItem): string {
  const parts = [
    item.fromCache ? `_fromCache: ${item.fromCache}` : '',
    item.transferSize !== undefined ? `transfer ${item.transferSize} B` : '',
    item.date !== undefined ? `Date ${toIso(item.date)}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

function tokenAnswerText(answer: TokenAnswer): string {
  return `${answer.method} ${answer.path} → ${answer.status} ${sourceWords(answer)}${answer.access ? `, access token ${answer.access}` : ''}${answer.afterSignIn ? `, after an ${answer.afterSignIn} sign-in` : ''}; ${answer.cacheability.headers}${marker(answer)}; started ${toIso(answer.startedAt)} (browser clock)`;
}

function refreshText(refresh: RefreshAttempt): string {
  return `${refresh.method} ${refresh.path} → ${refresh.status === 0 ? 'no response' : refresh.status}${refresh.message ? ` ${refresh.message}` : ''}${refresh.presented ? `, presented access token ${refresh.presented}` : ''}${marker(refresh)}; started ${toIso(refresh.startedAt)} (browser clock)`;
}

function lineText(line: DesktopLine): string {
  return `${line.method} ${line.path} (client log): ${line.text}`;
}

function signOutText(item: HarItem & { reason?: string; text?: string }): string {
  return 'kind' in item
    ? lineText(item as DesktopLine)
    : `${item.method} ${item.path} → ${item.status} (sign-out page${item.reason ? `, reason ${item.reason}` : ''})`;
}
