/**
 * The analysis for people at a terminal: the files read, each user's timeline, then the findings,
 * most severe first, with cause, workaround, reference and evidence lines.
 */
import { clip, commonFolder, countsText, EVENT_LABELS, foldedTimeline, placeOf, shortPath, showsFullTimeline } from './report-view.ts';
import { SIGNATURES } from './signatures.ts';
import type { AnalysisReport, FileReport, Finding, UserReport } from './types.ts';

const EVIDENCE_WIDTH = 600;
const DETAIL_WIDTH = 160;

export function renderText(report: AnalysisReport): string {
  const folder = commonFolder(report);
  const out: string[] = ['Finesse SSO log analysis', ''];
  out.push(`Files (${report.files.length})${folder ? ` in ${folder}` : ''}:`);
  for (const file of report.files) out.push(`  ${fileLine(file, folder)}`);

  out.push('', `Users (${report.users.length}):`);
  if (report.users.length === 0) out.push('  none found in these logs');
  for (const user of report.users) out.push(...userLines(user, report, folder));

  out.push(
    '',
    report.findings.length === 0 ? 'Findings: none. No known failure signature in these logs.' : `Findings (${report.findings.length}), most severe first:`,
  );
  report.findings.forEach((finding, index) => out.push('', ...findingLines(finding, index + 1, folder)));
  for (const [signature, count] of Object.entries(report.omittedFindings ?? {})) out.push('', `… and ${count} more ${signature} findings, not listed.`);
  if (report.eventsNotKept) out.push('', `Note: ${report.eventsNotKept} failure lines beyond the analyzer's memory bound were counted but not correlated.`);
  return `${out.join('\n')}\n`;
}

function fileLine(file: FileReport, folder: string): string {
  const unparsed = file.unparsed > 0 ? `, ${file.unparsed} unparsed` : '';
  const span = file.first ? `  ${file.first} … ${file.last}` : '';
  const error = file.error ? `  (${file.error})` : '';
  return `${file.kind.padEnd(11)} ${`${file.lines} ${file.kind === 'har' ? 'entries' : 'lines'}${unparsed}`.padEnd(26)} ${shortPath(file.path, folder)}${span}${error}`;
}

function userLines(user: UserReport, report: AnalysisReport, folder: string): string[] {
  const sessions = user.sessions.length > 0 ? `; client session${user.sessions.length === 1 ? '' : 's'} ${user.sessions.join(', ')}` : '';
  const lines = ['', `  ${user.user}: ${countsText(user)}${sessions}`];
  if (!showsFullTimeline(user, report)) return lines;
  if (user.joinedBy) lines.push(`    (${user.joinedBy})`);
  for (const row of foldedTimeline(user.timeline)) {
    if (row.kind === 'fold') lines.push(`    … ${row.count} routine events (${row.counts}) from ${row.from} to ${row.to}`);
    else {
      const { event } = row;
      lines.push(`    ${event.at}  ${EVENT_LABELS[event.event].padEnd(17)} ${clip(event.detail, DETAIL_WIDTH)}  [${placeOf(event, folder)}]`);
    }
  }
  if (user.omittedEvents > 0) lines.push(`    (${user.omittedEvents} routine events not kept in this timeline; counts above include them)`);
  return lines;
}

function findingLines(finding: Finding, number: number, folder: string): string[] {
  const sub = finding.subCause ? ` (${finding.subCause})` : '';
  const lines = [
    `${number}. [${finding.severity.toUpperCase()}] ${finding.signature}${sub}: ${SIGNATURES[finding.signature].title}`,
    `   User:       ${finding.user ?? 'not identified in the logs'}`,
    `   When:       ${finding.first === finding.last ? finding.first : `${finding.first} → ${finding.last}`}`,
    `   What:       ${finding.summary}`,
    `   Cause:      ${finding.cause}`,
    `   Workaround: ${finding.workaround}`,
    `   Reference:  ${finding.reference}`,
    `   Provenance: ${finding.provenance}`,
    `   Evidence (${finding.evidence.length} lines):`,
  ];
  for (const evidence of finding.evidence) lines.push(`     ${placeOf(evidence, folder)}  ${clip(evidence.text, EVIDENCE_WIDTH)}`);
  return lines;
}
