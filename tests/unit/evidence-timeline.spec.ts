import { expect, test } from '@playwright/test';
import { marksFromEvents, timelineSvg, type RecordedEvent } from '../../src/evidence/timeline.ts';

const T0 = Date.parse('2026-11-26T16:00:00Z');
const events: RecordedEvent[] = [
  { at: T0, type: 'tokens-issued', userId: 'agent001', detail: { grant: 'authorization_code', refreshId: 'aaaa1111' } },
  { at: T0 + 60_000, type: 'refresh-refused', userId: 'agent001', detail: { reason: 'mismatch', refreshId: 'bbbb2222', accessRt: 'aaaa1111' } },
  { at: T0 + 240_000, type: 'client-log', userId: 'agent001', detail: { text: 'Header : Unable to refresh access token after 3 retries. User will be logged out in some time' } },
  { at: T0 + 840_000, type: 'sign-out', userId: 'agent001', detail: { reason: 'session-refresh-failed' } },
  { at: T0 + 1000, type: 'client-log', userId: 'agent001', detail: { text: 'Header : State changed to READY' } },
];

test.describe('evidence timeline', () => {
  test('marks name pairs by short ids and flag the refusal, the banner and the forced sign-out', () => {
    expect(marksFromEvents(events)).toEqual([
      { at: T0, lane: 'ids', tone: 'neutral', label: 'sign-in: pair rt #aaaa' },
      { at: T0 + 60_000, lane: 'ids', tone: 'bad', label: 'refused (mismatch): rt #bbbb ≠ #aaaa' },
      { at: T0 + 240_000, lane: 'desktop', tone: 'bad', label: 'banner shown' },
      { at: T0 + 840_000, lane: 'desktop', tone: 'bad', label: 'signed out (session-refresh-failed)' },
    ]);
  });

  test('the SVG has a lane per party, a dot per moment and escapes its labels', () => {
    const svg = timelineSvg([...marksFromEvents(events), { at: T0 + 900_000, lane: 'browser', label: 'cache <cleared> & restarted' }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(5);
    for (const lane of ['Browser', 'Desktop', 'IdS']) expect(svg).toContain(`>${lane}</text>`);
    expect(svg).toContain('15 min: cache &#60;cleared&#62; &#38; restarted');
    expect(svg).not.toContain('<cleared>');
  });
});
