import type { TimelineEventKind } from './types.ts';

/**
 * One event of a user's timeline. Token pairs carry their ids and get their words when the
 * report is made: they are the bulk of a healthy log and should cost little until then.
 */
export interface TimelineItem {
  at: number;
  offsetMin: number;
  event: TimelineEventKind;
  detail: string;
  file: string;
  line: number;
  refreshId: string | undefined;
  accessId: string | undefined;
}

/** Events that repeat all day in a healthy log; the others are notable. */
export const ROUTINE_EVENTS: ReadonlySet<TimelineEventKind> = new Set(['token-pair', 'refresh']);

/** Routine events kept from the start and from the end of a user's history. */
const ROUTINE_HEAD = 8;
const ROUTINE_TAIL = 24;
/** Notable events kept per user; a flood beyond this is only counted. */
const NOTABLE_MAX = 400;

/**
 * One user's events, bounded whatever the log size: notable events up to a generous cap, and of
 * the routine ones the first few and the most recent. Counts stay exact. The most recent routine
 * events live in a ring of columns, so the all-day stream of refreshes allocates nothing here.
 */
export class BoundedTimeline {
  readonly counts = new Map<TimelineEventKind, number>();
  private readonly kept: TimelineItem[] = [];
  private notable = 0;
  private routineHead = 0;
  /** Made when the head is full: most users of a short log never need it. */
  private tail: RoutineRing | undefined;
  private omitted = 0;

  record(at: number, offsetMin: number, event: TimelineEventKind, detail: string, file: string, line: number, refreshId?: string, accessId?: string): void {
    this.counts.set(event, (this.counts.get(event) ?? 0) + 1);
    if (!ROUTINE_EVENTS.has(event)) {
      if (this.notable >= NOTABLE_MAX) this.omitted += 1;
      else {
        this.notable += 1;
        this.kept.push({ at, offsetMin, event, detail, file, line, refreshId, accessId });
      }
    } else if (this.routineHead < ROUTINE_HEAD) {
      this.routineHead += 1;
      this.kept.push({ at, offsetMin, event, detail, file, line, refreshId, accessId });
    } else if ((this.tail ??= new RoutineRing(ROUTINE_TAIL)).put(at, offsetMin, event, detail, file, line, refreshId, accessId)) {
      this.omitted += 1;
    }
  }

  /** Takes in another timeline's events (a client session found to be this user's). */
  merge(other: BoundedTimeline): void {
    for (const item of other.items()) this.record(item.at, item.offsetMin, item.event, item.detail, item.file, item.line, item.refreshId, item.accessId);
    for (const [event, count] of other.counts) this.counts.set(event, (this.counts.get(event) ?? 0) + count - other.keptOf(event));
    this.omitted += other.omitted;
  }

  get omittedEvents(): number {
    return this.omitted;
  }

  get isEmpty(): boolean {
    return this.counts.size === 0;
  }

  /** Everything kept, in time order. */
  items(): TimelineItem[] {
    return [...this.kept, ...(this.tail?.items() ?? [])].sort((a, b) => a.at - b.at || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }

  private keptOf(event: TimelineEventKind): number {
    return this.items().filter((item) => item.event === event).length;
  }
}

/** The most recent routine events, column-wise: overwriting a slot allocates nothing. */
class RoutineRing {
  private readonly at: Float64Array;
  private readonly offsetMin: Int16Array;
  private readonly line: Float64Array;
  private readonly event: TimelineEventKind[] = [];
  private readonly detail: string[] = [];
  private readonly file: string[] = [];
  private readonly refreshId: (string | undefined)[] = [];
  private readonly accessId: (string | undefined)[] = [];
  private next = 0;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.at = new Float64Array(capacity);
    this.offsetMin = new Int16Array(capacity);
    this.line = new Float64Array(capacity);
  }

  /** Stores an event; returns whether an older one was overwritten. */
  put(
    at: number,
    offsetMin: number,
    event: TimelineEventKind,
    detail: string,
    file: string,
    line: number,
    refreshId: string | undefined,
    accessId: string | undefined,
  ): boolean {
    const slot = this.next;
    this.next = (slot + 1) % this.capacity;
    const overwritten = this.size === this.capacity;
    if (!overwritten) this.size += 1;
    this.at[slot] = at;
    this.offsetMin[slot] = offsetMin;
    this.line[slot] = line;
    this.event[slot] = event;
    this.detail[slot] = detail;
    this.file[slot] = file;
    this.refreshId[slot] = refreshId;
    this.accessId[slot] = accessId;
    return overwritten;
  }

  items(): TimelineItem[] {
    return Array.from({ length: this.size }, (_, slot) => ({
      at: this.at[slot]!,
      offsetMin: this.offsetMin[slot]!,
      event: this.event[slot]!,
      detail: this.detail[slot]!,
      file: this.file[slot]!,
      line: this.line[slot]!,
      refreshId: this.refreshId[slot],
      accessId: this.accessId[slot],
    }));
  }
}
