import type { Lab } from '../../mock/lab.ts';
import type { TokenClaims } from '../../mock/ids/token-codec.ts';

/** The claims of a token the lab issued, decoded by its IdS; fails unless it is a token of that usage. */
export async function tokenClaims<U extends TokenClaims['usage']>(lab: Lab, token: string, usage: U): Promise<Extract<TokenClaims, { usage: U }>> {
  const claims = await lab.identity.open(token);
  if (claims.usage !== usage) throw new Error(`expected an ${usage} token, got a ${claims.usage} token`);
  return claims as Extract<TokenClaims, { usage: U }>;
}
