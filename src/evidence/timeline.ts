import { escapeXml } from '../kernel/escape-xml.ts';

/** Lanes of the timeline picture: what the browser did, what the desktop showed, what the IdS decided. */
export type Lane = 'browser' | 'desktop' | 'ids';
export type Tone = 'ok' | 'bad' | 'neutral';

export interface TimelineMark {
  at: number;
  label: string;
  lane: Lane;
  tone?: Tone;
}

/** The lab's event record, as diagnose receives it (ids only, no secret values). */
export interface RecordedEvent {
  at: number;
  type: string;
  userId?: string;
  detail: Record<string, string | number | boolean>;
}

const short = (id: unknown) => `#${String(id).slice(0, 4)}`;

/** Turns the lab's records into timeline marks: sign-ins, token pairs, refreshes, refusals, banner, sign-out. */
export function marksFromEvents(events: readonly RecordedEvent[]): TimelineMark[] {
  const marks: TimelineMark[] = [];
  for (const event of events) {
    const detail = event.detail;
    if (event.type === 'tokens-issued') {
      marks.push({ at: event.at, lane: 'ids', tone: 'neutral', label: `${detail.grant === 'authorization_code' ? 'sign-in: pair' : 'rotated: pair'} rt ${short(detail.refreshId)}` });
    } else if (event.type === 'refresh-refused') {
      marks.push({ at: event.at, lane: 'ids', tone: 'bad', label: `refused (${String(detail.reason)}): rt ${short(detail.refreshId)} ≠ ${short(detail.accessRt)}` });
    } else if (event.type === 'sign-out') {
      marks.push({ at: event.at, lane: 'desktop', tone: detail.reason === 'user' ? 'neutral' : 'bad', label: `signed out (${String(detail.reason)})` });
    } else if (event.type === 'client-log' && typeof detail.text === 'string' && detail.text.includes('after 3 retries')) {
      marks.push({ at: event.at, lane: 'desktop', tone: 'bad', label: 'banner shown' });
    } else if (event.type === 'agent-state' && detail.state === 'NOT_READY') {
      marks.push({ at: event.at, lane: 'desktop', tone: 'ok', label: 'extension signed in' });
    }
  }
  return marks;
}

const LANES: Lane[] = ['browser', 'desktop', 'ids'];
const LANE_TITLES: Record<Lane, string> = { browser: 'Browser', desktop: 'Desktop', ids: 'IdS' };
const TONE_COLOURS: Record<Tone, string> = { ok: '#2e7d32', bad: '#c62828', neutral: '#1565c0' };

/** An SVG picture of the run in lab time: one lane per party, a dot and a slanted label per moment. */
export function timelineSvg(marks: readonly TimelineMark[]): string {
  const sorted = [...marks].sort((a, b) => a.at - b.at);
  const start = sorted[0]?.at ?? 0;
  const end = Math.max(sorted.at(-1)?.at ?? 0, start + 60_000);
  const width = 1100;
  const left = 90;
  const laneHeight = 150;
  const top = 40;
  const height = top + LANES.length * laneHeight + 40;
  const x = (at: number) => left + ((at - start) / (end - start)) * (width - left - 160);
  const minutes = (at: number) => Math.round((at - start) / 60_000);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, sans-serif" font-size="11" role="img" aria-label="Timeline of the run in lab time">`];
  parts.push(`<text x="${left}" y="20" font-size="13" font-weight="bold">Lab time (minutes after the first event, ${escapeXml(new Date(start).toISOString())})</text>`);
  LANES.forEach((lane, index) => {
    const y = top + index * laneHeight + laneHeight - 20;
    parts.push(`<text x="10" y="${y + 4}" font-weight="bold">${LANE_TITLES[lane]}</text><line x1="${left}" y1="${y}" x2="${width - 20}" y2="${y}" stroke="#999"/>`);
    for (const mark of sorted.filter((candidate) => candidate.lane === lane)) {
      const px = x(mark.at).toFixed(1);
      parts.push(
        `<circle cx="${px}" cy="${y}" r="5" fill="${TONE_COLOURS[mark.tone ?? 'neutral']}"><title>${escapeXml(`${new Date(mark.at).toISOString()} ${mark.label}`)}</title></circle>` +
          `<text x="${px}" y="${y - 10}" transform="rotate(-35 ${px} ${y - 10})">${escapeXml(`${minutes(mark.at)} min: ${mark.label}`)}</text>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('\n');
}
