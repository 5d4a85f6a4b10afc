/**
 * The Finesse desktop (client) log:
 * `<server receipt time>: <session id>: <Finesse host>: <browser time>: <Component> : <message>`
 * (the component is not needed: messages are recognised on their own),
 * e.g. `2017-03-25T05:18:27.610 -05:00: C5E373: fin1a.lab: Mar 25 2017 05:18:27.618 -0500: Header : Unable to …`.
 * Every line is parsed generically; the messages that matter for SSO are then recognised.
 */
import { ParsedTime, parseBrowserTime, parseClientReceiptTime } from './timestamps.ts';

/** A parsed client line: times and field bounds. The scanner reuses one instance for every line. */
export class ClientLine {
  /** When the Finesse server received the line (its clock), UTC ms. */
  at = 0;
  offsetMin = 0;
  /** When the browser wrote it (the agent computer's clock), UTC ms; NaN when unreadable. */
  browserAt = Number.NaN;
  /** Bounds of the 6-hex id of the desktop session that wrote the line. */
  sessionStart = 0;
  sessionEnd = 0;
  messageStart = 0;
  /** Whether a time of the line named no zone (read at the assumed one). */
  zoneless = false;
}

const receipt = new ParsedTime();
const browser = new ParsedTime();

/** Parses the line `text[start, end)` into `out` (bounds stay relative to `text`); false when it is not a client line. Times without a zone are read at `assumedOffsetMin`. */
export function parseClientLine(line: string, start: number, end: number, out: ClientLine, assumedOffsetMin = 0): boolean {
  if (!parseClientReceiptTime(line, start, receipt, assumedOffsetMin) || line.charCodeAt(receipt.end) !== 58) return false;
  const sessionStart = receipt.end + 2;
  const sessionEnd = line.indexOf(': ', sessionStart);
  if (sessionEnd < 0 || sessionEnd === sessionStart || sessionEnd - sessionStart > 32) return false;
  const hostEnd = line.indexOf(': ', sessionEnd + 2);
  if (hostEnd < 0 || hostEnd >= end) return false;
  const browserStart = hostEnd + 2;
  const readable = parseBrowserTime(line, browserStart, browser, assumedOffsetMin) && line.charCodeAt(browser.end) === 58;
  // A browser time in another format is skipped to the field separator: the line stays usable.
  const browserEnd = readable ? browser.end : line.indexOf(': ', browserStart);
  if (browserEnd < 0 || browserEnd + 2 > end) return false;
  let componentEnd = line.indexOf(' : ', browserEnd + 2);
  if (componentEnd >= end) componentEnd = -1;
  out.at = receipt.at;
  out.offsetMin = receipt.offsetMin;
  out.browserAt = readable ? browser.at : Number.NaN;
  out.zoneless = receipt.zoneless || (readable && browser.zoneless);
  out.sessionStart = sessionStart;
  out.sessionEnd = sessionEnd;
  out.messageStart = componentEnd < 0 ? browserEnd + 2 : componentEnd + 3;
  return true;
}

export type ClientEventKind = 'sign-in' | 'refresh' | 'refresh-failed' | 'banner' | 'forced-logout' | 'sign-out';

export interface ClientMessage {
  kind: ClientEventKind;
  /** The user a sign-in (or sign-out) line names. */
  user?: string;
  extension?: string;
  /** The HTTP status of a failed refresh. */
  status?: number;
  /** `retry 1 of 3`. */
  retry?: number;
  retries?: number;
}

const SIGNED_IN = /^Signed in user (\S+?)(?:,|;|\s|$)(?:with extension (\S+))?/;
const RETRY = /retry (\d+) of (\d+)/;
const STATUS = /\((\d{3})\)|\b(\d{3})\b/;
const USER = /\b[Uu]ser (\S+?)(?:[\s,;.]|$)/;

/**
 * The SSO-relevant meaning of a client message, or undefined for all other messages. The two
 * documented lines (TAC 212067) are keyed on their fixed text; the timeline lines of the mock and
 * of real desktops (`Access token refreshed…`, `Refresh failed (401)…`, `Signed in user …`,
 * `Signed out…`) on their leading words, so most messages are dismissed by their first letter.
 */
export function classifyClientMessage(line: string, from: number, end: number): ClientMessage | undefined {
  const first = line.charCodeAt(from);
  if (first === 85 && line.startsWith('Unable to refresh access token', from)) {
    return { kind: /logging out/i.test(line.slice(from, end)) ? 'forced-logout' : 'banner' };
  }
  if (first === 65 && line.startsWith('Access token refreshed', from)) return { kind: 'refresh' };
  if ((first === 82 && line.startsWith('Refresh failed', from)) || (first === 84 && line.startsWith('Token refresh failed', from)))
    return refreshFailed(line.slice(from, end));
  if (first === 83 && line.startsWith('Signed in user ', from)) {
    const match = SIGNED_IN.exec(line.slice(from, end));
    return match ? { kind: 'sign-in', user: match[1]!, ...(match[2] ? { extension: match[2] } : {}) } : undefined;
  }
  const signedOut =
    first === 83
      ? line.startsWith('Signed out', from) || line.startsWith('Signing out', from)
      : first === 85 && line.startsWith('User ', from) && line.slice(from, end).includes(' signed out');
  if (signedOut) {
    const user = USER.exec(line.slice(from, end))?.[1];
    return { kind: 'sign-out', ...(user ? { user } : {}) };
  }
  return undefined;
}

function refreshFailed(message: string): ClientMessage {
  const status = STATUS.exec(message);
  const retry = RETRY.exec(message);
  return {
    kind: 'refresh-failed',
    ...(status ? { status: Number(status[1] ?? status[2]) } : {}),
    ...(retry ? { retry: Number(retry[1]), retries: Number(retry[2]) } : {}),
  };
}
