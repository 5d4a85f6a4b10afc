import { formatDuration } from '../kernel/duration.ts';
import { changesSince, isGreen, type Night } from './night.ts';

/** A failed or flaky test with the first line of its error (already redacted). */
export interface Failure {
  id: string;
  status: 'failed' | 'flaky';
  error: string;
}

export interface SummaryInput {
  night: Night;
  previous?: Night;
  failures: readonly Failure[];
  /** Evidence bundles written (paths relative to the reports folder). */
  evidence: readonly string[];
  /** Where the reports are, as `name: path` lines. */
  reports: Readonly<Record<string, string>>;
}

/** At most this many test names per list: a chat message, not a report. */
const LIST_LIMIT = 10;

function list(title: string, ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  const shown = ids.slice(0, LIST_LIMIT).map((id) => `  - ${id}`);
  return [`- ${title} (${ids.length}):`, ...shown, ...(ids.length > LIST_LIMIT ? [`  - … and ${ids.length - LIST_LIMIT} more`] : [])];
}

function sinceLines(previous: Night | undefined, night: Night): string[] {
  if (!previous) return ['First night on record: nothing to compare with yet.'];
  const changes = changesSince(previous, night);
  const lines = [
    ...list('Newly failing', changes.newlyFailing),
    ...list('Newly flaky', changes.newlyFlaky),
    ...list('Fixed', changes.fixed),
    ...list('New tests', changes.added),
    ...list('Tests gone', changes.removed),
  ];
  const duration = `- Duration: ${formatDuration(night.durationS * 1000)} (was ${formatDuration(previous.durationS * 1000)})`;
  return [...(lines.length === 0 ? ['- No test changed status.'] : lines), duration];
}

/** `reports/nightly-summary.md`: what passed, what failed, what changed since the previous night; short enough for a chat message. */
export function nightlySummary(input: SummaryInput): string {
  const { night, previous } = input;
  const { passed, failed, flaky, skipped } = night.totals;
  const lines = [
    `# Nightly ${night.date.slice(0, 10)}: ${isGreen(night) ? 'GREEN' : 'RED'}`,
    '',
    `Target ${night.target}, profile ${night.profile}; ${passed + failed + flaky + skipped} tests in ${formatDuration(night.durationS * 1000)}.`,
    `**${passed} passed**, **${failed} failed**, **${flaky} flaky**, ${skipped} skipped.`,
    '',
    ...(input.failures.length > 0
      ? ['## Failed and flaky', '', ...input.failures.map((failure) => `- ${failure.status.toUpperCase()} ${failure.id}: ${failure.error}`), '']
      : []),
    `## Since the previous night${previous ? ` (${previous.date.slice(0, 10)})` : ''}`,
    '',
    ...sinceLines(previous, night),
    '',
    '## Reports',
    '',
    ...Object.entries(input.reports).map(([name, where]) => `- ${name}: ${where}`),
    ...(input.evidence.length > 0
      ? [`- Evidence bundles (failed and disruptive scenarios, redacted): ${input.evidence.length} in ${input.evidence[0]!.split('/').slice(0, -1).join('/')}/`]
      : []),
    '',
  ];
  return lines.join('\n');
}
