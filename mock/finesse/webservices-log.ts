import type { LogFolder } from '../logs/log-folder.ts';
import { fileStamp, serverLogEntry, type LogLevel } from '../logs/format.ts';
import { WEBSERVICES_LOG, webservicesLogText, type WebservicesLogMessage, type WebservicesLogValues } from '../../src/kernel/webservices-log.ts';

/**
 * The Finesse webservices (Tomcat) log in the seed's format, threads named like Tomcat's APR connector.
 * Its file is `Desktop-webservices.<time>.log` (TAC 212078 names them `Desktop-webservices…`;
 * INFERRED: the time of the file's first line after the dot, as a rotating log names its files).
 */
export class WebservicesLog {
  private thread = 0;
  private file: string | undefined;

  constructor(
    private readonly logs: LogFolder,
    private readonly now: () => Date,
  ) {}

  nextThread(): string {
    this.thread = (this.thread % 200) + 1;
    return `http-apr-8445-exec-${this.thread}`;
  }

  private write(thread: string, level: LogLevel, logger: string, source: string, message: string, exception?: string): void {
    this.file ??= `Desktop-webservices.${fileStamp(this.now())}.log`;
    this.logs.append('webservices', this.file, serverLogEntry(this.now(), thread, level, logger, source, message, exception));
  }

  /** One catalog sentence, at its logger and source, with the exception line that follows it when there is one. */
  private say<Message extends WebservicesLogMessage>(
    thread: string,
    level: LogLevel,
    message: Message,
    values: WebservicesLogValues<Message>,
    exception?: string,
  ): void {
    const { logger, source } = WEBSERVICES_LOG[message];
    this.write(thread, level, logger, source, webservicesLogText(message, values), exception);
  }

  signedIn(thread: string, userId: string): void {
    this.say(thread, 'INFO', 'signedIn', { userId });
  }

  refreshed(thread: string, userId: string): void {
    this.say(thread, 'INFO', 'refreshed', { userId });
  }

  /** The seed's five lines for a refresh the IdS refused (the request, tokens included, is logged as Finesse does). */
  refreshRefused(thread: string, tokenUrl: string, status: number, responseBody: string, requestBody: string): void {
    let apiError = { errorType: 'Unknown', errorData: '', errorMessage: responseBody };
    try {
      const parsed = JSON.parse(responseBody) as { error?: string; error_description?: string };
      apiError = { errorType: parsed.error ?? 'Unknown', errorData: '', errorMessage: parsed.error_description ?? '' };
    } catch {
      // A non-JSON answer is logged as it came.
    }
    this.say(thread, 'WARN', 'idsThrewError', { tokenUrl, responseBody });
    this.say(thread, 'INFO', 'restResponse', { responseBody });
    this.say(thread, 'INFO', 'apiError', { apiError: JSON.stringify(apiError) });
    this.say(thread, 'ERROR', 'refreshError', { requestBody }, `com.cisco.ccbu.common.ids.client.IdsRestClientException: ${status} : ${responseBody}`);
  }

  idsUnreachable(thread: string, tokenUrl: string, cause: string, requestBody: string): void {
    this.say(thread, 'ERROR', 'refreshError', { requestBody }, `com.cisco.ccbu.common.ids.client.IdsRestClientException: ${cause} (${tokenUrl})`);
  }

  /** INFERRED wording: the desktop sends the agent back through the IdS/IdP because the refresh token expired. */
  reauthenticating(thread: string, userId: string): void {
    this.say(thread, 'INFO', 'reauthenticating', { userId });
  }

  /** INFERRED wording (the presence sign-out is documented, its log line is not): the analyzer's presence-forced-logout reads it. */
  presenceLogout(thread: string, userId: string, reasonCode: number): void {
    this.say(thread, 'INFO', 'presenceLogout', { userId, reasonCode });
  }

  /** INFERRED wording, as the sign-out's: Unified CCE without Logout on Agent Disconnect puts the agent in NOT_READY (DevNet). */
  presenceNotReady(thread: string, userId: string, reasonCode: number): void {
    this.say(thread, 'INFO', 'presenceNotReady', { userId, reasonCode });
  }

  signedOut(thread: string, userId: string, reason: string): void {
    this.say(thread, 'INFO', 'signedOut', { userId, reason });
  }
}
