/**
 * Everything the scanners keep from all files of one analysis, for correlation at the end.
 * Each list is bounded, so a pathological log (a million failures) cannot exhaust memory; what
 * is dropped is counted.
 */
import { detach } from './detach.ts';
import type { ClientEvent, ClientSession, IdsConnectionError, IdsRefusal, PresenceLogout, RefreshError, ServerIncident, SignInIncident } from './events.ts';
import { userOfSession } from './events.ts';
import type { HarRecord } from './har/har-record.ts';
import { BoundedTimeline } from './timeline.ts';
import { TokenIndex } from './tokens.ts';

const MAX_EVENTS_PER_LIST = 10_000;

export class LogFacts {
  readonly tokens = new TokenIndex();
  readonly refusals: IdsRefusal[] = [];
  readonly authExceptions: ServerIncident[] = [];
  readonly refreshErrors: RefreshError[] = [];
  readonly connectionErrors: IdsConnectionError[] = [];
  readonly presenceLogouts: PresenceLogout[] = [];
  readonly signInIncidents: SignInIncident[] = [];
  readonly clientEvents: ClientEvent[] = [];
  /** Successful refreshes desktops logged: routine, so a full list drops the rest without counting them. */
  readonly clientRefreshes: ClientEvent[] = [];
  readonly sessions: ClientSession[] = [];
  /** What each HAR given showed (see `HarRecord`). */
  readonly hars: HarRecord[] = [];
  /** Timelines of users, and of client sessions whose user is not known while they are read. */
  readonly timelines = new Map<string, BoundedTimeline>();
  readonly sessionTimelines = new Map<ClientSession, BoundedTimeline>();
  /** Events left out because a list was full. */
  dropped = 0;
  private readonly userNames = new Map<string, string>();

  /** Adds what `make` builds to the list, or, when the list is full, only counts it (without building it). */
  keep<T>(list: T[], make: () => T): void {
    if (list.length < MAX_EVENTS_PER_LIST) list.push(make());
    else this.dropped += 1;
  }

  /** Like `keep`, for routine events: what does not fit is left out silently (it is no failure). */
  keepRoutine<T>(list: T[], make: () => T): void {
    if (list.length < MAX_EVENTS_PER_LIST) list.push(make());
  }

  /** One shared, detached string per user name. */
  user(name: string): string {
    let interned = this.userNames.get(name);
    if (interned === undefined) {
      interned = detach(name);
      this.userNames.set(interned, interned);
    }
    return interned;
  }

  timelineOf(user: string): BoundedTimeline {
    let timeline = this.timelines.get(user);
    if (timeline === undefined) {
      timeline = new BoundedTimeline();
      this.timelines.set(user, timeline);
    }
    return timeline;
  }

  /** The timeline a client session's event goes to: its user's once known, else the session's own. */
  timelineOfSession(session: ClientSession): BoundedTimeline {
    const user = userOfSession(session);
    if (user !== undefined) return this.timelineOf(user);
    let timeline = this.sessionTimelines.get(session);
    if (timeline === undefined) {
      timeline = new BoundedTimeline();
      this.sessionTimelines.set(session, timeline);
    }
    return timeline;
  }
}
