/**
 * Findings grouped into incidents, applied after the rules: one incident per failure a person
 * would tell apart (its cause, with the sign-out it led to), and what made it separate from the
 * one before (a new sign-in, another user, a quiet stretch). The same cause twice is two
 * incidents, told once in full and then by reference.
 */
import { formatDuration } from '../kernel/duration.ts';
import { severityRank } from './signatures.ts';
import type { AnalysisReport, Finding } from './types.ts';

export interface Incident {
  /** 1, 2, … in time order. */
  number: number;
  user: string | null;
  first: string;
  last: string;
  /** The finding that names what went wrong (the most severe of those that overlap). */
  finding: Finding;
  /** Findings this one led to (a forced sign-out) or that overlap it for the same user. */
  related: Finding[];
  /** Why this is not the incident before: the first one says it is the first. */
  separatedBy: string;
  /** An earlier incident with the same signature and sub-cause: its cause and workaround are not repeated. */
  sameCauseAs?: number;
}

const ms = (iso: string) => Date.parse(iso);

/** Groups the report's findings; every finding lands in exactly one incident. */
export function groupIncidents(report: Pick<AnalysisReport, 'findings' | 'users'>): Incident[] {
  const ordered = [...report.findings].sort((a, b) => ms(a.first) - ms(b.first) || severityRank(a.severity) - severityRank(b.severity));
  const groups: { findings: Finding[]; first: number; last: number; user: string | null }[] = [];
  for (const finding of ordered) {
    const sameUser = groups.filter((group) => group.user === finding.user);
    // A consequence joins the latest incident its cause names; anything else joins an incident of the same user it overlaps.
    const home =
      finding.causedBy !== undefined
        ? sameUser.reverse().find((group) => group.first <= ms(finding.first) && group.findings.some((other) => other.signature === finding.causedBy))
        : sameUser.find((group) => ms(finding.first) <= group.last);
    if (home) {
      home.findings.push(finding);
      home.last = Math.max(home.last, ms(finding.last));
    } else groups.push({ findings: [finding], first: ms(finding.first), last: ms(finding.last), user: finding.user });
  }
  groups.sort((a, b) => a.first - b.first);
  const incidents: Incident[] = [];
  groups.forEach((group, index) => {
    const [finding, ...related] = [...group.findings].sort(
      (a, b) => Number(a.causedBy !== undefined) - Number(b.causedBy !== undefined) || severityRank(a.severity) - severityRank(b.severity),
    );
    const earlier = incidents.find((incident) => incident.finding.signature === finding!.signature && incident.finding.subCause === finding!.subCause);
    incidents.push({
      number: index + 1,
      user: group.user,
      first: new Date(group.first).toISOString(),
      last: new Date(group.last).toISOString(),
      finding: finding!,
      related,
      separatedBy: separation(group, incidents, report),
      ...(earlier ? { sameCauseAs: earlier.number } : {}),
    });
  });
  return incidents;
}

/** What sets an incident apart from the previous one: a sign-in between them, another user, or time. */
function separation(group: { first: number; user: string | null }, before: readonly Incident[], report: Pick<AnalysisReport, 'users'>): string {
  const previous = before[before.length - 1];
  if (previous === undefined) return 'the first failure in the evidence';
  if (group.user !== previous.user)
    return `another user (${group.user ?? 'not named in the logs'}) than incident ${previous.number} (${previous.user ?? 'not named in the logs'})`;
  const sameUser = [...before].reverse().find((incident) => incident.user === group.user)!;
  const endedAt = ms(sameUser.last);
  const timeline = report.users.find((user) => user.user === group.user)?.timeline ?? [];
  const signIn = timeline.find((event) => event.event === 'sign-in' && ms(event.at) > ms(sameUser.first) && ms(event.at) <= group.first);
  const ended = timeline.some(
    (event) => (event.event === 'forced-logout' || event.event === 'sign-out') && ms(event.at) >= ms(sameUser.first) && ms(event.at) <= group.first,
  );
  const gap = formatDuration(Math.max(0, group.first - endedAt));
  if (signIn) {
    return `a new sign-in at ${signIn.at} with new tokens${ended ? `, after incident ${sameUser.number} had ended with a sign-out` : ''}; it began ${gap} after incident ${sameUser.number}'s last event`;
  }
  return `it began ${gap} after incident ${sameUser.number}'s last event, with no sign-in between them`;
}
