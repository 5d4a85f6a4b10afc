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
/** A run of routine events longer than this shows its first and last only. */
const FOLDED_RUN = 4;

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

/** `2 token pairs, 1 IdS refused, 1 banner` */
export function countsText(user: UserReport): string {
  const parts = (Object.keys(EVENT_LABELS) as TimelineEventKind[]).flatMap((event) => {
    const count = user.counts[event];
    return count ? [`${count} × ${EVENT_LABELS[event]}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'no SSO events';
}

export function hasTrouble(user: UserReport, report: AnalysisReport): boolean {
  const troubled: TimelineEventKind[] = ['refresh-failed', 'refresh-refused', 'banner', 'forced-logout', 'presence-logout'];
  return troubled.some((event) => (user.counts[event] ?? 0) > 0) || report.findings.some((finding) => finding.user === user.user);
}

export function showsFullTimeline(user: UserReport, report: AnalysisReport): boolean {
  return report.users.length <= FULL_TIMELINES_UP_TO || hasTrouble(user, report);
}

/** A timeline row, or a fold standing for a run of routine events. */
export type TimelineRow = { kind: 'event'; event: TimelineEvent } | { kind: 'fold'; count: number; event: TimelineEventKind; from: string; to: string };

export function foldedTimeline(timeline: readonly TimelineEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let i = 0;
  while (i < timeline.length) {
    const event = timeline[i]!;
    let end = i + 1;
    if (ROUTINE_EVENTS.has(event.event)) while (end < timeline.length && timeline[end]!.event === event.event) end += 1;
    if (end - i > FOLDED_RUN) {
      rows.push({ kind: 'event', event });
      rows.push({ kind: 'fold', count: end - i - 2, event: event.event, from: timeline[i + 1]!.at, to: timeline[end - 2]!.at });
      rows.push({ kind: 'event', event: timeline[end - 1]! });
    } else {
      for (let j = i; j < end; j += 1) rows.push({ kind: 'event', event: timeline[j]! });
    }
    i = end;
  }
  return rows;
}

/** Evidence and timeline text cut for a reading view (the JSON keeps the whole line). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
