import type { NamedSecret } from './artifact.ts';
import type { ArtifactLocation } from './artifact-walk.ts';
import { walkArtifacts } from './artifact-walk.ts';
import { fingerprint } from './fingerprint.ts';
import { encodingsOf } from './secret-encodings.ts';
import { findTokenShapedStrings, tokenKind } from './token-shape.ts';

/** A canary found (named by its label and the encoding it was found in, never by value), or an archive that could not be searched. */
export type Hit =
  | ({ kind: 'secret'; label: string; encoding: string } & ArtifactLocation)
  | ({ kind: 'unreadable-archive'; reason: string } & ArtifactLocation);

function describeSecrets(secrets: readonly (string | NamedSecret)[]): NamedSecret[] {
  return secrets.map((secret, index) => (typeof secret === 'string' ? { label: `secret-${index + 1}`, value: secret } : secret));
}

/**
 * Searches every byte of the given files and folders (zips, nested zips and gzip unpacked) for the
 * secrets in each of their common encodings. Any hit means the evidence is not fit to ship; an
 * archive that cannot be opened is a hit too, since its content was not searched.
 */
export async function scanForSecrets(paths: readonly string[], secrets: readonly (string | NamedSecret)[]): Promise<Hit[]> {
  const needles = describeSecrets(secrets)
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
