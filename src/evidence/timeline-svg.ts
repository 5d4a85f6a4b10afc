/**
 * Draws timeline marks as an SVG a person reads at a glance and that survives black-and-white
 * print: one lane per party, time left to right with long quiet stretches cut out (a break shows
 * how long each was), labels packed in rows so that none overlaps another, each with a leader line
 * to its moment, and token pairs told apart by letter, shape and colour.
 */
import { escapeXml } from '../kernel/escape-xml.ts';
import { LANE_TITLES, LANES, type MarkKind, type TimelineMark, type Tone } from './timeline.ts';

/** A quiet stretch longer than this becomes a break in the axis. */
const BREAK_AFTER_MS = 8 * 60_000;
/** Repeats of one moment (a desktop's retries) this close together are drawn once, counted. */
const REPEAT_WITHIN_MS = 2 * 60_000;

const WIDTH = 1120;
const LEFT = 88;
const RIGHT = 16;
const FONT_PX = 12;
const ROW_PX = 18;
const LABEL_GAP_PX = 10;
const SEGMENT_PAD_PX = 34;
const BREAK_PX = 56;
const LANE_BASE_PX = 30;
const LEGEND_COLUMN_PX = 350;

/** Colour-blind safe (Okabe-Ito, darkened); five colours against six shapes, so 30 pairs before a look repeats; the shape carries the pair in grey print. */
const PAIR_COLOURS = ['#0b5d99', '#a05a00', '#00795a', '#8e3b75', '#b23c00'];
const PAIR_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'down', 'hexagon'] as const;
type Shape = (typeof PAIR_SHAPES)[number];
const TONE_INK: Record<Tone, string> = { ok: '#1b5e20', bad: '#b71c1c', neutral: '#222222' };

interface Drawn extends TimelineMark {
  /** How many repeats this mark stands for. */
  count: number;
  last: number;
}

/** Marks in time order, repeats of one moment folded into one counted mark. */
function folded(marks: readonly TimelineMark[]): Drawn[] {
  const sorted = [...marks].sort((a, b) => a.at - b.at);
  const drawn: Drawn[] = [];
  const open = new Map<string, Drawn>();
  for (const mark of sorted) {
    const key = `${mark.lane}|${mark.label}|${mark.pair ?? ''}|${mark.presented ?? ''}`;
    const previous = open.get(key);
    if (previous !== undefined && mark.kind !== 'pair' && mark.at - previous.last <= REPEAT_WITHIN_MS) {
      previous.count += 1;
      previous.last = mark.at;
      continue;
    }
    const fresh: Drawn = { ...mark, count: 1, last: mark.at };
    open.set(key, fresh);
    drawn.push(fresh);
  }
  return drawn;
}

interface Segment {
  from: number;
  to: number;
  x: number;
  width: number;
}

/** The time axis: busy stretches scaled alike, quiet ones replaced by a fixed-width break. */
class BrokenAxis {
  readonly segments: Segment[] = [];
  private readonly scale: number;

  constructor(times: readonly number[], left: number, right: number) {
    const sorted = [...times].sort((a, b) => a - b);
    const spans: { from: number; to: number }[] = [];
    for (const at of sorted) {
      const last = spans[spans.length - 1];
      if (last !== undefined && at - last.to <= BREAK_AFTER_MS) last.to = at;
      else spans.push({ from: at, to: at });
    }
    const busy = spans.reduce((sum, span) => sum + span.to - span.from, 0);
    const fixed = spans.length * 2 * SEGMENT_PAD_PX + Math.max(0, spans.length - 1) * BREAK_PX;
    this.scale = busy > 0 ? Math.max(0, right - left - fixed) / busy : 0;
    let x = left;
    for (const span of spans) {
      const width = (span.to - span.from) * this.scale + 2 * SEGMENT_PAD_PX;
      this.segments.push({ ...span, x, width });
      x += width + BREAK_PX;
    }
  }

  x(at: number): number {
    const segment = this.segments.find((candidate) => at <= candidate.to) ?? this.segments[this.segments.length - 1]!;
    return segment.x + SEGMENT_PAD_PX + (Math.min(Math.max(at, segment.from), segment.to) - segment.from) * this.scale;
  }
}

/** A generous width estimate of Arial text (Liberation Sans on Linux has the same metrics). */
export function textWidth(text: string, fontPx = FONT_PX): number {
  let em = 0;
  for (const char of text) {
    if ('mwMW@%'.includes(char)) em += 0.9;
    else if ("il.,:;'|!()[]jft ".includes(char)) em += 0.32;
    else if (/[A-Z#≠×]/.test(char)) em += 0.72;
    else em += 0.58;
  }
  return em * fontPx + 2;
}

function hhmm(at: number, seconds = false): string {
  return new Date(at).toISOString().slice(11, seconds ? 19 : 16);
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function shapePath(shape: Shape, x: number, y: number, r: number): string {
  const p = (dx: number, dy: number) => `${(x + dx).toFixed(1)},${(y + dy).toFixed(1)}`;
  switch (shape) {
    case 'circle':
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}"`;
    case 'square':
      return `<rect x="${(x - r).toFixed(1)}" y="${(y - r).toFixed(1)}" width="${2 * r}" height="${2 * r}"`;
    case 'triangle':
      return `<polygon points="${p(0, -r - 1)} ${p(r + 1, r)} ${p(-r - 1, r)}"`;
    case 'diamond':
      return `<polygon points="${p(0, -r - 1)} ${p(r + 1, 0)} ${p(0, r + 1)} ${p(-r - 1, 0)}"`;
    case 'down':
      return `<polygon points="${p(-r - 1, -r)} ${p(r + 1, -r)} ${p(0, r + 1)}"`;
    case 'hexagon':
      return `<polygon points="${p(-r, 0)} ${p(-r / 2, -r)} ${p(r / 2, -r)} ${p(r, 0)} ${p(r / 2, r)} ${p(-r / 2, r)}"`;
  }
}

/** Pairs in order of first appearance: A, B, C… each with its colour and shape. */
class PairStyles {
  private readonly order = new Map<string, number>();

  constructor(marks: readonly TimelineMark[]) {
    for (const mark of marks) {
      for (const id of [mark.pair, mark.presented]) if (id !== undefined && !this.order.has(id)) this.order.set(id, this.order.size);
    }
  }

  letter(id: string): string {
    const index = this.order.get(id) ?? 0;
    return index < 26 ? String.fromCharCode(65 + index) : `P${index + 1}`;
  }

  name(id: string): string {
    return `${this.letter(id)} #${id.slice(0, 4)}`;
  }

  glyph(id: string, x: number, y: number): string {
    const index = this.order.get(id) ?? 0;
    const colour = PAIR_COLOURS[index % PAIR_COLOURS.length]!;
    return `${shapePath(PAIR_SHAPES[index % PAIR_SHAPES.length]!, x, y, 6)} fill="${colour}" stroke="#000" stroke-width="1"/>`;
  }

  entries(): string[] {
    return [...this.order.keys()];
  }
}

function kindGlyph(kind: MarkKind | undefined, tone: Tone, x: number, y: number): string {
  const ink = TONE_INK[tone];
  const p = (dx: number, dy: number) => `${(x + dx).toFixed(1)},${(y + dy).toFixed(1)}`;
  switch (kind) {
    case 'refused':
    case 'failed':
      return `<path d="M${p(-6, -6)} L${p(6, 6)} M${p(6, -6)} L${p(-6, 6)}" stroke="${ink}" stroke-width="3"/>`;
    case 'banner':
      return `<polygon points="${p(0, -8)} ${p(8, 6)} ${p(-8, 6)}" fill="#fff" stroke="${ink}" stroke-width="2"/><path d="M${p(0, -3)} L${p(0, 2)}" stroke="${ink}" stroke-width="2"/>`;
    case 'sign-out':
      return `<rect x="${(x - 6).toFixed(1)}" y="${(y - 6).toFixed(1)}" width="12" height="12" fill="${ink}"/>`;
    case 'sign-in':
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="6" fill="${ink}"/>`;
    default:
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5" fill="#fff" stroke="${ink}" stroke-width="2"/>`;
  }
}

interface Placed {
  mark: Drawn;
  x: number;
  text: string;
  left: number;
  width: number;
  row: number;
}

/** Each label goes in the lowest row where it clears its neighbours; near the right edge it ends at its moment instead of starting there. */
function packLabels(marks: readonly { mark: Drawn; x: number; text: string }[], maxRight: number): Placed[] {
  const rowEnds: number[] = [];
  return marks.map(({ mark, x, text }) => {
    const width = textWidth(text);
    const left = x - 4 + width > maxRight ? Math.max(LEFT, x + 4 - width) : x - 4;
    let row = rowEnds.findIndex((end) => end + LABEL_GAP_PX <= left);
    if (row < 0) row = rowEnds.push(0) - 1;
    rowEnds[row] = left + width;
    return { mark, x, text, left, width, row };
  });
}

export interface TimelineOptions {
  /** Said first by the picture's title (screen readers) and its heading. */
  title?: string;
}

function markText(mark: Drawn, pairs: PairStyles): string {
  const time = mark.count > 1 ? `${hhmm(mark.at)}–${hhmm(mark.last)}` : hhmm(mark.at, mark.lane !== 'ids' || mark.kind !== 'pair');
  const count = mark.count > 1 ? ` ×${mark.count}` : '';
  let what = mark.label;
  if (mark.kind === 'refused' && mark.pair !== undefined && mark.presented !== undefined && mark.presented !== mark.pair)
    what = `${mark.label}: access of ${pairs.name(mark.pair)} + refresh of ${pairs.name(mark.presented)}`;
  else if (mark.pair !== undefined) what = `${mark.label}: ${pairs.name(mark.pair)}`;
  return `${time} ${what}${count}`;
}

/** The picture: lanes top to bottom in LANES order (empty lanes kept thin), axis, then the key. */
export function timelineSvg(marks: readonly TimelineMark[], options: TimelineOptions = {}): string {
  const drawn = folded(marks);
  const pairs = new PairStyles(drawn);
  const axis = new BrokenAxis(
    drawn.flatMap((mark) => (mark.count > 1 ? [mark.at, mark.last] : [mark.at])),
    LEFT,
    WIDTH - RIGHT,
  );
  const body: string[] = [];
  const title = options.title ?? 'Timeline of the run';
  let y = 34;
  body.push(
    `<text class="heading" x="8" y="20" font-size="14" font-weight="bold">${escapeXml(title)}: time in UTC, left to right; quiet stretches cut out</text>`,
  );
  const laneTop = y;
  // The quiet stretches' shading goes under everything else; its height is known once the lanes are.
  const shadingAt = body.push('') - 1;
  for (const lane of LANES) {
    const inLane = drawn.filter((mark) => mark.lane === lane);
    const placed = packLabels(
      inLane.map((mark) => ({ mark, x: axis.x(mark.at), text: markText(mark, pairs) })),
      WIDTH - RIGHT,
    );
    const rows = placed.reduce((max, label) => Math.max(max, label.row + 1), 0);
    const height = LANE_BASE_PX + rows * ROW_PX;
    const lineY = y + height - 12;
    body.push(`<g class="lane" data-lane="${lane}">`);
    body.push(`<line x1="${LEFT - 4}" y1="${lineY}" x2="${WIDTH - RIGHT}" y2="${lineY}" stroke="#9e9e9e" stroke-width="1"/>`);
    body.push(`<text class="lane-title" x="8" y="${lineY + 4}" font-weight="bold">${LANE_TITLES[lane]}</text>`);
    for (const label of placed) {
      const baseline = lineY - 14 - label.row * ROW_PX;
      const tone = label.mark.tone ?? 'neutral';
      body.push(`<line x1="${label.x.toFixed(1)}" y1="${lineY - 7}" x2="${label.x.toFixed(1)}" y2="${baseline + 3}" stroke="#bdbdbd" stroke-width="1"/>`);
      if (label.mark.count > 1)
        body.push(
          `<line x1="${label.x.toFixed(1)}" y1="${lineY}" x2="${axis.x(label.mark.last).toFixed(1)}" y2="${lineY}" stroke="${TONE_INK[tone]}" stroke-width="3"/>`,
        );
      const glyph = label.mark.pair !== undefined ? pairs.glyph(label.mark.pair, label.x, lineY) : '';
      const overlay =
        label.mark.kind === 'refused' || label.mark.kind === 'failed' || label.mark.pair === undefined ? kindGlyph(label.mark.kind, tone, label.x, lineY) : '';
      body.push(`${glyph}${overlay}`);
      body.push(
        `<text class="label" x="${label.left.toFixed(1)}" y="${baseline}" fill="${TONE_INK[tone]}" paint-order="stroke" stroke="#fff" stroke-width="3"${tone === 'bad' ? ' font-weight="bold"' : ''}>${escapeXml(label.text)}</text>`,
      );
    }
    body.push('</g>');
    y += height;
  }
  // The axis: a tick at each busy stretch's ends, a zigzag and the length of each quiet stretch between them.
  const axisY = y + 4;
  body.push(`<g class="axis"><line x1="${LEFT - 4}" y1="${axisY}" x2="${WIDTH - RIGHT}" y2="${axisY}" stroke="#424242"/>`);
  axis.segments.forEach((segment, index) => {
    const from = segment.x + SEGMENT_PAD_PX;
    const to = segment.x + segment.width - SEGMENT_PAD_PX;
    body.push(
      `<line x1="${from.toFixed(1)}" y1="${axisY}" x2="${from.toFixed(1)}" y2="${axisY + 5}" stroke="#424242"/><text class="tick" x="${from.toFixed(1)}" y="${axisY + 18}" text-anchor="middle">${hhmm(segment.from)}</text>`,
    );
    if (to - from > 60)
      body.push(
        `<line x1="${to.toFixed(1)}" y1="${axisY}" x2="${to.toFixed(1)}" y2="${axisY + 5}" stroke="#424242"/><text class="tick" x="${to.toFixed(1)}" y="${axisY + 18}" text-anchor="middle">${hhmm(segment.to)}</text>`,
      );
    const next = axis.segments[index + 1];
    if (next === undefined) return;
    const gapX = segment.x + segment.width;
    const mid = gapX + BREAK_PX / 2;
    body[shadingAt] += `<rect x="${(gapX + 6).toFixed(1)}" y="${laneTop}" width="${BREAK_PX - 12}" height="${axisY - laneTop}" fill="#f2f2f2"/>`;
    body.push(`<path d="M${(mid - 8).toFixed(1)},${axisY + 5} l5,-10 l6,10 l5,-10" fill="none" stroke="#424242" stroke-width="1.5"/>`);
    body.push(`<text class="gap" x="${mid.toFixed(1)}" y="${axisY + 34}" text-anchor="middle">${duration(next.from - segment.to)}</text>`);
  });
  body.push('</g>');
  // The key: glyphs of the turning points, then each pair by letter, shape and colour.
  let keyY = axisY + 60;
  const key: string[] = [];
  const keyItem = (column: number, glyph: string, text: string) => {
    const x = LEFT + column * LEGEND_COLUMN_PX;
    key.push(`<g class="key-item">${glyph}<text class="key" x="${x + 14}" y="${keyY + 4}">${escapeXml(text)}</text></g>`);
  };
  const kinds: [MarkKind, Tone, string][] = [
    ['refused', 'bad', 'refused or failed (bold red text)'],
    ['banner', 'bad', 'banner: session cannot be kept'],
    ['sign-out', 'bad', 'signed out'],
  ];
  kinds.forEach(([kind, tone, text], column) => keyItem(column, kindGlyph(kind, tone, LEFT + column * LEGEND_COLUMN_PX, keyY), text));
  keyY += 22;
  const ids = pairs.entries();
  ids.forEach((id, index) => {
    const column = index % 3;
    if (index > 0 && column === 0) keyY += 22;
    const first = drawn.find((mark) => mark.pair === id || mark.presented === id);
    keyItem(column, pairs.glyph(id, LEFT + column * LEGEND_COLUMN_PX, keyY), `pair ${pairs.name(id)}… first seen ${first ? hhmm(first.at, true) : ''}`);
  });
  body.push(`<g class="legend">${key.join('')}</g>`);
  const height = keyY + 20;
  const described = `${title}. ${drawn.map((mark) => `${LANE_TITLES[mark.lane]}: ${markText(mark, pairs)}`).join('; ')}.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Arial, Helvetica, sans-serif" font-size="${FONT_PX}" role="img" aria-labelledby="timeline-title timeline-desc">`,
    `<title id="timeline-title">${escapeXml(title)}</title><desc id="timeline-desc">${escapeXml(described)}</desc>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}
