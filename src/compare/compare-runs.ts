import { CHECK_IDS, CHECK_TITLES, type CheckId } from '../diagnose/checks.ts';
import { formatDuration } from '../kernel/duration.ts';
import type { RunRecord } from './run-record.ts';

/** One compared fact: its value in run A and in run B (`—` when a run lacks it). */
export interface ComparedFact {
  name: string;
  before: string;
  after: string;
  changed: boolean;
}

export interface Comparison {
  runs: { before: string; after: string };
  /** The one sentence that matters after an upgrade: did the reproduction change? */
  headline: string;
  sections: { title: string; facts: ComparedFact[] }[];
  changes: number;
}

const ABSENT = '—';

/** The lab-time moments an upgrade can move, each measured from the first SSO sign-in. */
const MOMENTS: { name: string; check: CheckId }[] = [
  { name: 'healthy refresh', check: 'healthy-refresh' },
  { name: 'warning banner', check: 'warning-banner' },
  { name: 'forced sign-out', check: 'forced-sign-out' },
];

function fact(name: string, before: string | undefined, after: string | undefined): ComparedFact {
  return { name, before: before ?? ABSENT, after: after ?? ABSENT, changed: (before ?? ABSENT) !== (after ?? ABSENT) };
}

function keyed(before: Record<string, string>, after: Record<string, string>): ComparedFact[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().map((key) => fact(key, before[key], after[key]));
}

/** When the check's moment happened, as time since the first sign-in; absent when the check did not pass. */
function momentOf(run: RunRecord, id: CheckId): string | undefined {
  const start = run.checks.find((check) => check.id === 'sso-sign-in')?.labTime;
  const check = run.checks.find((candidate) => candidate.id === id);
  if (!check || check.status !== 'pass' || !check.labTime || !start) return undefined;
  return `+${formatDuration(Date.parse(check.labTime) - Date.parse(start))}`;
}

function reproductionHeadline(before: RunRecord, after: RunRecord): string {
  const state = (run: RunRecord) => (run.reproduced ? 'reproduced the defect' : 'did not reproduce the defect');
  if (before.reproduced === after.reproduced)
    return `Reproduction unchanged: ${before.reproduced ? 'both runs reproduced the defect' : 'neither run reproduced the defect'}.`;
  return `Reproduction changed: A (${before.profile}) ${state(before)}; B (${after.profile}) ${state(after)}.`;
}

/** What changed between two diagnoses: versions, verdict, each check, lab-time moments, log findings, survey facts. */
export function compareRuns(before: RunRecord, after: RunRecord): Comparison {
  const statusOf = (run: RunRecord, id: CheckId) => run.checks.find((check) => check.id === id)?.status;
  const findings = (run: RunRecord) => Object.fromEntries(run.findings.map((signature) => [signature, 'found']));
  const sections = [
    { title: 'Run', facts: [fact('target', before.target, after.target), fact('profile', before.profile, after.profile)] },
    { title: 'Versions', facts: keyed(before.versions, after.versions) },
    {
      title: 'Verdict',
      facts: [fact('reproduced', String(before.reproduced), String(after.reproduced)), fact('recovered', String(before.recovered), String(after.recovered))],
    },
    { title: 'Checks', facts: CHECK_IDS.map((id) => fact(CHECK_TITLES[id], statusOf(before, id), statusOf(after, id))) },
    {
      title: 'Lab-time moments (since the first sign-in)',
      facts: MOMENTS.map((moment) => fact(moment.name, momentOf(before, moment.check), momentOf(after, moment.check))),
    },
    { title: 'Log findings', facts: keyed(findings(before), findings(after)) },
    { title: 'Survey', facts: keyed(before.survey, after.survey) },
  ];
  return {
    runs: { before: before.runId ?? before.source, after: after.runId ?? after.source },
    headline: reproductionHeadline(before, after),
    sections,
    changes: sections.reduce((sum, section) => sum + section.facts.filter((item) => item.changed).length, 0),
  };
}

/** The comparison for people: one aligned table per section, changed lines marked. */
export function comparisonText(comparison: Comparison): string {
  const lines = [`A: ${comparison.runs.before}`, `B: ${comparison.runs.after}`, '', comparison.headline];
  for (const section of comparison.sections) {
    lines.push('', section.title);
    if (section.facts.length === 0) {
      lines.push('  (none in either run)');
      continue;
    }
    const widths = [0, 1].map((column) => Math.max(...section.facts.map((item) => [item.name, item.before][column]!.length)));
    for (const item of section.facts)
      lines.push(`${item.changed ? '* ' : '  '}${item.name.padEnd(widths[0]!)}  ${item.before.padEnd(widths[1]!)}  →  ${item.after}`);
  }
  lines.push('', comparison.changes === 0 ? 'No differences.' : `${comparison.changes} difference(s), marked *.`);
  return lines.join('\n');
}
