import { expect, test } from '@playwright/test';
import { marksFromEvents, type RecordedEvent } from '../../src/evidence/timeline.ts';
import { timelineSvg } from '../../src/evidence/timeline-svg.ts';

const T0 = Date.parse('2026-11-26T16:00:00Z');
const A = 'aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111';
const B = 'bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222';
const events: RecordedEvent[] = [
  { at: T0, type: 'tokens-issued', userId: 'agent001', detail: { grant: 'authorization_code', refreshId: A } },
  { at: T0 + 3_600_000, type: 'tokens-issued', userId: 'agent001', detail: { grant: 'authorization_code', refreshId: B } },
  ...[0, 60_000, 120_000, 180_000].map((offset): RecordedEvent => ({
    at: T0 + 3_601_000 + offset,
    type: 'refresh-refused',
    userId: 'agent001',
    detail: { reason: 'mismatch', refreshId: B, accessRt: A },
  })),
  {
    at: T0 + 3_781_000,
    type: 'client-log',
    userId: 'agent001',
    detail: { text: 'Header : Unable to refresh access token after 3 retries. User will be logged out in some time' },
  },
  { at: T0 + 4_381_000, type: 'sign-out', userId: 'agent001', detail: { reason: 'session-refresh-failed' } },
  { at: T0 + 1000, type: 'client-log', userId: 'agent001', detail: { text: 'Header : State changed to READY' } },
];

test.describe('evidence timeline', () => {
  test('a refusal names the stale pair its access token belongs to and the refresh token presented', () => {
    const refusal = marksFromEvents(events).find((mark) => mark.kind === 'refused');
    expect(refusal).toMatchObject({ lane: 'ids', tone: 'bad', pair: 'aaaa1111', presented: 'bbbb2222' });
  });

  test('the banner and the forced sign-out land on the desktop lane; routine client lines do not', () => {
    const desktop = marksFromEvents(events).filter((mark) => mark.lane === 'desktop');
    expect(desktop.map((mark) => [mark.kind, mark.label])).toEqual([
      ['banner', 'banner shown'],
      ['sign-out', 'signed out (session-refresh-failed)'],
    ]);
  });

  test('the stale pair reappears by its letter in the refusal, retries fold into one counted label', () => {
    const svg = timelineSvg(marksFromEvents(events));
    expect(svg).toContain('pair issued (sign-in): A #aaaa');
    expect(svg).toContain('refresh refused (mismatch): access of A #aaaa + refresh of B #bbbb ×4');
  });

  test('an hour of quiet becomes a break in the axis that says how long it was', () => {
    const svg = timelineSvg(marksFromEvents(events));
    expect(svg).toContain('>60 min</text>');
  });

  test('labels are escaped and every lane is drawn', () => {
    const svg = timelineSvg([...marksFromEvents(events), { at: T0 + 4_500_000, lane: 'browser', label: 'cache <cleared> & restarted' }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const lane of ['Browser', 'Desktop', 'Finesse', 'IdS', 'IdP']) expect(svg).toContain(`>${lane}</text>`);
    expect(svg).toContain('cache &#60;cleared&#62; &#38; restarted');
    expect(svg).not.toContain('<cleared>');
  });
});
