import { createHmac, randomBytes } from 'node:crypto';
import { redactionLabel } from './fingerprint.ts';

/**
 * Labels for guessable secrets. A 16-bit fingerprint of a high-entropy token reveals nothing,
 * but a plain SHA-256 prefix of a password or an e-mail address lets anyone holding the bundle
 * cut a dictionary down 65 536-fold before guessing online. These get the same `[label #xxxx]`
 * form keyed with a per-process random key: equal values still match within one bundle.
 */
const GUESSABLE_LABELS: ReadonlySet<string> = new Set(['password', 'email']);
const PROCESS_KEY = randomBytes(32);

/** The text that replaces `secret`, e.g. `[access-token #3f2a]`. */
export function replacementFor(label: string, secret: string): string {
  if (!GUESSABLE_LABELS.has(label)) return redactionLabel(label, secret);
  const keyed = createHmac('sha256', PROCESS_KEY).update(secret).digest('hex').slice(0, 4);
  return `[${label} #${keyed}]`;
}

const LABEL = /^\[[a-z0-9-]+ #[0-9a-f]{4}\]$/;

/** A value that is already a replacement, so redacting twice changes nothing. */
export function isReplacement(value: string): boolean {
  return LABEL.test(value);
}

/** The same pattern for use inside larger regexes (no anchors, no groups). */
export const REPLACEMENT_SOURCE = String.raw`\[[a-z0-9-]+ #[0-9a-f]{4}\]`;
