import type { NamedSecret } from '../redaction/index.ts';
import { walkArtifacts } from '../redaction/artifact-walk.ts';
import { findTokenShapedStrings } from '../redaction/token-shape.ts';

/**
 * Every JWT/JWE-shaped token in the raw evidence of a run (HAR bodies and headers, trace entries,
 * archives unpacked): against a real lab the harness issues no token itself, so what the browser
 * saw is the list the leak scan searches the bundle for.
 */
export async function tokensSeenIn(rawDir: string): Promise<NamedSecret[]> {
  const seen = new Set<string>();
  await walkArtifacts([rawDir], {
    bytes(_location, bytes) {
      for (const token of findTokenShapedStrings(Buffer.from(bytes).toString('latin1'))) seen.add(token.replace(/\.+$/, ''));
    },
    // A raw archive that cannot be opened is withheld from the bundle by the redaction (it fails closed).
    unreadable() {},
  });
  return [...seen].map((value) => ({ label: 'seen-token', value }));
}
