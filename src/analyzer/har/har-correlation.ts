/**
 * Logs and a HAR of the same incident tell one story: the finding the logs make (with the IdS
 * line that refused the refresh) takes in what the HAR shows of it (the cached token answer, the
 * refused refreshes as the browser saw them) instead of standing next to a second finding.
 * Joined when the signature matches, the users do not differ and the HAR's failed refreshes fall
 * within the logs' finding (server times on both sides: the HAR's are read from `Date`).
 */
import { toIso } from '../timestamps.ts';
import type { Evidence, Finding } from '../types.ts';
import type { HarFinding } from './har-findings.ts';

/** The HAR's time of a refresh (its `Date`, whole seconds) and the log line of the same request this close. */
const SAME_INCIDENT_MS = 120_000;
const MAX_EVIDENCE = 60;
/** Log lines that are the server's side of a failed refresh. */
const SERVER_SIDE = /mismatch|refus|Invalid Token|expired|ConnectException|Connection refused|unreachable|threw error/i;

/** The log findings with the HAR findings of the same incidents folded in, and the HAR findings that stand alone. */
export function joinHarFindings(logFindings: readonly Finding[], harFindings: readonly HarFinding[]): Finding[] {
  const standalone: Finding[] = [];
  for (const har of harFindings) {
    const match = har.failures.length > 0 ? logFindings.find((finding) => sameIncident(finding, har)) : undefined;
    if (match === undefined) standalone.push(har.finding);
    else fold(match, har);
  }
  return [...logFindings, ...standalone];
}

function sameIncident(finding: Finding, har: HarFinding): boolean {
  const signature =
    har.finding.signature === 'unexplained-401'
      ? finding.signature === 'refresh-token-mismatch' || finding.signature === 'unexplained-401'
      : finding.signature === har.finding.signature;
  if (!signature) return false;
  if (finding.user !== null && har.finding.user !== null && finding.user !== har.finding.user) return false;
  const from = Date.parse(finding.first) - SAME_INCIDENT_MS;
  const to = Date.parse(finding.last) + SAME_INCIDENT_MS;
  return har.failures.some((failure) => failure.at >= from && failure.at <= to);
}

function fold(finding: Finding, har: HarFinding): void {
  const first = har.failures[0]!;
  const serverLine = closestServerLine(finding.evidence, first.at);
  const pairing = serverLine
    ? ` The HAR's refresh at ${har.record.file}#entries[${first.index}] (${first.method} ${first.path} → ${first.status}, ${toIso(first.at)}) is the one refused in ${serverLine.file}:${serverLine.line} (${serverLine.at}).`
    : '';
  finding.summary = `${finding.summary} The browser's side, from ${har.record.file}: ${har.browserStory}${pairing}`;
  finding.evidence = [...finding.evidence, ...har.finding.evidence].sort((a, b) => a.at.localeCompare(b.at)).slice(0, MAX_EVIDENCE);
  finding.user ??= har.finding.user;
  if (finding.subCause === undefined && har.finding.subCause !== undefined) finding.subCause = har.finding.subCause;
}

function closestServerLine(evidence: readonly Evidence[], at: number): Evidence | undefined {
  let best: Evidence | undefined;
  for (const line of evidence) {
    if (!SERVER_SIDE.test(line.text)) continue;
    const distance = Math.abs(Date.parse(line.at) - at);
    if (distance <= SAME_INCIDENT_MS && (best === undefined || distance < Math.abs(Date.parse(best.at) - at))) best = line;
  }
  return best;
}
