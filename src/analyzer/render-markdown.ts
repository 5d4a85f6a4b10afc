/**
 * The analysis as markdown, for a support case note: findings first (what a case owner needs),
 * then each user's timeline, then the files read.
 */
import { clip, commonFolder, countsText, EVENT_LABELS, foldedTimeline, placeOf, shortPath, showsFullTimeline } from './report-view.ts';
import { SIGNATURES } from './signatures.ts';
import type { AnalysisReport, Finding, UserReport } from './types.ts';

const EVIDENCE_WIDTH = 600;

export function renderMarkdown(report: AnalysisReport): string {
  const folder = commonFolder(report);
  const out: string[] = ['# Finesse SSO log analysis', ''];
  out.push(
    report.findings.length === 0
      ? 'No known failure signature in these logs.'
      : `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}, most severe first.`,
  );
  if (folder) out.push('', `Files are named relative to \`${folder}\`.`);

  out.push('', '## Findings');
  if (report.findings.length === 0) out.push('', 'None.');
  report.findings.forEach((finding, index) => out.push('', ...findingSection(finding, index + 1, folder)));
  for (const [signature, count] of Object.entries(report.omittedFindings ?? {})) out.push('', `… and ${count} more \`${signature}\` findings, not listed.`);
  if (report.eventsNotKept) out.push('', `Note: ${report.eventsNotKept} failure lines beyond the analyzer's memory bound were counted but not correlated.`);

  out.push('', '## Users');
  if (report.users.length === 0) out.push('', 'None found in these logs.');
  for (const user of report.users) out.push('', ...userSection(user, report, folder));

  out.push('', '## Files', '', '| file | kind | lines | unparsed | first | last | note |', '|---|---|---|---|---|---|---|');
  for (const file of report.files) {
    out.push(
      `| ${cell(shortPath(file.path, folder))} | ${file.kind} | ${file.lines} | ${file.unparsed} | ${file.first ?? ''} | ${file.last ?? ''} | ${cell(file.error ?? '')} |`,
    );
  }
  return `${out.join('\n')}\n`;
}

function findingSection(finding: Finding, number: number, folder: string): string[] {
  const sub = finding.subCause ? ` (${finding.subCause})` : '';
  const lines = [
    `### ${number}. \`${finding.signature}\`${sub}: ${SIGNATURES[finding.signature].title}`,
    '',
    '| | |',
    '|---|---|',
    `| Severity | ${finding.severity} |`,
    `| User | ${cell(finding.user ?? 'not identified in the logs')} |`,
    `| When (UTC) | ${finding.first === finding.last ? finding.first : `${finding.first} → ${finding.last}`} |`,
    `| What | ${cell(finding.summary)} |`,
    `| Cause | ${cell(finding.cause)} |`,
    `| Workaround | ${cell(finding.workaround)} |`,
    `| Reference | ${cell(finding.reference)} |`,
    `| Provenance | ${finding.provenance} |`,
  ];
  if (finding.causedBy) lines.push(`| Caused by | \`${finding.causedBy}\` |`);
  lines.push('', `Evidence (${finding.evidence.length} lines):`, '', '```text');
  for (const evidence of finding.evidence) lines.push(`${placeOf(evidence, folder)}  ${clip(evidence.text, EVIDENCE_WIDTH).replaceAll('```', "'''")}`);
  lines.push('```');
  return lines;
}

function userSection(user: UserReport, report: AnalysisReport, folder: string): string[] {
  const lines = [`### ${user.user}`, '', `${countsText(user)}.${user.sessions.length > 0 ? ` Client sessions: ${user.sessions.join(', ')}.` : ''}`];
  if (user.joinedBy) lines.push('', `_${user.joinedBy}._`);
  if (!showsFullTimeline(user, report)) return lines;
  lines.push('', '| time (UTC) | event | detail | source |', '|---|---|---|---|');
  for (const row of foldedTimeline(user.timeline)) {
    if (row.kind === 'fold') lines.push(`| ${row.from} → ${row.to} | … | ${row.count} routine events (${row.counts}) | |`);
    else lines.push(`| ${row.event.at} | ${EVENT_LABELS[row.event.event]} | ${cell(row.event.detail)} | ${cell(`${placeOf(row.event, folder)}`)} |`);
  }
  if (user.omittedEvents > 0) lines.push('', `${user.omittedEvents} routine events are not kept in this timeline; the counts include them.`);
  return lines;
}

/** Text that is safe inside a table cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
}
