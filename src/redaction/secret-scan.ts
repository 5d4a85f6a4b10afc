import type { NamedSecret } from './artifact.ts';
import type { ArtifactLocation } from './artifact-walk.ts';
import { walkArtifacts } from './artifact-walk.ts';
import { fingerprint } from './fingerprint.ts';
import { encodingsOf } from './secret-encodings.ts';
import { isCredentialShapedValue } from './credential-shape.ts';
import { findTokenShapedStrings, tokenKind } from './token-shape.ts';

/** A canary found (named by its label and the encoding it was found in, never by value), or an archive that could not be searched. */
export type Hit =
  ({ kind: 'secret'; label: string; encoding: string } & ArtifactLocation) | ({ kind: 'unreadable-archive'; reason: string } & ArtifactLocation);

function describeSecrets(secrets: readonly (string | NamedSecret)[]): NamedSecret[] {
  return secrets.map((secret, index) => (typeof secret === 'string' ? { label: `secret-${index + 1}`, value: secret } : secret));
}

const IDS_TOKEN_ID = /^[0-9a-f]{40}$/i;

/**
 * The parts of a signed token (JWS) that identify it on their own: the payload and signature
 * segments, and the payload's distinctive claim values (a `jti`, a session id). A JWS payload is
 * readable, so a copy of it, or of one of its values, is as good as the token to an attacker
 * correlating sessions. The 40-hex IdS token ids are left out: the IdS claim lines show them.
 */
export function signedTokenParts(secret: NamedSecret): NamedSecret[] {
  const segments = secret.value.split('.');
  if (segments.length !== 3 || !secret.value.startsWith('eyJ')) return [];
  const parts: NamedSecret[] = [
    { label: `${secret.label} payload`, value: segments[1] ?? '' },
    { label: `${secret.label} signature`, value: segments[2] ?? '' },
  ].filter((part) => part.value.length >= 16);
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(segments[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return parts;
  }
  if (typeof claims !== 'object' || claims === null) return parts;
  for (const [name, value] of Object.entries(claims)) {
    if (typeof value === 'string' && value.length >= 12 && !IDS_TOKEN_ID.test(value) && isCredentialShapedValue(value))
      parts.push({ label: `${secret.label} claim ${name}`, value });
  }
  return parts;
}

/**
 * Searches every byte of the given files and folders (zips, nested zips and gzip unpacked) for the
 * secrets in each of their common encodings. Any hit means the evidence is not fit to ship; an
 * archive that cannot be opened is a hit too, since its content was not searched.
 */
export async function scanForSecrets(paths: readonly string[], secrets: readonly (string | NamedSecret)[]): Promise<Hit[]> {
  const needles = describeSecrets(secrets)
    .flatMap((secret) => [secret, ...signedTokenParts(secret)])
    .filter((secret) => secret.value !== '')
    .flatMap((secret) => encodingsOf(secret.value).map((encoding) => ({ label: secret.label, ...encoding })));
  const hits: Hit[] = [];
  await walkArtifacts(paths, {
    bytes(location, bytes) {
      const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (const needle of needles) {
        if (haystack.includes(needle.bytes)) hits.push({ kind: 'secret', ...location, label: needle.label, encoding: needle.encoding });
      }
    },
    unreadable(location, reason) {
      hits.push({ kind: 'unreadable-archive', ...location, reason });
    },
  });
  return hits;
}

/** A JWT/JWE-shaped string found in an artifact (named by kind and fingerprint), or an archive that could not be searched. */
export type TokenShapeHit = ({ kind: 'jwe' | 'jwt'; fingerprint: string } | { kind: 'unreadable-archive'; reason: string }) & ArtifactLocation;

/** Every JWT/JWE-shaped string in the given files and folders, archives unpacked; unreadable archives are hits. */
export async function scanForTokenShapes(paths: readonly string[]): Promise<TokenShapeHit[]> {
  const hits: TokenShapeHit[] = [];
  await walkArtifacts(paths, {
    bytes(location, bytes) {
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
      for (const token of findTokenShapedStrings(text)) hits.push({ ...location, kind: tokenKind(token), fingerprint: fingerprint(token) });
    },
    unreadable(location, reason) {
      hits.push({ kind: 'unreadable-archive', ...location, reason });
    },
  });
  return hits;
}
