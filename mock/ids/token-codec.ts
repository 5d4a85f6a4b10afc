import { createCipheriv, createHmac, randomBytes, sign, type KeyObject } from 'node:crypto';
import { compactDecrypt, compactVerify } from 'jose';

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

const decoder = new TextDecoder();
/** How many recently sealed tokens `open` answers from memory; older ones are decrypted again. */
const RECENT_TOKENS = 10_000;

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const JWE_HEADER = base64url(JSON.stringify({ alg: 'dir', cty: 'JWT', enc: 'A128CBC-HS256' }));
const JWS_HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
/** The signed token's header of DevNet's decoded example (Client-Side Token Validation, client integration step 7). */
const RS256_HEADER = base64url(JSON.stringify({ cty: 'JWT', alg: 'RS256' }));

/** How the IdS issues tokens: signed (RS256, IdS 12.6(2) and later) or encrypted (JWE, earlier IdS or "Encrypt Token" on). */
export type TokenForm = 'signed' | 'encrypted';

/**
 * Real IdS-shaped tokens: from IdS 12.6(2) a JWS signed RS256 (header `{"cty":"JWT","alg":"RS256"}`, DevNet Client-Side
 * Token Validation); before, or with "Encrypt Token" on, a JWE compact serialization (`alg: dir`, `enc: A128CBC-HS256`,
 * `cty: JWT`, so an empty encrypted-key segment) around a signed JWT. Either way the claims JSON is the `sub`, as the
 * decoded seed and Cisco's client example show.
 *
 * Sealing is written out with node:crypto (RFC 7515 HS256 inside RFC 7516/7518 A128CBC-HS256)
 * and opening is jose's: jose's WebCrypto calls cost about 30 µs of main-thread time each on
 * Node 20, half the lab's CPU per refresh, which held the lab under 1,000 refreshes a second.
 */
export class TokenCodec {
  /**
   * Tokens this codec sealed lately, by their exact text: every refresh opens two tokens, and
   * jose's decryption is a dozen WebCrypto calls. A token known here is byte for byte one this
   * codec made, so its claims are the ones sealed.
   */
  private readonly recent = new Map<string, TokenClaims>();

  /**
   * `encryptionKey`: 32 bytes, the MAC half first (RFC 7518 §5.2.2); `signingKey`: the inner JWT's HS256 key;
   * `tokenKeys`: the RSA pair of signed tokens, whose public half the IdS publishes (`/ids/v1/keys/token/public`).
   */
  constructor(
    private readonly encryptionKey: Uint8Array,
    private readonly signingKey: Uint8Array,
    private readonly issuer: string,
    readonly tokenKeys: { privateKey: KeyObject; publicKey: KeyObject },
  ) {}

  seal(claims: TokenClaims, issuedAtMs: number, form: TokenForm = 'encrypted'): string {
    const payload = base64url(
      JSON.stringify({
        iss: this.issuer,
        iat: Math.floor(issuedAtMs / 1000),
        exp: Math.floor(claims.expiry / 1000),
        jti: claims.token,
        sub: JSON.stringify(claims),
      }),
    );
    if (form === 'signed')
      return this.remember(
        `${RS256_HEADER}.${payload}.${sign('sha256', Buffer.from(`${RS256_HEADER}.${payload}`), this.tokenKeys.privateKey).toString('base64url')}`,
        claims,
      );
    const jwt = `${JWS_HEADER}.${payload}.${createHmac('sha256', this.signingKey).update(`${JWS_HEADER}.${payload}`).digest('base64url')}`;
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-128-cbc', this.encryptionKey.subarray(16), iv);
    const ciphertext = Buffer.concat([cipher.update(jwt, 'utf8'), cipher.final()]);
    const aadBits = Buffer.alloc(8);
    aadBits.writeBigUInt64BE(BigInt(JWE_HEADER.length * 8));
    const tag = createHmac('sha256', this.encryptionKey.subarray(0, 16))
      .update(JWE_HEADER)
      .update(iv)
      .update(ciphertext)
      .update(aadBits)
      .digest()
      .subarray(0, 16);
    return this.remember(`${JWE_HEADER}..${base64url(iv)}.${base64url(ciphertext)}.${base64url(tag)}`, claims);
  }

  private remember(token: string, claims: TokenClaims): string {
    this.recent.set(token, Object.freeze(claims));
    if (this.recent.size > RECENT_TOKENS) this.recent.delete(this.recent.keys().next().value!);
    return token;
  }

  /** Decrypts and verifies with jose (a token sealed here lately is recalled instead); expiry is the caller's to judge against the lab clock. */
  async open(token: string): Promise<TokenClaims> {
    const known = this.recent.get(token);
    if (known) return known;
    try {
      const signed = token.split('.').length === 3;
      const { payload } = signed
        ? await compactVerify(token, this.tokenKeys.publicKey, { algorithms: ['RS256'] })
        : await compactVerify(decoder.decode((await compactDecrypt(token, this.encryptionKey)).plaintext), this.signingKey);
      const jwt = JSON.parse(decoder.decode(payload)) as { sub: string };
      const claims = JSON.parse(jwt.sub) as TokenClaims;
      if (claims.usage !== 'access' && claims.usage !== 'refresh') throw new Error('unknown usage');
      return claims;
    } catch {
      throw new MalformedTokenError('not a token issued by this IdS');
    }
  }
}
