import type { TokenPair } from './events.ts';
import { evidenceLine } from './evidence-line.ts';
import { IdTable } from './id-table.ts';

/** Pairs remembered by refresh token id: days of refreshes for hundreds of agents, in a few MB. */
const MAX_PAIRS = 65_536;
/**
 * The most recent pairs also keep their two `Created …` lines, as read (not copied): a refusal
 * comes seconds after the pair it presents, and copies what it quotes when it is read. Older
 * pairs keep their ids and where they were logged, so a finding can still point at the line.
 */
const RECENT_WITH_LINES = 256;
/** `Created refresh-token` lines waiting for the access token that names them (requests interleave a little). */
const WAITING = 32;
/** Ids are shown by their head (`bcb2a7858654`); the full ids stay in the evidence lines. */
const SHOWN_ID = 12;

/** Where and how a `Created …` line was read, enough to make it evidence later. */
export interface RawLine {
  file: string;
  line: number;
  text: string;
  at: number;
  offsetMin: number;
}

/** The head of a token id, as the index shows it (`bcb2a7858654`). */
function idHead(id: string): string {
  return id.length <= SHOWN_ID ? id : id.slice(0, SHOWN_ID);
}

/**
 * Every token pair the IdS logged, by refresh token id, so a refusal can say whose tokens were
 * presented and from which sign-in. The IdS logs a pair as two lines: the refresh token, then the
 * access token whose `rt` names it and which carries the user. Stored column-wise in a ring, so a
 * gigabyte of logs costs no more memory than the last MAX_PAIRS pairs, and makes little garbage.
 */
export class TokenIndex {
  private readonly table = new IdTable(MAX_PAIRS);
  private readonly refreshIds: string[] = [];
  private readonly accessIds: string[] = [];
  private readonly users: string[] = [];
  private readonly files: string[] = [];
  private readonly lines = new Float64Array(MAX_PAIRS);
  private readonly times = new Float64Array(MAX_PAIRS);
  private readonly offsets = new Int16Array(MAX_PAIRS);
  private readonly accessExpiries = new Float64Array(MAX_PAIRS);
  private readonly refreshExpiries = new Float64Array(MAX_PAIRS);
  private readonly recent: (RawLine[] | undefined)[] = new Array<RawLine[] | undefined>(RECENT_WITH_LINES);
  private readonly recentSlot = new Int32Array(RECENT_WITH_LINES).fill(-1);
  private next = 0;
  private count = 0;
  private readonly waitingIds: string[] = new Array<string>(WAITING).fill('');
  private readonly waitingExpiry = new Float64Array(WAITING);
  private readonly waitingLines: (RawLine | undefined)[] = new Array<RawLine | undefined>(WAITING);
  private waitingNext = 0;

  /** The line is kept as read, briefly, not copied. */
  refreshTokenCreated(id: string, expiry: number | undefined, raw: RawLine): void {
    const slot = this.waitingNext;
    this.waitingNext = (slot + 1) % WAITING;
    this.waitingIds[slot] = id;
    this.waitingExpiry[slot] = expiry ?? Number.NaN;
    this.waitingLines[slot] = raw;
  }

  /** Records the pair an access token completes; returns the heads of its two token ids. */
  accessTokenCreated(rt: string, accessId: string, user: string, accessExpiry: number | undefined, where: RawLine): [string, string] {
    const waiting = this.takeWaiting(rt);
    const slot = this.next;
    this.next = (slot + 1) % MAX_PAIRS;
    if (this.count === MAX_PAIRS) this.table.remove(slot);
    else this.count += 1;
    this.table.set(rt, slot);
    const refreshHead = idHead(rt);
    const accessHead = idHead(accessId);
    this.refreshIds[slot] = refreshHead;
    this.accessIds[slot] = accessHead;
    this.users[slot] = user;
    this.files[slot] = where.file;
    this.lines[slot] = where.line;
    this.times[slot] = where.at;
    this.offsets[slot] = where.offsetMin;
    this.accessExpiries[slot] = accessExpiry ?? Number.NaN;
    this.refreshExpiries[slot] = waiting < 0 ? Number.NaN : this.waitingExpiry[waiting]!;
    const ring = slot % RECENT_WITH_LINES;
    this.recentSlot[ring] = slot;
    this.recent[ring] = waiting < 0 ? [where] : [this.waitingLines[waiting]!, where];
    return [refreshHead, accessHead];
  }

  /** The pair of a refresh token id, with copies of its lines while they are still at hand. */
  pairOf(refreshId: string | undefined): TokenPair | undefined {
    const slot = refreshId === undefined ? -1 : this.table.get(refreshId);
    if (slot < 0) return undefined;
    const ring = slot % RECENT_WITH_LINES;
    const raw = this.recentSlot[ring] === slot ? this.recent[ring]! : [];
    return {
      user: this.users[slot]!,
      refreshId: this.refreshIds[slot]!,
      accessId: this.accessIds[slot]!,
      at: this.times[slot]!,
      offsetMin: this.offsets[slot]!,
      file: this.files[slot]!,
      line: this.lines[slot]!,
      lines: raw.map((line) => evidenceLine(line.file, line.line, line.text, line.at, line.offsetMin)),
      ...optional('accessExpiry', this.accessExpiries[slot]!),
      ...optional('refreshExpiry', this.refreshExpiries[slot]!),
    };
  }

  /** The waiting refresh-token line of this id (newest first), removed; or -1. */
  private takeWaiting(id: string): number {
    for (let back = 1; back <= WAITING; back += 1) {
      const slot = (this.waitingNext - back + WAITING) % WAITING;
      if (this.waitingIds[slot] === id) {
        this.waitingIds[slot] = '';
        return slot;
      }
    }
    return -1;
  }
}

function optional<K extends string>(key: K, value: number): Partial<Record<K, number>> {
  return Number.isNaN(value) ? {} : ({ [key]: value } as Record<K, number>);
}
