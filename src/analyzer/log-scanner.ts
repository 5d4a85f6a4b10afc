/**
 * Reads one file's lines, whatever its kind: recognises each line's format, assembles multi-line
 * server entries, counts what it cannot parse, and hands what matters for SSO to the facts.
 * Kind is decided per line, so a concatenation of logs works as well as a single log.
 */
import { classifyClientMessage, ClientLine, parseClientLine, type ClientMessage } from './client-log.ts';
import { detach } from './detach.ts';
import { isContinuationText, KindVotes, lineShape } from './detect-kind.ts';
import { OpenEntry } from './entries.ts';
import type { ClientSession } from './events.ts';
import { evidenceLine } from './evidence-line.ts';
import { maskTokens } from './mask-tokens.ts';
import { ThreadContext } from './thread-context.ts';
import type { LogFacts } from './facts.ts';
import {
  connectionError,
  isIdsEntry,
  isWarningOrWorse,
  parseCreatedToken,
  parsePresenceLogout,
  parseRefusal,
  parseServerHeader,
  refreshStatus,
  ServerHeader,
  serverInterest,
  userOfMessage,
} from './server-log.ts';
import { toIso, zoneName } from './timestamps.ts';
import type { FileReport } from './types.ts';

export interface ScanOptions {
  /** Client lines whose browser and server times differ by more than this count as clock skew. */
  clockSkewThresholdMs: number;
  /** The zone (minutes east of UTC) in which times that name none are read; 0 (UTC) when not given. */
  assumedOffsetMin?: number;
}

const MAX_DETAIL_CHARS = 200;

/** A WARN/ERROR entry that did not look like it mattered, kept until its continuation lines are seen. */
interface PlainEntry {
  header: ServerHeader;
  text: string;
  lineNo: number;
}

export class LogScanner {
  private lineNo = 0;
  private nonBlank = 0;
  private unparsed = 0;
  private zoneless = 0;
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  private readonly votes = new KindVotes();
  /** Whether a line without a timestamp continues an entry (it does unless nothing has started one). */
  private inEntry = false;
  private open: OpenEntry | undefined;
  private plain: PlainEntry | undefined;
  private readonly sessions = new Map<string, ClientSession>();
  private lastSession: ClientSession | undefined;
  private lastDetail = '';
  private readonly context = new ThreadContext();
  /** Reused for every line; copied only for the entries that are kept. */
  private readonly header = new ServerHeader();
  private readonly client = new ClientLine();

  constructor(
    private readonly file: string,
    private readonly fileUser: string | undefined,
    private readonly facts: LogFacts,
    private readonly options: ScanOptions,
  ) {}

  /** One line: `text.slice(start, end)` (the splitter's bounds; the line itself is cut out only when kept). */
  line(text: string, start: number, end: number): void {
    this.lineNo += 1;
    if (end === start) return;
    this.nonBlank += 1;
    const shape = lineShape(text, start, end);
    if (shape === 'server') this.serverLine(text, start, end);
    else if (shape === 'client') this.clientLine(text, start, end);
    else this.otherLine(text.slice(start, end));
  }

  /** Ends the file (`error` when it could not be read to the end) and reports on it. */
  finish(error?: string): FileReport {
    this.closeEntry();
    const kind = error !== undefined && this.lineNo === 0 ? 'unreadable' : this.votes.kind(this.nonBlank);
    return {
      path: this.file,
      kind,
      lines: this.lineNo,
      unparsed: this.unparsed,
      ...(this.zoneless > 0 ? { zonelessLines: this.zoneless, assumedZone: zoneName(this.options.assumedOffsetMin ?? 0) } : {}),
      ...(this.first <= this.last ? { first: toIso(this.first), last: toIso(this.last) } : {}),
      ...(error === undefined ? {} : { error }),
    };
  }

  private serverLine(text: string, start: number, end: number): void {
    const header = this.header;
    if (!parseServerHeader(text, start, end, header, this.options.assumedOffsetMin)) return this.brokenLine();
    if (header.zoneless) this.zoneless += 1;
    this.closeEntry();
    this.inEntry = true;
    this.votes.voteServer(isIdsEntry(text, header));
    this.seen(header.at);
    const interest = serverInterest(text, end, header);
    if (interest !== undefined) this.open = new OpenEntry(interest, header.copyFrom(start), this.file, text.slice(start, end), this.lineNo);
    else if (isWarningOrWorse(header.level)) this.plain = { header: header.copyFrom(start), text: text.slice(start, end), lineNo: this.lineNo };
  }

  private clientLine(text: string, start: number, end: number): void {
    const parsed = this.client;
    if (!parseClientLine(text, start, end, parsed, this.options.assumedOffsetMin)) return this.brokenLine();
    if (parsed.zoneless) this.zoneless += 1;
    this.closeEntry();
    this.inEntry = true;
    this.votes.voteClient();
    this.seen(parsed.at);
    const session = this.session(text, parsed.sessionStart, parsed.sessionEnd);
    if (!Number.isNaN(parsed.browserAt)) this.checkSkew(session, parsed, text, start, end);
    const meaning = classifyClientMessage(text, parsed.messageStart, end);
    if (meaning === undefined) return;
    if (meaning.kind === 'sign-in' && meaning.user !== undefined) session.signedInUser ??= this.facts.user(meaning.user);
    this.facts
      .timelineOfSession(session)
      .record(parsed.at, parsed.offsetMin, meaning.kind, this.detail(text, parsed.messageStart, end), this.file, this.lineNo);
    // The event is made only when it is kept; an argument arrow, not a named one, which tsx would wrap to keep its name on every line.
    if (meaning.kind === 'refresh') this.facts.keepRoutine(this.facts.clientRefreshes, () => this.clientEvent(meaning, session, text, start, end));
    else this.facts.keep(this.facts.clientEvents, () => this.clientEvent(meaning, session, text, start, end));
  }

  private clientEvent({ kind, status }: ClientMessage, session: ClientSession, text: string, start: number, end: number) {
    const parsed = this.client;
    return {
      kind,
      at: parsed.at,
      session,
      line: evidenceLine(this.file, this.lineNo, text.slice(start, end), parsed.at, parsed.offsetMin),
      ...(status === undefined ? {} : { status }),
    };
  }

  private otherLine(text: string): void {
    if (!this.inEntry || !isContinuationText(text)) {
      this.unparsed += 1;
      return;
    }
    if (this.open !== undefined) {
      this.open.continueWith(text, this.lineNo);
      return;
    }
    // An error entry that names the IdS only in its exception (`ConnectException … /ids/v1/…`) matters after all.
    if (this.plain !== undefined && text.includes('Exception') && (text.includes('/ids/') || text.includes('.ids.'))) {
      const { header, text: headerText, lineNo } = this.plain;
      this.open = new OpenEntry('ids-call', header, this.file, headerText, lineNo);
      this.open.continueWith(text, this.lineNo);
      this.plain = undefined;
    }
  }

  /** A line that starts like an entry but is not one: unparsed, and it ends the entry before it. */
  private brokenLine(): void {
    this.unparsed += 1;
    this.closeEntry();
    this.inEntry = false;
  }

  private seen(at: number): void {
    if (at < this.first) this.first = at;
    if (at > this.last) this.last = at;
  }

  private session(text: string, start: number, end: number): ClientSession {
    const last = this.lastSession;
    if (last !== undefined && last.id.length === end - start && text.startsWith(last.id, start)) return last;
    const id = text.slice(start, end);
    let session = this.sessions.get(id);
    if (session === undefined) {
      session = {
        id: detach(id),
        file: this.file,
        skew: { largestMs: 0, beyondThreshold: 0 },
        ...(this.fileUser ? { fileUser: this.facts.user(this.fileUser) } : {}),
      };
      this.sessions.set(session.id, session);
      const created = session;
      this.facts.keep(this.facts.sessions, () => created);
    }
    this.lastSession = session;
    return session;
  }

  private checkSkew(session: ClientSession, parsed: ClientLine, text: string, start: number, end: number): void {
    const skewMs = parsed.at - parsed.browserAt;
    const skew = session.skew;
    const magnitude = Math.abs(skewMs);
    if (magnitude <= this.options.clockSkewThresholdMs) return;
    skew.beyondThreshold += 1;
    const largest = magnitude > Math.abs(skew.largestMs);
    if (skew.first !== undefined && !largest) return;
    // A skewed clock skews every line: only the first and the largest are kept as evidence.
    const line = evidenceLine(this.file, this.lineNo, text.slice(start, end), parsed.at, parsed.offsetMin);
    skew.first ??= line;
    if (largest) {
      skew.largestMs = skewMs;
      skew.largest = line;
    }
  }

  private closeEntry(): void {
    const entry = this.open;
    this.open = undefined;
    this.plain = undefined;
    if (entry !== undefined) this.complete(entry);
  }

  /** An entry that matters is whole: turn it into facts. */
  private complete(entry: OpenEntry): void {
    const { header } = entry;
    const facts = this.facts;
    switch (entry.interest) {
      case 'refresh-token-created': {
        const created = parseCreatedToken(entry.headerText, header.messageStart, 'refresh');
        if (created !== undefined) facts.tokens.refreshTokenCreated(created.token, created.expiry, this.raw(entry));
        return;
      }
      case 'access-token-created': {
        const created = parseCreatedToken(entry.headerText, header.messageStart, 'access');
        if (created?.rt === undefined || created.user === undefined) return;
        const user = facts.user(created.user);
        const [refreshId, accessId] = facts.tokens.accessTokenCreated(created.rt, created.token, user, created.expiry, this.raw(entry));
        facts.timelineOf(user).record(header.at, header.offsetMin, 'token-pair', '', this.file, entry.lineNo, refreshId, accessId);
        return;
      }
      case 'ids-refusal':
        facts.keep(facts.refusals, () => {
          const refusal = parseRefusal(entry.message);
          const presented = facts.tokens.pairOf(refusal.refreshId);
          const accessPair = facts.tokens.pairOf(refusal.accessRt);
          return {
            ...refusal,
            ...(refusal.refreshId === undefined ? {} : { refreshId: detach(refusal.refreshId) }),
            ...(refusal.accessRt === undefined ? {} : { accessRt: detach(refusal.accessRt) }),
            ...(presented ? { presented } : {}),
            ...(accessPair ? { accessPair } : {}),
            at: header.at,
            thread: detach(entry.thread),
            message: detach(maskTokens(entry.message.slice(0, MAX_DETAIL_CHARS))),
            lines: entry.lines(),
          };
        });
        return;
      case 'ids-auth-exception':
        facts.keep(facts.authExceptions, () => ({ at: header.at, thread: detach(entry.thread), lines: entry.lines() }));
        return;
      case 'refresh-error': {
        const text = entry.text();
        const connection = connectionError(text);
        const status = refreshStatus(text);
        const thread = detach(entry.thread);
        const context = this.context.take(thread, header.at);
        facts.keep(facts.refreshErrors, () => ({
          at: header.at,
          thread,
          lines: [...context, ...entry.lines()],
          ...(status === undefined ? {} : { status }),
          ...(connection ? { connection: detach(connection) } : {}),
        }));
        if (connection)
          facts.keep(facts.connectionErrors, () => ({ at: header.at, thread, lines: [...context, ...entry.lines()], failure: detach(connection) }));
        return;
      }
      case 'ids-call': {
        const connection = connectionError(entry.text());
        if (connection)
          facts.keep(facts.connectionErrors, () => ({ at: header.at, thread: detach(entry.thread), lines: entry.lines(), failure: detach(connection) }));
        else if (entry.message.includes('threw error')) this.context.add(entry.thread, entry.lines());
        return;
      }
      case 'refresh-context':
        this.context.add(entry.thread, entry.lines());
        return;
      case 'presence-logout': {
        const presence = parsePresenceLogout(entry.message);
        if (presence === undefined) return;
        const user = facts.user(presence.user);
        const { reasonCode } = presence;
        facts.keep(facts.presenceLogouts, () => ({
          at: header.at,
          thread: detach(entry.thread),
          lines: entry.lines(),
          user,
          ...(reasonCode === undefined ? {} : { reasonCode }),
        }));
        const detail = `Finesse forced the sign-out after presence loss (reason code ${presence.reasonCode ?? 'not given'})`;
        facts.timelineOf(user).record(header.at, header.offsetMin, 'presence-logout', detail, this.file, entry.lineNo);
        return;
      }
      case 'idp-session-ended':
      case 'saml-outside-window':
      case 'sign-in-restarted': {
        const named = userOfMessage(entry.message);
        const user = named === undefined ? undefined : facts.user(named);
        const kind = entry.interest;
        facts.keep(facts.signInIncidents, () => ({
          kind,
          at: header.at,
          thread: detach(entry.thread),
          lines: entry.lines(),
          ...(user === undefined ? {} : { user }),
        }));
        return;
      }
      case 'sign-in':
      case 'sign-out': {
        const user = userOfMessage(entry.message);
        if (user === undefined) return;
        facts
          .timelineOf(facts.user(user))
          .record(header.at, header.offsetMin, entry.interest, detach(maskTokens(entry.message.slice(0, MAX_DETAIL_CHARS))), this.file, entry.lineNo);
        return;
      }
    }
  }

  /** The header line as read, for the token index to keep briefly. */
  private raw(entry: OpenEntry) {
    return { file: this.file, line: entry.lineNo, text: entry.headerText, at: entry.header.at, offsetMin: entry.header.offsetMin };
  }

  /** A client message as timeline detail; repeated messages (every refresh) share one copy. */
  private detail(text: string, from: number, end: number): string {
    const length = Math.min(end - from, MAX_DETAIL_CHARS);
    if (this.lastDetail.length === length && text.startsWith(this.lastDetail, from)) return this.lastDetail;
    this.lastDetail = detach(maskTokens(text.slice(from, from + length)));
    return this.lastDetail;
  }
}
