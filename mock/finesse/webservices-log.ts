import type { LogFolder } from '../logs/log-folder.ts';
import { fileStamp, serverLogEntry, type LogLevel } from '../logs/format.ts';

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

  signedIn(thread: string, userId: string): void {
    this.write(
      thread,
      'INFO',
      'c.c.c.f.sso.SSOAuthCodeServlet',
      'SSOAuthCodeServlet.java:143',
      `SSO sign-in complete for user ${userId}; tokens received from the IdS`,
    );
  }

  refreshed(thread: string, userId: string): void {
    this.write(thread, 'INFO', 'c.c.c.c.ids.client.IdsRESTClient', 'IdsRESTClient.java:104', `Access token refreshed for user ${userId}`);
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
    this.write(thread, 'WARN', 'c.c.c.common.ids.client.util.Utils', 'Utils.java:526', `${tokenUrl} threw error ${responseBody}`);
    this.write(
      thread,
      'INFO',
      'c.c.c.c.i.c.APIErrorDeserializer',
      'APIErrorDeserializer.java:64',
      `Received JSON response from REST Call. Response is : ${responseBody}`,
    );
    this.write(thread, 'INFO', 'c.c.c.c.i.c.APIErrorDeserializer', 'APIErrorDeserializer.java:87', `The APIError constructed is ${JSON.stringify(apiError)}`);
    this.refreshError(thread, requestBody, `${status} : ${responseBody}`);
  }

  /** The seed's refresh error line, with the IdsRestClientException that follows it. */
  private refreshError(thread: string, requestBody: string, exception: string): void {
    this.write(
      thread,
      'ERROR',
      'c.c.c.c.ids.client.IdsRESTClient',
      'IdsRESTClient.java:127',
      `Error refreshing access token with request: <${requestBody}>`,
      `com.cisco.ccbu.common.ids.client.IdsRestClientException: ${exception}`,
    );
  }

  idsUnreachable(thread: string, tokenUrl: string, cause: string, requestBody: string): void {
    this.refreshError(thread, requestBody, `${cause} (${tokenUrl})`);
  }

  /** INFERRED wording: the desktop sends the agent back through the IdS/IdP because the refresh token expired. */
  reauthenticating(thread: string, userId: string): void {
    this.write(
      thread,
      'INFO',
      'c.c.c.f.sso.SSOAuthCodeServlet',
      'SSOAuthCodeServlet.java:88',
      `Re-authenticating user ${userId} through the IdS; the refresh token expired`,
    );
  }

  /** INFERRED wording (the presence sign-out is documented, its log line is not): the analyzer's presence-forced-logout reads it. */
  presenceLogout(thread: string, userId: string, reasonCode: number): void {
    this.write(
      thread,
      'INFO',
      'c.c.c.f.p.PresenceMonitor',
      'PresenceMonitor.java:211',
      `Forcing logout of user ${userId} after presence loss; reasonCode=${reasonCode}`,
    );
  }

  /** INFERRED wording, as the sign-out's: Unified CCE without Logout on Agent Disconnect puts the agent in NOT_READY (DevNet). */
  presenceNotReady(thread: string, userId: string, reasonCode: number): void {
    this.write(
      thread,
      'INFO',
      'c.c.c.f.p.PresenceMonitor',
      'PresenceMonitor.java:198',
      `Setting user ${userId} to NOT_READY after presence loss; reasonCode=${reasonCode}`,
    );
  }

  signedOut(thread: string, userId: string, reason: string): void {
    this.write(thread, 'INFO', 'c.c.c.f.sso.SSOLogoutServlet', 'SSOLogoutServlet.java:77', `User ${userId} signed out (${reason})`);
  }
}
