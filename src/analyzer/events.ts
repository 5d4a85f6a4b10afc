/**
 * What the scanners extract from the logs and keep for correlation: the few lines that matter,
 * each with where it came from. Healthy lines leave nothing here but counters and routine
 * timeline entries.
 */
import type { RefusalReason, SignInIncidentKind } from './server-log.ts';
import type { ClientEventKind } from './client-log.ts';

/** One physical line kept as evidence (tokens masked), with the time of its entry. */
export interface LineRef {
  file: string;
  line: number;
  text: string;
  /** UTC ms. */
  at: number;
  /** The offset its log was written in, minutes east of UTC. */
  offsetMin: number;
}

/** A token pair as the IdS logged its creation. */
export interface TokenPair {
  user: string;
  refreshId: string;
  accessId: string;
  at: number;
  offsetMin: number;
  accessExpiry?: number;
  refreshExpiry?: number;
  /** Where the access token's `Created` line is. */
  file: string;
  line: number;
  /** The two `Created …` lines, when still at hand (recent pairs). */
  lines: LineRef[];
}

/** An IdS refusal of a refresh request (`IdSRefreshTokenRequestValidator`). */
export interface IdsRefusal {
  reason: RefusalReason;
  at: number;
  thread: string;
  refreshId?: string;
  accessRt?: string;
  expiredAt?: number;
  rotatedAt?: number;
  /** The pair of the presented refresh token and the pair the access token's `rt` names, looked up when the refusal was read. */
  presented?: TokenPair;
  accessPair?: TokenPair;
  message: string;
  lines: LineRef[];
  /** Set by correlation: whose refresh it was, and the webservices failure of the same request. */
  user?: string;
  refreshError?: RefreshError;
}

/** A server entry with its continuation lines (exceptions), kept as evidence. */
export interface ServerIncident {
  at: number;
  thread: string;
  lines: LineRef[];
}

/** A refresh Finesse webservices asked of the IdS and that failed (`Error refreshing access token…`). */
export interface RefreshError extends ServerIncident {
  status?: number;
  /** The connection failure, when the IdS could not be reached. */
  connection?: string;
  /** Set by correlation: whose refresh it was. */
  user?: string;
}

/** An entry showing that Finesse could not connect to the IdS. */
export interface IdsConnectionError extends ServerIncident {
  failure: string;
}

/** An IdS entry about the sign-in (see `SignInIncidentKind`), with the user it names. */
export interface SignInIncident extends ServerIncident {
  kind: SignInIncidentKind;
  user?: string;
}

export interface PresenceLogout extends ServerIncident {
  user: string;
  reasonCode?: number;
}

/** The desktop session that wrote client log lines (one desktop load), identified per file. */
export interface ClientSession {
  id: string;
  file: string;
  /** The user named by a sign-in line of the session. */
  signedInUser?: string;
  /** The user named by the file name (`<user>_<yyyy-MM-ddTHH-mm-ss>.log`). */
  fileUser?: string;
  /** The user found by correlation when no line or name says, and how. */
  joinedUser?: string;
  joinedBy?: string;
  skew: ClockSkew;
}

/** The largest difference between a session's browser clock and the server's receipt time. */
export interface ClockSkew {
  /** Receipt time minus browser time, ms, of the line where it was largest in magnitude. */
  largestMs: number;
  largest?: LineRef;
  /** The first line beyond the threshold. */
  first?: LineRef;
  beyondThreshold: number;
}

export interface ClientEvent {
  kind: ClientEventKind;
  at: number;
  session: ClientSession;
  status?: number;
  line: LineRef;
}

export function userOfSession(session: ClientSession): string | undefined {
  return session.signedInUser ?? session.fileUser ?? session.joinedUser;
}
