import { randomBytes } from 'node:crypto';
import type { NamedSecret } from './artifact.ts';

/**
 * Fake secrets planted in a run (as the agent's password, a token, a cookie, a SAML message, an
 * authorization code and state) so that a search of everything about to be shipped can prove
 * none survived redaction. Each carries a run-unique marker; the marker is searched too, so a
 * fragment of a canary (a token cut by a stray space) is caught as well.
 */
export interface CanarySet {
  /** Unique to this set; appears inside every canary, never elsewhere. */
  marker: string;
  /** Has `!`, `+` and `/`, which URL and form encoding write differently. */
  password: string;
  /** A JWE compact serialization shaped like an IdS token (`alg: dir`, `A128CBC-HS256`, empty key segment). */
  accessToken: string;
  refreshToken: string;
  cookie: string;
  /** A base64 `samlp:Response`, as an IdP auto-post form carries it. */
  samlResponse: string;
  authorizationCode: string;
  state: string;
  /** Every canary with its label, and the marker, ready for {@link scanForSecrets}. */
  secrets: NamedSecret[];
}

function base64url(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64url');
}

function fakeJwe(marker: string, usage: string): string {
  const header = base64url(JSON.stringify({ alg: 'dir', enc: 'A128CBC-HS256', cty: 'JWT', kid: `${marker}-${usage}` }));
  const ciphertext = `${base64url(randomBytes(96))}${marker}${base64url(randomBytes(240))}`;
  return [header, '', base64url(randomBytes(16)), ciphertext, base64url(randomBytes(16))].join('.');
}

export function plantCanaries(): CanarySet {
  const marker = `cnry${randomBytes(6).toString('hex')}`;
  const samlXml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_${marker}" Version="2.0">` +
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Subject>${marker}</saml:Subject></saml:Assertion></samlp:Response>`;
  const canaries = {
    marker,
    password: `Pw!${marker}+/${randomBytes(4).toString('hex')}`,
    accessToken: fakeJwe(marker, 'access'),
    refreshToken: fakeJwe(marker, 'refresh'),
    cookie: `${marker}${randomBytes(16).toString('hex')}`,
    samlResponse: Buffer.from(samlXml).toString('base64'),
    authorizationCode: `${marker}-code-${randomBytes(12).toString('hex')}`,
    state: `${marker}-state-${randomBytes(8).toString('hex')}`,
  };
  return {
    ...canaries,
    secrets: [
      { label: 'password', value: canaries.password },
      { label: 'access-token', value: canaries.accessToken },
      { label: 'refresh-token', value: canaries.refreshToken },
      { label: 'cookie', value: canaries.cookie },
      { label: 'saml-response', value: canaries.samlResponse },
      { label: 'code', value: canaries.authorizationCode },
      { label: 'state', value: canaries.state },
      { label: 'canary-marker', value: marker },
    ],
  };
}
