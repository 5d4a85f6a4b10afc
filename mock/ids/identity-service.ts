import { randomBytes } from 'node:crypto';
import type { MockClock } from '../clock.ts';
import type { LabEvents } from '../events.ts';
import type { LabSettings } from '../settings.ts';
import type { IdsLog } from './ids-log.ts';
import { MalformedTokenError, type AccessTokenClaims, type RefreshTokenClaims, type TokenCodec, type TokenForm } from './token-codec.ts';

/** The IdS token endpoint's success answer (what Finesse sees; the browser sees Finesse's own JSON). */
export interface TokenGrant {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** Why the IdS refused a grant; each has its own log lines and error body. */
export type RefusalReason = 'malformed' | 'unknown' | 'expired' | 'already-used' | 'mismatch' | 'invalid-code';

export class GrantRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly status: 400 | 401,
    readonly body: { error: string; error_description: string },
  ) {
    super(`${reason}: ${body.error_description}`);
  }
}

const INVALID_TOKEN = { error: 'Invalid Token', error_description: 'Invalid Token' };
/**
 * INFERRED, not documented for the Cisco IdS: the body for a refresh token that was already rotated,
 * in Keycloak's style (`invalid_grant` + description), so a replay is told apart from the seed's mismatch.
 */
const REFRESH_TOKEN_REUSED = { error: 'invalid_grant', error_description: 'Refresh token already used' };
/** INFERRED likewise: an expired refresh token, told apart so the desktop signs in again instead of retrying. */
export const REFRESH_TOKEN_EXPIRED = { error: 'invalid_grant', error_description: 'Refresh token expired' };
const REFUSAL_BODIES: Partial<Record<RefusalReason, { error: string; error_description: string }>> = {
  'already-used': REFRESH_TOKEN_REUSED,
  expired: REFRESH_TOKEN_EXPIRED,
};

/** The IdP session a sign-in came from, as its SAML assertion named it (SessionIndex, SessionNotOnOrAfter). */
export interface IdpSessionRef {
  index: string;
  endsAt: number;
}

interface RefreshRecord {
  userId: string;
  expiry: number;
  rotatedAt?: number;
  idpSession: IdpSessionRef;
}

interface AuthorizationCode {
  userId: string;
  idpSession: IdpSessionRef;
  clientId: string;
  redirectUri: string;
  expiresAt: number;
}

export const newTokenId = () => randomBytes(20).toString('hex');

/** The first IdS release that signs its access tokens with an asymmetric key pair (DevNet: Client-Side Token Validation). */
const FIRST_SIGNING_IDS: readonly number[] = [12, 6, 2];

/** Signed from IdS 12.6(2) unless "Encrypt Token" is on; encrypted before (DevNet: Single Sign-On, Client-Side Token Validation). */
export function tokenForm(settings: Pick<LabSettings, 'idsVersion' | 'tokenEncryption'>): TokenForm {
  const version = /^(\d+)\.(\d+)\((\d+)\)/.exec(settings.idsVersion)?.slice(1).map(Number) ?? [0];
  const index = FIRST_SIGNING_IDS.findIndex((part, at) => (version[at] ?? 0) !== part);
  const atLeast = index === -1 || (version[index] ?? 0) > FIRST_SIGNING_IDS[index]!;
  return atLeast && !settings.tokenEncryption ? 'signed' : 'encrypted';
}

/**
 * The Cisco Identity Service's token rules: access and refresh tokens are issued as a pair; the
 * access token's `rt` names its refresh token; every refresh rotates the pair; a refresh whose
 * access token's `rt` is not the presented refresh token's id is refused (the seed's defect).
 * A rotated refresh token keeps the expiry of the sign-in's (INFERRED from the reference's "re-
 * authentication when the refresh token expires, T+10 h"): the lifetime counts from the sign-in.
 */
export class IdentityService {
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly codes = new Map<string, AuthorizationCode>();
  /** Every token issued since the last reset, kept in memory only: the evidence scan searches for each. */
  private readonly issued: string[] = [];

  constructor(
    private readonly codec: TokenCodec,
    private readonly clock: MockClock,
    private readonly settings: () => LabSettings,
    readonly log: IdsLog,
    private readonly events: LabEvents,
    readonly identity: { idsId: string; clientId: string; realm: string },
  ) {}

  issueCode(userId: string, idpSession: IdpSessionRef, clientId: string, redirectUri: string): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { userId, idpSession, clientId, redirectUri, expiresAt: this.clock.now() + this.settings().authCodeTtlS * 1000 });
    return code;
  }

  exchangeCode(code: string, clientId: string, redirectUri: string): TokenGrant {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.clientId !== clientId || grant.redirectUri !== redirectUri || grant.expiresAt < this.clock.now()) {
      throw new GrantRefused('invalid-code', 400, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
    }
    const { refreshTtlS } = this.settings();
    return this.issuePair(
      { userId: grant.userId, idpSession: grant.idpSession, expiry: this.clock.now() + refreshTtlS * 1000 },
      this.log.nextThread(),
      'authorization_code',
    );
  }

  async refresh(accessToken: string, refreshToken: string): Promise<TokenGrant> {
    const thread = this.log.nextThread();
    const [access, refresh] = await Promise.all([this.openAs(accessToken, 'access'), this.openAs(refreshToken, 'refresh')]);
    const record = this.refreshTokens.get(refresh.token);
    const now = this.clock.now();
    const refuse = (reason: RefusalReason, writeLog: () => void): never => {
      writeLog();
      this.events.record(now, 'refresh-refused', access.user_id, { reason, refreshId: refresh.token, accessRt: access.rt });
      throw new GrantRefused(reason, 401, REFUSAL_BODIES[reason] ?? INVALID_TOKEN);
    };
    if (!record) return refuse('unknown', () => this.log.unknownToken(thread, 'refresh'));
    if (record.expiry <= now) return refuse('expired', () => this.log.expired(thread, refresh.token, record.expiry));
    if (record.rotatedAt !== undefined) return refuse('already-used', () => this.log.alreadyUsed(thread, refresh.token, record.rotatedAt!));
    if (this.settings().mismatchCheck && access.rt !== refresh.token) return refuse('mismatch', () => this.log.mismatch(thread, refresh.token, access.rt));
    record.rotatedAt = now;
    // The IdS does not ask the IdP: a refresh outlives the IdP session it came from (INFERRED: logged, not refused).
    if (record.idpSession.endsAt <= now) this.log.idpSessionEnded(thread, record.userId, record.idpSession, refresh.token, record.expiry);
    const grant = this.issuePair(record, thread, 'refresh_token');
    this.events.record(now, 'refresh-ok', record.userId, { previousRefreshId: refresh.token });
    return grant;
  }

  /** The claims of a valid, unexpired access token, or undefined: what Finesse's REST API checks for `Bearer`. */
  async validAccess(token: string): Promise<AccessTokenClaims | undefined> {
    try {
      const claims = await this.codec.open(token);
      return claims.usage === 'access' && claims.expiry > this.clock.now() ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  /** Decodes a token for the control surface and tests (ids only). */
  open(token: string) {
    return this.codec.open(token);
  }

  issuedTokens(): readonly string[] {
    return this.issued;
  }

  reset(): void {
    this.issued.length = 0;
    this.refreshTokens.clear();
    this.codes.clear();
  }

  private async openAs<U extends 'access' | 'refresh'>(token: string, usage: U): Promise<U extends 'access' ? AccessTokenClaims : RefreshTokenClaims> {
    try {
      const claims = await this.codec.open(token);
      if (claims.usage !== usage) throw new MalformedTokenError(`not an ${usage} token`);
      return claims as U extends 'access' ? AccessTokenClaims : RefreshTokenClaims;
    } catch (error) {
      if (error instanceof MalformedTokenError)
        throw new GrantRefused('malformed', 400, { error: 'invalid_request', error_description: `Malformed ${usage}_token` });
      throw error;
    }
  }

  private issuePair(
    sign: { userId: string; idpSession: IdpSessionRef; expiry: number },
    thread: string,
    grantType: 'authorization_code' | 'refresh_token',
  ): TokenGrant {
    const { userId, idpSession } = sign;
    const { idsId, clientId, realm } = this.identity;
    const { accessTtlS } = this.settings();
    const now = this.clock.now();
    const refresh: RefreshTokenClaims = { ids_id: idsId, client_id: clientId, token: newTokenId(), expiry: sign.expiry, usage: 'refresh', ver: '1.0' };
    const access: AccessTokenClaims = {
      scope: ['ccc_onprem_apps'],
      rt: refresh.token,
      user_id: userId,
      realm,
      upn: `${userId}@${realm}`,
      ids_id: idsId,
      client_id: clientId,
      token: newTokenId(),
      expiry: now + accessTtlS * 1000,
      usage: 'access',
      ver: '1.0',
    };
    const form = tokenForm(this.settings());
    const accessToken = this.codec.seal(access, now, form);
    const refreshToken = this.codec.seal(refresh, now, form);
    this.refreshTokens.set(refresh.token, { userId, expiry: refresh.expiry, idpSession });
    this.issued.push(accessToken, refreshToken);
    this.log.created(thread, refresh, access);
    this.events.record(now, 'tokens-issued', userId, {
      grant: grantType,
      refreshId: refresh.token,
      accessId: access.token,
      accessExpiry: access.expiry,
      refreshExpiry: refresh.expiry,
    });
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: accessTtlS, token_type: 'Bearer' };
  }
}
