import type { LogFolder } from '../logs/log-folder.ts';
import { serverLogEntry, type LogLevel } from '../logs/format.ts';
import type { AccessTokenClaims, RefreshTokenClaims } from './token-codec.ts';
import type { IdpSessionRef } from './identity-service.ts';
import { idsLogText } from '../../src/kernel/ids-log.ts';

const LOGGER = 'com.cisco.ccbu.ids';
const INVALID_TOKEN_EXCEPTION = 'org.apache.oltu.oauth2.common.exception.OAuthProblemException: Invalid Token, Invalid Token';

/** The IdS log in the seed's format: `[IdSEndPoints-<n>] LEVEL com.cisco.ccbu.ids Class.java:N - message`. */
export class IdsLog {
  private thread = 180;

  constructor(
    private readonly logs: LogFolder,
    private readonly now: () => Date,
  ) {}

  /** One request is one thread, as in the seed where each endpoint call has its own IdSEndPoints-N. */
  nextThread(): string {
    this.thread += 1;
    return `IdSEndPoints-${this.thread}`;
  }

  private write(thread: string, level: LogLevel, source: string, message: string, exception?: string): void {
    this.logs.append('ids', 'ids.log', serverLogEntry(this.now(), thread, level, LOGGER, source, message, exception));
  }

  created(thread: string, refresh: RefreshTokenClaims, access: AccessTokenClaims): void {
    this.write(thread, 'INFO', 'IdSAccessTokenEndPoint.java:211', `Created refresh-token ${JSON.stringify(refresh)}`);
    this.write(thread, 'INFO', 'IdSAccessTokenEndPoint.java:214', `Created access-token ${JSON.stringify(access)}`);
  }

  mismatch(thread: string, refreshId: string, accessRt: string): void {
    this.write(thread, 'WARN', 'IdSRefreshTokenRequestValidator.java:115', idsLogText('mismatch', { refreshId, accessRt }));
    this.invalidToken(thread);
  }

  expired(thread: string, refreshId: string, expiry: number): void {
    this.write(thread, 'WARN', 'IdSRefreshTokenRequestValidator.java:98', idsLogText('expired', { refreshId, expiredAt: new Date(expiry).toISOString() }));
    this.invalidToken(thread, 'org.apache.oltu.oauth2.common.exception.OAuthProblemException: invalid_grant, Refresh token expired');
  }

  /** INFERRED wording (no Cisco source): a refresh granted although the IdP session of the sign-in has ended. */
  idpSessionEnded(thread: string, userId: string, idpSession: IdpSessionRef, refreshId: string, refreshExpiry: number): void {
    this.write(
      thread,
      'WARN',
      'IdSAccessTokenEndPoint.java:236',
      idsLogText('idpSessionEnded', {
        userId,
        idpSession: idpSession.index,
        endedAt: new Date(idpSession.endsAt).toISOString(),
        refreshId,
        validUntil: new Date(refreshExpiry).toISOString(),
      }),
    );
  }

  /** INFERRED wording (no Cisco source): the IdP's answer came without the IdS's sign-in cookie, so the sign-in starts again. */
  signInCookieMissing(thread: string, nameId: string, relayState: string): void {
    this.write(thread, 'WARN', 'IdSSAMLAssertionConsumer.java:97', idsLogText('signInCookieMissing', { nameId, relayState }));
  }

  /** INFERRED wording: a SAML assertion refused for its validity window (IdP and IdS clocks apart). */
  samlOutsideWindow(thread: string, nameId: string, notBefore: number, notOnOrAfter: number, idsNow: number, skewS: number): void {
    this.write(
      thread,
      'ERROR',
      'IdSSAMLAssertionConsumer.java:142',
      idsLogText('samlOutsideWindow', {
        nameId,
        notBefore: new Date(notBefore).toISOString(),
        notOnOrAfter: new Date(notOnOrAfter).toISOString(),
        idsTime: new Date(idsNow).toISOString(),
        skewS,
      }),
    );
  }

  /** INFERRED (no Cisco source shows a replay): worded like the seed's mismatch line, with the body's error and description in the exception. */
  alreadyUsed(thread: string, refreshId: string, rotatedAt: number): void {
    this.write(
      thread,
      'WARN',
      'IdSRefreshTokenRequestValidator.java:104',
      idsLogText('alreadyUsed', { refreshId, rotatedAt: new Date(rotatedAt).toISOString() }),
    );
    this.invalidToken(thread, 'org.apache.oltu.oauth2.common.exception.OAuthProblemException: invalid_grant, Refresh token already used');
  }

  unknownToken(thread: string, usage: string): void {
    this.write(thread, 'WARN', 'IdSRefreshTokenRequestValidator.java:87', idsLogText('unknownToken', { usage }));
    this.invalidToken(thread);
  }

  private invalidToken(thread: string, exception = INVALID_TOKEN_EXCEPTION): void {
    this.write(thread, 'ERROR', 'IdSOAuthEndPoint.java:45', 'Exception processing auth request.', exception);
  }
}
