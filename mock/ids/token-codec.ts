import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify } from 'jose';

/** The claims of the IdS log's `Created refresh-token {...}` JSON, carried in the token's `sub`. */
export interface RefreshTokenClaims {
  ids_id: string;
  client_id: string;
  token: string;
  expiry: number;
  usage: 'refresh';
  ver: '1.0';
}

/** The claims of `Created access-token {...}`; `rt` names the paired refresh token. */
export interface AccessTokenClaims {
  scope: string[];
  rt: string;
  user_id: string;
  realm: string;
  upn: string;
  ids_id: string;
  client_id: string;
  token: string;
  expiry: number;
  usage: 'access';
  ver: '1.0';
}

export type TokenClaims = RefreshTokenClaims | AccessTokenClaims;

export class MalformedTokenError extends Error {}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** How many recently sealed tokens `open` answers from memory; older ones are decrypted again. */
const RECENT_TOKENS = 10_000;

/**
 * Real IdS-shaped tokens: a JWE compact serialization (`alg: dir`, `enc: A128CBC-HS256`,
 * `cty: JWT`, so an empty encrypted-key segment) around a signed JWT whose `sub` is the claims
 * JSON, as the decoded seed and Cisco's client example show.
 */
export class TokenCodec {
  /** A CryptoKey imported once: given raw bytes (or a KeyObject), jose imports the key again on every sign and verify. */
  private readonly signingKey: Promise<CryptoKey>;
  /**
   * Tokens this codec sealed lately, by their exact text. Every refresh opens two tokens, and
   * jose's A128CBC-HS256 decryption (several WebCrypto calls each) was the lab's throughput limit;
   * a token known here is byte for byte one this codec made, so its claims are the ones sealed.
   */
  private readonly recent = new Map<string, TokenClaims>();

  constructor(
    private readonly encryptionKey: Uint8Array,
    signingKey: Uint8Array,
    private readonly issuer: string,
  ) {
    this.signingKey = crypto.subtle.importKey('raw', Uint8Array.from(signingKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async seal(claims: TokenClaims, issuedAtMs: number): Promise<string> {
    const payload = { iss: this.issuer, iat: Math.floor(issuedAtMs / 1000), exp: Math.floor(claims.expiry / 1000), jti: claims.token, sub: JSON.stringify(claims) };
    const jwt = await new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(await this.signingKey);
    const token = await new CompactEncrypt(encoder.encode(jwt)).setProtectedHeader({ alg: 'dir', cty: 'JWT', enc: 'A128CBC-HS256' }).encrypt(this.encryptionKey);
    this.recent.set(token, Object.freeze(claims));
    if (this.recent.size > RECENT_TOKENS) this.recent.delete(this.recent.keys().next().value!);
    return token;
  }

  /** Decrypts and verifies (a token sealed here lately is recalled instead); expiry is the caller's to judge against the lab clock. */
  async open(token: string): Promise<TokenClaims> {
    const known = this.recent.get(token);
    if (known) return known;
    try {
      const { plaintext } = await compactDecrypt(token, this.encryptionKey);
      const { payload } = await compactVerify(decoder.decode(plaintext), await this.signingKey);
      const jwt = JSON.parse(decoder.decode(payload)) as { sub: string };
      const claims = JSON.parse(jwt.sub) as TokenClaims;
      if (claims.usage !== 'access' && claims.usage !== 'refresh') throw new Error('unknown usage');
      return claims;
    } catch {
      throw new MalformedTokenError('not a token issued by this IdS');
    }
  }
}
