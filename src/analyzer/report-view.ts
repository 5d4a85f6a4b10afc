/**
 * What the text and markdown renderings share: short file names, event labels, timelines with
 * long runs of routine events folded, and which users get a full timeline.
 */
import type { AnalysisReport, TimelineEvent, TimelineEventKind, UserReport } from './types.ts';
import { ROUTINE_EVENTS } from './timeline.ts';

export const EVENT_LABELS: Readonly<Record<TimelineEventKind, string>> = {
  'sign-in': 'sign-in',
  'token-pair': 'token pair',
  refresh: 'refresh',
  'refresh-failed': 'refresh failed',
  'refresh-refused': 'IdS refused',
  banner: 'banner',
  'forced-logout': 'forced sign-out',
  'presence-logout': 'presence sign-out',
  'sign-out': 'sign-out',
};

/** With more users than this, only users with failures get a full timeline; the rest get one line. */
const FULL_TIMELINES_UP_TO = 10;
/** A run of routine events longer than this shows its first and last few only. */
const FOLDED_RUN = 6;
const SHOWN_AT_EACH_END = 2;

/** The folder all files share, so each can be named by what follows it. */
export function commonFolder(report: AnalysisReport): string {
  const paths = report.files.map((file) => file.path.split('!')[0]!);
  if (paths.length === 0) return '';
  let prefix = paths[0]!.slice(0, paths[0]!.lastIndexOf('/') + 1);
  for (const path of paths) {
    while (!path.startsWith(prefix)) {
      const cut = prefix.length > 1 ? prefix.lastIndexOf('/', prefix.length - 2) : -1;
      prefix = cut < 0 ? '' : prefix.slice(0, cut + 1);
    }
  }
  return prefix;
}

export function shortPath(path: string, folder: string): string {
  return folder && path.startsWith(folder) ? path.slice(folder.length) : path;
}

/** `ids.log:5`, or for a HAR entry `affected.har#entries[12]` (its line number is the entry's, 1-based: not repeated). */
export function placeOf(item: { file: string; line: number }, folder: string): string {
  const file = shortPath(item.file, folder);
  return file.includes('#entries[') ? file : `${file}:${item.line}`;
}

/** `2 token pairs, 1 IdS refused, 1 banner` */
export function countsText(user: UserReport): string {
  const parts = (Object.keys(EVENT_LABELS) as TimelineEventKind[]).flatMap((event) => {
    const count = user.counts[event];
    return count ? [`${count} × ${EVENT_LABELS[event]}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'no SSO events';
}

function hasTrouble(user: UserReport, report: AnalysisReport): boolean {
  const troubled: TimelineEventKind[] = ['refresh-failed', 'refresh-refused', 'banner', 'forced-logout', 'presence-logout'];
  return troubled.some((event) => (user.counts[event] ?? 0) > 0) || report.findings.some((finding) => finding.user === user.user);
}

export function showsFullTimeline(user: UserReport, report: AnalysisReport): boolean {
  return report.users.length <= FULL_TIMELINES_UP_TO || hasTrouble(user, report);
}

/** A timeline row, or a fold standing for the middle of a long run of routine events (token pairs, refreshes). */
export type TimelineRow = { kind: 'event'; event: TimelineEvent } | { kind: 'fold'; count: number; counts: string; from: string; to: string };

export function foldedTimeline(timeline: readonly TimelineEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let i = 0;
  while (i < timeline.length) {
    let end = i + 1;
    if (ROUTINE_EVENTS.has(timeline[i]!.event)) while (end < timeline.length && ROUTINE_EVENTS.has(timeline[end]!.event)) end += 1;
    if (end - i <= FOLDED_RUN) {
      for (let j = i; j < end; j += 1) rows.push({ kind: 'event', event: timeline[j]! });
    } else {
      const middle = timeline.slice(i + SHOWN_AT_EACH_END, end - SHOWN_AT_EACH_END);
      for (let j = i; j < i + SHOWN_AT_EACH_END; j += 1) rows.push({ kind: 'event', event: timeline[j]! });
      rows.push({ kind: 'fold', count: middle.length, counts: countsOf(middle), from: middle[0]!.at, to: middle[middle.length - 1]!.at });
      for (let j = end - SHOWN_AT_EACH_END; j < end; j += 1) rows.push({ kind: 'event', event: timeline[j]! });
    }
    i = end;
  }
  return rows;
}

/** `8 × token pair, 8 × refresh` */
function countsOf(events: readonly TimelineEvent[]): string {
  const counts = new Map<TimelineEventKind, number>();
  for (const event of events) counts.set(event.event, (counts.get(event.event) ?? 0) + 1);
  return [...counts].map(([event, count]) => `${count} × ${EVENT_LABELS[event]}`).join(', ');
}

/** Evidence and timeline text cut for a reading view (the JSON keeps the whole line). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
