import { createHash } from 'node:crypto';

/**
 * A short, stable, non-reversible name for a secret (4 hex characters of its SHA-256), so reports
 * and tests can follow a token or a pair across artifacts without ever printing it.
 */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 4);
}

/** The replacement text for a redacted value, e.g. `[access-token #3f2a]`. */
export function redactionLabel(label: string, secret: string): string {
  return `[${label} #${fingerprint(secret)}]`;
}
