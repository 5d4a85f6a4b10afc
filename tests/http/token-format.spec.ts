import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { compactDecrypt, compactVerify } from 'jose';
import { TokenCodec, type AccessTokenClaims } from '../../mock/ids/token-codec.ts';
import { expect, test } from './lab-fixture.ts';
import type { ServerLogEntry } from './server-log.ts';
import { tokenClaims } from './token-claims.ts';
import { ACCESS_CLAIM_KEYS, HEX40, IDS_LOGGER, REFRESH_CLAIM_KEYS, idsLog } from './seed-lines.ts';

const JWE_HEADER = '{"alg":"dir","cty":"JWT","enc":"A128CBC-HS256"}';
/** One RSA pair for the codec tests (the lab makes its own at start). */
const RSA_KEYS = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The JSON of a `Created refresh-token {...}` / `Created access-token {...}` line. */
function createdTokenJson(entry: ServerLogEntry | undefined, kind: 'refresh' | 'access'): Record<string, unknown> {
  const prefix = `Created ${kind}-token `;
  expect(entry?.message.startsWith(prefix), entry?.message).toBe(true);
  return JSON.parse(entry!.message.slice(prefix.length)) as Record<string, unknown>;
}

test.describe('IdS tokens', () => {
  test(
    'are JWE compact with exactly the dir / A128CBC-HS256 / JWT header',
    { annotation: { type: 'detail', description: 'five segments, an empty key segment' } },
    async ({ lab, signIn }) => {
      lab.configure({ tokenEncryption: true });
      const { token, refresh_token } = await (await signIn('agent001')).tokens();
      for (const jwe of [token, refresh_token]) {
        const segments = jwe.split('.');
        expect(segments).toHaveLength(5);
        expect(segments[1]).toBe('');
        expect(Buffer.from(segments[0]!, 'base64url').toString('utf8')).toBe(JWE_HEADER);
      }
    },
  );

  test('carry the claims of the seed: the access token’s rt is the refresh token’s id, ids are 40 hex', async ({ lab, signIn }) => {
    const { token, refresh_token } = await (await signIn('agent001')).tokens();
    const refresh = await tokenClaims(lab, refresh_token, 'refresh');
    const { idsId, clientId, realm } = lab.identity.identity;
    expect(clientId).toMatch(HEX40);
    expect(refresh).toEqual({
      ids_id: idsId,
      client_id: clientId,
      token: expect.stringMatching(HEX40),
      expiry: expect.any(Number),
      usage: 'refresh',
      ver: '1.0',
    });
    expect(await tokenClaims(lab, token, 'access')).toEqual({
      scope: ['ccc_onprem_apps'],
      rt: refresh.token,
      user_id: 'agent001',
      realm,
      upn: `agent001@${realm}`,
      ids_id: idsId,
      client_id: clientId,
      token: expect.stringMatching(HEX40),
      expiry: expect.any(Number),
      usage: 'access',
      ver: '1.0',
    });
  });

  test('expire at the lab time of issue plus their lifetime, in ms', async ({ lab, signIn }) => {
    lab.clock.advance(2 * 3_600_000);
    const before = lab.clock.now();
    const session = await signIn('agent001');
    const after = lab.clock.now();
    const { token, refresh_token } = await session.tokens();
    const access = await tokenClaims(lab, token, 'access');
    const refresh = await tokenClaims(lab, refresh_token, 'refresh');
    const { accessTtlS, refreshTtlS } = lab.settings();
    for (const [claims, ttlS] of [
      [access, accessTtlS],
      [refresh, refreshTtlS],
    ] as const) {
      expect(claims.expiry - ttlS * 1000).toBeGreaterThanOrEqual(before);
      expect(claims.expiry - ttlS * 1000).toBeLessThanOrEqual(after);
    }
    expect(refresh.expiry - access.expiry).toBe((refreshTtlS - accessTtlS) * 1000);
  });

  test(
    'are logged by the IdS in the seed format with their claims, refresh token first',
    { annotation: { type: 'detail', description: 'Created refresh-token then Created access-token' } },
    async ({ lab, signIn }) => {
      lab.clock.advance(3_600_000);
      const before = lab.clock.now();
      const session = await signIn('agent001');
      const after = lab.clock.now();
      const { token, refresh_token } = await session.tokens();

      const entries = idsLog(lab);
      expect(entries).toHaveLength(2);
      const [refreshLine, accessLine] = entries;
      expect(refreshLine).toMatchObject({
        thread: expect.stringMatching(/^IdSEndPoints-\d+$/),
        level: 'INFO',
        logger: IDS_LOGGER,
        source: 'IdSAccessTokenEndPoint.java:211',
      });
      expect(accessLine).toMatchObject({ thread: refreshLine!.thread, level: 'INFO', logger: IDS_LOGGER, source: 'IdSAccessTokenEndPoint.java:214' });
      for (const entry of entries) {
        expect(entry.at).toBeGreaterThanOrEqual(before);
        expect(entry.at).toBeLessThanOrEqual(after);
      }

      const loggedRefresh = createdTokenJson(refreshLine, 'refresh');
      const loggedAccess = createdTokenJson(accessLine, 'access');
      expect(Object.keys(loggedRefresh)).toEqual(REFRESH_CLAIM_KEYS);
      expect(Object.keys(loggedAccess)).toEqual(ACCESS_CLAIM_KEYS);
      expect(loggedRefresh).toEqual(await tokenClaims(lab, refresh_token, 'refresh'));
      expect(loggedAccess).toEqual(await tokenClaims(lab, token, 'access'));
    },
  );
});

test.describe('the IdS token codec', () => {
  const claims: AccessTokenClaims = {
    scope: ['ccc_onprem_apps'],
    rt: 'a'.repeat(40),
    user_id: 'agent001',
    realm: 'lab.test',
    upn: 'agent001@lab.test',
    ids_id: 'IDS.lab.test',
    client_id: 'c'.repeat(40),
    token: 'b'.repeat(40),
    expiry: 1_900_000_000_000,
    usage: 'access',
    ver: '1.0',
  };

  // The lab's own codec recalls what it sealed; these go through jose's decryption as a real client would.
  test('seals standard JWE that jose decrypts and whose inner HS256 JWT jose verifies', async () => {
    const encryptionKey = randomBytes(32);
    const signingKey = randomBytes(32);
    const token = new TokenCodec(encryptionKey, signingKey, 'ids.lab.test', RSA_KEYS).seal(claims, 1_899_996_400_000);
    const { plaintext, protectedHeader } = await compactDecrypt(token, encryptionKey);
    expect(protectedHeader).toEqual({ alg: 'dir', cty: 'JWT', enc: 'A128CBC-HS256' });
    const { payload } = await compactVerify(new TextDecoder().decode(plaintext), signingKey);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({
      iss: 'ids.lab.test',
      iat: 1_899_996_400,
      exp: 1_900_000_000,
      jti: claims.token,
      sub: JSON.stringify(claims),
    });
  });

  test(
    'opens tokens sealed with the same keys in a fresh instance, refuses them under other keys',
    { annotation: { type: 'detail', description: 'the opening codec never saw the tokens' } },
    async () => {
      const encryptionKey = randomBytes(32);
      const signingKey = randomBytes(32);
      const sealer = new TokenCodec(encryptionKey, signingKey, 'ids.lab.test', RSA_KEYS);
      // Lengths across several AES block boundaries.
      for (const userId of ['a', 'agent001', 'x'.repeat(31), 'y'.repeat(200)]) {
        const token = sealer.seal({ ...claims, user_id: userId }, Date.now());
        expect(await new TokenCodec(encryptionKey, signingKey, 'ids.lab.test', RSA_KEYS).open(token)).toEqual({ ...claims, user_id: userId });
        await expect(new TokenCodec(randomBytes(32), signingKey, 'ids.lab.test', RSA_KEYS).open(token)).rejects.toThrow('not a token issued by this IdS');
        await expect(new TokenCodec(encryptionKey, randomBytes(32), 'ids.lab.test', RSA_KEYS).open(token)).rejects.toThrow('not a token issued by this IdS');
      }
    },
  );
});
