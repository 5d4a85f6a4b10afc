/**
 * The timeline's event model: moments of a run or of a customer's files, each on the lane of the
 * party that saw it, named by what happened and, where a token pair is concerned, by the pair's
 * refresh-token id (ids only, never token values). One model for the lab's records, the browser's
 * observations and the analyzer's report (logs and HARs), drawn by `timeline-svg.ts`.
 */
import type { AnalysisReport, TimelineEventKind } from '../analyzer/types.ts';

/** The parties whose view the picture shows, left column top to bottom. */
export type Lane = 'browser' | 'desktop' | 'finesse' | 'ids' | 'idp';
export type Tone = 'ok' | 'bad' | 'neutral';
/** What a moment is, for its glyph: the story's turning points look different from routine. */
export type MarkKind = 'sign-in' | 'pair' | 'refresh' | 'refused' | 'failed' | 'banner' | 'sign-out' | 'restart' | 'other';

export interface TimelineMark {
  at: number;
  label: string;
  lane: Lane;
  tone?: Tone;
  kind?: MarkKind;
  /** The refresh-token id of the pair this moment shows (a refusal: the pair the access token presented belongs to). */
  pair?: string;
  /** A refusal: the refresh-token id presented with the access token of `pair`. */
  presented?: string;
}

export const LANES: readonly Lane[] = ['browser', 'desktop', 'finesse', 'ids', 'idp'];
export const LANE_TITLES: Readonly<Record<Lane, string>> = { browser: 'Browser', desktop: 'Desktop', finesse: 'Finesse', ids: 'IdS', idp: 'IdP' };

/** The lab's event record, as diagnose receives it (ids only, no secret values). */
export interface RecordedEvent {
  at: number;
  type: string;
  userId?: string;
  detail: Record<string, string | number | boolean>;
}

/** Pairs are keyed by the first characters of their refresh-token id, as logs and lab records both show them. */
export function pairKey(id: unknown): string {
  return String(id)
    .replace(/[^0-9a-zA-Z]/g, '')
    .slice(0, 8);
}

/** Turns the lab's records into marks: sign-ins at the IdP, token pairs, refusals, banner, sign-out, faults. */
export function marksFromEvents(events: readonly RecordedEvent[]): TimelineMark[] {
  const marks: TimelineMark[] = [];
  for (const event of events) {
    const mark = markOfEvent(event);
    if (mark) marks.push({ at: event.at, ...mark });
  }
  return marks;
}

function markOfEvent(event: RecordedEvent): Omit<TimelineMark, 'at'> | undefined {
  const detail = event.detail;
  switch (event.type) {
    case 'idp-sign-in':
      return { lane: 'idp', kind: 'sign-in', tone: 'ok', label: 'IdP sign-in (password)' };
    case 'idp-silent-sign-in':
      return { lane: 'idp', kind: 'sign-in', tone: 'neutral', label: 'IdP sign-in (session)' };
    case 'idp-sign-in-failed':
      return { lane: 'idp', kind: 'failed', tone: 'bad', label: 'IdP sign-in failed' };
    case 'saml-refused':
      return { lane: 'ids', kind: 'refused', tone: 'bad', label: `SAML assertion refused (${String(detail.reason)})` };
    case 'sign-in-restarted':
      return { lane: 'ids', kind: 'failed', tone: 'bad', label: 'sign-in started again' };
    case 'tokens-issued':
      return {
        lane: 'ids',
        kind: 'pair',
        tone: 'neutral',
        pair: pairKey(detail.refreshId),
        label: detail.grant === 'authorization_code' ? 'pair issued (sign-in)' : 'pair issued (refresh)',
      };
    case 'refresh-refused':
      return {
        lane: 'ids',
        kind: 'refused',
        tone: 'bad',
        pair: pairKey(detail.accessRt ?? detail.refreshId),
        presented: pairKey(detail.refreshId),
        label: `refresh refused (${String(detail.reason)})`,
      };
    case 'token-response':
      return { lane: 'finesse', kind: 'other', tone: 'neutral', label: 'token response sent' };
    case 'reauthenticate':
      return { lane: 'finesse', kind: 'restart', tone: 'neutral', label: 're-authentication asked' };
    case 'fault':
      return {
        lane: 'finesse',
        kind: detail.state === 'down' ? 'failed' : 'other',
        tone: detail.state === 'down' ? 'bad' : 'ok',
        label: `${String(detail.fault)}: ${String(detail.state)}`,
      };
    case 'presence':
      return detail.state === 'unavailable' ? { lane: 'finesse', kind: 'failed', tone: 'bad', label: 'desktop presence lost' } : undefined;
    case 'sign-out':
      return { lane: 'desktop', kind: 'sign-out', tone: detail.reason === 'user' ? 'neutral' : 'bad', label: `signed out (${String(detail.reason)})` };
    case 'client-log':
      return typeof detail.text === 'string' && detail.text.includes('after 3 retries')
        ? { lane: 'desktop', kind: 'banner', tone: 'bad', label: 'banner shown' }
        : undefined;
    case 'agent-state':
      return detail.state === 'NOT_READY' ? { lane: 'desktop', kind: 'sign-in', tone: 'ok', label: 'extension signed in' } : undefined;
    default:
      return undefined;
  }
}

/** Which party wrote a file of the analyzer's report: HARs are the browser's, client logs the desktop's. */
function laneOfFile(report: AnalysisReport, file: string): Lane | undefined {
  if (/\.har(#|$)/i.test(file)) return 'browser';
  const kind = report.files.find((candidate) => candidate.path === file)?.kind as string | undefined;
  if (kind === 'client') return 'desktop';
  if (kind === 'webservices') return 'finesse';
  if (kind === 'ids') return 'ids';
  if (kind === 'har') return 'browser';
  return undefined;
}

const EVENT_MARKS: Readonly<Record<TimelineEventKind, { kind: MarkKind; tone: Tone; label: string; lane: Lane }>> = {
  'sign-in': { kind: 'sign-in', tone: 'ok', label: 'signed in', lane: 'desktop' },
  'token-pair': { kind: 'pair', tone: 'neutral', label: 'pair issued', lane: 'ids' },
  refresh: { kind: 'refresh', tone: 'ok', label: 'refreshed', lane: 'desktop' },
  'refresh-failed': { kind: 'failed', tone: 'bad', label: 'refresh failed', lane: 'desktop' },
  'refresh-refused': { kind: 'refused', tone: 'bad', label: 'refresh refused', lane: 'ids' },
  banner: { kind: 'banner', tone: 'bad', label: 'banner shown', lane: 'desktop' },
  'forced-logout': { kind: 'sign-out', tone: 'bad', label: 'forced sign-out', lane: 'desktop' },
  'presence-logout': { kind: 'sign-out', tone: 'bad', label: 'presence sign-out', lane: 'finesse' },
  'sign-out': { kind: 'sign-out', tone: 'neutral', label: 'signed out', lane: 'desktop' },
};

/**
 * Turns the analyzer's per-user timelines (logs or HARs) into marks, each on the lane of the file
 * it came from. With more than one user, labels name the user.
 */
export function marksFromAnalysis(report: AnalysisReport): TimelineMark[] {
  const named = report.users.length > 1;
  return report.users.flatMap((user) =>
    user.timeline.map((event): TimelineMark => {
      const shape = EVENT_MARKS[event.event];
      const lane = laneOfFile(report, event.file) ?? shape.lane;
      const mark: TimelineMark = {
        at: Date.parse(event.at),
        lane,
        kind: shape.kind,
        tone: shape.tone,
        label: named ? `${shape.label} (${user.user})` : shape.label,
      };
      if (event.pair !== undefined) mark.pair = pairKey(event.pair);
      if (event.presented !== undefined) mark.presented = pairKey(event.presented);
      return mark;
    }),
  );
}
