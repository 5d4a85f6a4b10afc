/**
 * The analyzer's report: what `npm run analyze -- --json` prints and what `diagnose` embeds.
 * Every instant is an ISO-8601 UTC string.
 */
import type { SignatureId } from './signatures.ts';

export type Severity = 'high' | 'medium' | 'low' | 'info';

/**
 * What a file turned out to hold, judged by its content. `mixed` holds lines of more than one
 * kind; `unknown` holds no line of any kind; `unreadable` could not be read at all; `har` is a
 * browser's HAR (its `lines` count entries).
 */
export type FileKind = 'client' | 'webservices' | 'ids' | 'mixed' | 'har' | 'unknown' | 'empty' | 'unreadable';

export interface FileReport {
  /** As given (a file inside an archive is `archive.zip!inner/path`). */
  path: string;
  kind: FileKind;
  lines: number;
  /** Lines that are neither an entry of a known format nor a continuation of one. */
  unparsed: number;
  /** Entries whose times named no zone, and the zone they were read in (`--zone`). */
  zonelessLines?: number;
  assumedZone?: string;
  /** The first and last entry times found in the file. */
  first?: string;
  last?: string;
  /** Why the file could not be read, or not to its end. */
  error?: string;
}

/** One log line quoted as evidence; tokens in it are masked. */
export interface Evidence {
  file: string;
  line: number;
  text: string;
  /** The time of the entry the line belongs to. */
  at: string;
}

/** What a signature's log wording rests on (see `SignatureSpec.provenance`). */
export type Provenance = 'seed' | 'documented' | 'inferred';

export interface Finding {
  signature: SignatureId;
  severity: Severity;
  provenance: Provenance;
  /** The user the finding is about; null when the logs do not say (for example an IdS outage). */
  user: string | null;
  first: string;
  last: string;
  /** One sentence with the specifics: which tokens, when, what followed. */
  summary: string;
  evidence: Evidence[];
  cause: string;
  workaround: string;
  reference: string;
  /** A finer diagnosis where the ids allow one (see the catalog's sub-causes). */
  subCause?: string;
  /** For a consequence (a forced sign-out), the finding that explains it. */
  causedBy?: SignatureId;
}

export type TimelineEventKind =
  'sign-in' | 'token-pair' | 'refresh' | 'refresh-failed' | 'refresh-refused' | 'banner' | 'forced-logout' | 'presence-logout' | 'sign-out';

export interface TimelineEvent {
  at: string;
  event: TimelineEventKind;
  detail: string;
  file: string;
  line: number;
  /** The short refresh-token id of the pair the event shows (a refusal: the pair of the access token presented). */
  pair?: string;
  /** A refusal: the short id of the refresh token presented with it. */
  presented?: string;
}

export interface UserReport {
  /** `(unknown user)` gathers client sessions that could not be tied to a user. */
  user: string;
  /** Client session ids (the 6-hex id of client log lines) of this user. */
  sessions: string[];
  /** How each client session was tied to the user, when not by a line naming the user. */
  joinedBy?: string;
  /** Events per kind, every occurrence counted, including those left out of the timeline. */
  counts: Partial<Record<TimelineEventKind, number>>;
  first?: string;
  last?: string;
  timeline: TimelineEvent[];
  /** Routine events (token pairs, refreshes) left out of the timeline to bound its size. */
  omittedEvents: number;
}

export interface AnalysisReport {
  files: FileReport[];
  users: UserReport[];
  /** Most severe first, then by time. */
  findings: Finding[];
  /** Present when a signature had more findings than are listed (a flood): how many more, by signature. */
  omittedFindings?: Partial<Record<SignatureId, number>>;
  /** Present when failure lines beyond the memory bound were counted but not correlated (a flood). */
  eventsNotKept?: number;
}
